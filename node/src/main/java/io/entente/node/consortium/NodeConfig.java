package io.entente.node.consortium;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Genesis;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.GovernanceLimits;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateFormatException;
import io.entente.core.pki.MemberCa;
import io.entente.core.pki.Pem;
import io.entente.core.pki.TrustStore;
import io.entente.node.auth.AuthLimits;
import io.entente.node.keys.KeyFiles;
import io.entente.node.keys.PasswordSource;
import io.entente.node.p2p.NodeIdentity;
import io.entente.node.p2p.PeerConfig;
import io.entente.node.p2p.PeerId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One node's configuration, as {@code entente init} writes it to {@code <node home>/node.json}.
 * Paths are absolute here, resolved against the node's home folder (the file's folder); in the file
 * they are relative to it. {@link #load} checks the file's shape and values; {@link #validate}
 * checks the files it names against each other (certificates against the member CAs, genesis
 * hashes, validator and peer lists against the governance state) without decrypting any key.
 *
 * @param home the node's home folder
 * @param dataDirectory where the node keeps its channels' databases (created by the node)
 * @param p2p where the node listens for its peers
 * @param api where the node serves its HTTPS API
 * @param apiTokenLifetime how long a bearer token the API issues is valid (1 s to {@link
 *     AuthLimits#TOKEN_TTL_MAX}; {@link AuthLimits#TOKEN_TTL_DEFAULT} unless the file says)
 * @param keys its private keys (encrypted PKCS#8), their certificates and their password file
 * @param usersFile the API users of its institution (password hashes only, {@link
 *     io.entente.node.auth.Users} format)
 * @param governanceState the governance genesis state, and its hash in {@code governanceStateHash}
 * @param trust the member CA certificates: TLS trust anchors, each for its institution
 * @param channels the channels this node is a validator of, each with its genesis and its peers
 */
public record NodeConfig(
    Path home,
    String nodeId,
    String institution,
    SuiteId suite,
    Path dataDirectory,
    Endpoint p2p,
    Endpoint api,
    Duration apiTokenLifetime,
    KeyPaths keys,
    Path usersFile,
    Path governanceState,
    Hash governanceStateHash,
    List<TrustAnchor> trust,
    List<ChannelConfig> channels) {

  /** The version of the node.json format this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  /** The shortest API token lifetime: a token must outlive the request it was issued for. */
  public static final Duration TOKEN_LIFETIME_MIN = Duration.ofSeconds(1);

  /** A listening address. */
  public record Endpoint(String host, int port) {
    public Endpoint {
      if (host == null || host.isBlank()) {
        throw new ConfigException("a listen host is empty");
      }
      if (port < 1 || port > ConsortiumLimits.PORT_MAX) {
        throw new ConfigException("port " + port + " is not 1.." + ConsortiumLimits.PORT_MAX);
      }
    }

    public InetSocketAddress address() {
      return new InetSocketAddress(host, port);
    }
  }

  /**
   * The node's keys and certificates. The TLS key authenticates p2p connections; the seal key signs
   * consensus messages (its public key is the validator key in every genesis); the API key is a
   * P-256 key for HTTPS in both suites; the optional client key is the institution's client key
   * (CLIENT certificate from the member CA), with which the node signs the requests its API users
   * send ({@code POST /v1/channels/{channel}/requests}). One password file unlocks them all.
   */
  public record KeyPaths(
      Path passwordFile,
      Path tlsKey,
      Path tlsCertificate,
      Path sealKey,
      Path sealCertificate,
      Path apiKey,
      Path apiCertificate,
      Optional<ClientKey> client) {
    public KeyPaths {
      for (Path path :
          Arrays.asList(
              passwordFile,
              tlsKey,
              tlsCertificate,
              sealKey,
              sealCertificate,
              apiKey,
              apiCertificate)) {
        Objects.requireNonNull(path, "a key path");
      }
      Objects.requireNonNull(client, "client");
    }

    /** A node that does not sign user requests (it holds no client key). */
    public KeyPaths(
        Path passwordFile,
        Path tlsKey,
        Path tlsCertificate,
        Path sealKey,
        Path sealCertificate,
        Path apiKey,
        Path apiCertificate) {
      this(
          passwordFile,
          tlsKey,
          tlsCertificate,
          sealKey,
          sealCertificate,
          apiKey,
          apiCertificate,
          Optional.empty());
    }
  }

  /** The institution's client key (encrypted PKCS#8) and its CLIENT certificate. */
  public record ClientKey(Path key, Path certificate) {
    public ClientKey {
      Objects.requireNonNull(key, "client key");
      Objects.requireNonNull(certificate, "client certificate");
    }
  }

  /** A member CA certificate file and the institution it belongs to. */
  public record TrustAnchor(String institution, Path certificate) {}

  /** A peer in one channel: its identity (institution, TLS key fingerprint) and address. */
  public record Peer(
      String nodeId, String institution, Hash tlsKeyFingerprint, String host, int port) {
    public Peer {
      new Endpoint(host, port);
    }

    public PeerId peerId() {
      return new PeerId(institution, tlsKeyFingerprint);
    }

    public PeerConfig peerConfig() {
      return new PeerConfig(peerId(), new InetSocketAddress(host, port));
    }
  }

  /** A channel this node is a validator of. */
  public record ChannelConfig(
      String name,
      Path genesis,
      Hash genesisHash,
      boolean sealFromEveryInstitution,
      List<Peer> peers) {
    public ChannelConfig {
      peers = List.copyOf(peers);
    }
  }

  public NodeConfig {
    trust = List.copyOf(trust);
    channels = List.copyOf(channels);
    requireIdentifier(nodeId, "nodeId");
    requireIdentifier(institution, "institution");
    Objects.requireNonNull(suite, "suite");
    if (p2p.host().equals(api.host()) && p2p.port() == api.port()) {
      throw new ConfigException("p2p and api listen on the same address " + p2p.address());
    }
    requireTokenLifetime(apiTokenLifetime);
    requireTrust(institution, trust);
    requireChannels(nodeId, trust, channels);
  }

  private static void requireIdentifier(String value, String field) {
    if (value == null
        || value.isEmpty()
        || value.getBytes(StandardCharsets.UTF_8).length > CoreLimits.IDENTIFIER_BYTES_MAX) {
      throw new ConfigException(
          field + " must be 1 to " + CoreLimits.IDENTIFIER_BYTES_MAX + " UTF-8 bytes");
    }
  }

  private static void requireTokenLifetime(Duration lifetime) {
    Objects.requireNonNull(lifetime, "apiTokenLifetime");
    if (lifetime.compareTo(TOKEN_LIFETIME_MIN) < 0
        || lifetime.compareTo(AuthLimits.TOKEN_TTL_MAX) > 0) {
      throw new ConfigException(
          "api.tokenLifetimeSeconds is "
              + lifetime.toSeconds()
              + ", it must be "
              + TOKEN_LIFETIME_MIN.toSeconds()
              + ".."
              + AuthLimits.TOKEN_TTL_MAX.toSeconds());
    }
  }

  private static void requireTrust(String institution, List<TrustAnchor> trust) {
    TreeSet<String> seen = new TreeSet<>();
    for (TrustAnchor anchor : trust) {
      requireIdentifier(anchor.institution(), "trust institution");
      if (!seen.add(anchor.institution())) {
        throw new ConfigException("trust lists institution " + anchor.institution() + " twice");
      }
    }
    if (!seen.contains(institution)) {
      throw new ConfigException("trust must list the node's own institution " + institution);
    }
  }

  private static void requireChannels(
      String nodeId, List<TrustAnchor> trust, List<ChannelConfig> channels) {
    if (channels.isEmpty()) {
      throw new ConfigException("a node is a member of at least one channel");
    }
    TreeSet<String> names = new TreeSet<>();
    TreeSet<String> trusted = new TreeSet<>();
    trust.forEach(anchor -> trusted.add(anchor.institution()));
    for (ChannelConfig channel : channels) {
      requireIdentifier(channel.name(), "channel name");
      if (!names.add(channel.name())) {
        throw new ConfigException("channel " + channel.name() + " is listed twice");
      }
      TreeSet<String> peerIds = new TreeSet<>();
      TreeSet<Hash> peerKeys = new TreeSet<>();
      for (Peer peer : channel.peers()) {
        String where = "channel " + channel.name() + " peer " + peer.nodeId();
        if (peer.nodeId().equals(nodeId)) {
          throw new ConfigException(where + " is this node itself");
        }
        if (!peerIds.add(peer.nodeId()) || !peerKeys.add(peer.tlsKeyFingerprint())) {
          throw new ConfigException(where + " is listed twice (by node id or TLS key)");
        }
        if (!trusted.contains(peer.institution())) {
          throw new ConfigException(
              where + " belongs to " + peer.institution() + ", which has no trusted member CA");
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Loading

  /**
   * Reads and checks {@code file} (a node.json); relative paths are resolved against its folder.
   *
   * @throws ConfigException naming the file and field: unreadable, too large, not JSON, a missing,
   *     mistyped, unknown or out-of-range field, or values that contradict each other
   */
  public static NodeConfig load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    String text;
    try {
      long size = Files.size(absolute);
      if (size > ConsortiumLimits.NODE_CONFIG_BYTES_MAX) {
        throw new ConfigException(
            absolute
                + " is "
                + size
                + " bytes, more than "
                + ConsortiumLimits.NODE_CONFIG_BYTES_MAX);
      }
      text = Files.readString(absolute, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read node configuration " + absolute + ": " + e, e);
    }
    return NodeConfigJson.read(text, absolute.toString(), absolute.getParent());
  }

  /** The JSON text of this configuration, paths relative to {@link #home}. */
  public String toJson() {
    return NodeConfigJson.write(this);
  }

  // -------------------------------------------------------------------------------------------
  // What a node builds from it

  public ChannelConfig channel(String name) {
    return channels.stream()
        .filter(channel -> channel.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new ConfigException("node " + nodeId + " is not a member of " + name));
  }

  public Optional<ChannelConfig> findChannel(String name) {
    return channels.stream().filter(channel -> channel.name().equals(name)).findFirst();
  }

  /** Every peer of every channel, once, in PeerId order: what {@code P2pConfig} takes. */
  public List<PeerConfig> p2pPeers() {
    TreeMap<PeerId, PeerConfig> peers = new TreeMap<>();
    for (ChannelConfig channel : channels) {
      for (Peer peer : channel.peers()) {
        peers.putIfAbsent(peer.peerId(), peer.peerConfig());
      }
    }
    return List.copyOf(peers.values());
  }

  public PasswordSource passwordSource() {
    return PasswordSource.file(keys.passwordFile());
  }

  /** The member CAs of {@link #trust} with the governance state's revocations. */
  public TrustStore trustStore() {
    List<MemberCa> members = new ArrayList<>();
    for (TrustAnchor anchor : trust) {
      members.add(new MemberCa(anchor.institution(), readCertificate(anchor.certificate())));
    }
    return TrustStore.of(suite, members, governanceGenesis().revocations());
  }

  /** The governance genesis state, checked against {@link #governanceStateHash}. */
  public GovernanceGenesis governanceGenesis() {
    GovernanceGenesis state =
        decode(
            governanceState,
            GovernanceLimits.GOVERNANCE_GENESIS_BYTES_MAX,
            "governance state",
            bytes -> GovernanceGenesis.CODEC.decode(bytes));
    if (!state.hash().equals(governanceStateHash)) {
      throw new ConfigException(
          governanceState
              + " hashes to "
              + state.hash().toHex()
              + ", the configuration says "
              + governanceStateHash.toHex());
    }
    return state;
  }

  /** The genesis of channel {@code name}, checked against its configured hash and name. */
  public Genesis genesis(String name) {
    ChannelConfig channel = channel(name);
    Genesis genesis =
        decode(channel.genesis(), CoreLimits.GENESIS_BYTES_MAX, "genesis", Genesis.CODEC::decode);
    if (!genesis.hash().equals(channel.genesisHash())) {
      throw new ConfigException(
          channel.genesis()
              + " hashes to "
              + genesis.hash().toHex()
              + ", the configuration says "
              + channel.genesisHash().toHex());
    }
    if (!genesis.channel().equals(name) || genesis.suite() != suite) {
      throw new ConfigException(
          channel.genesis()
              + " is the genesis of "
              + genesis.channel()
              + " ("
              + genesis.suite().label()
              + "), not of "
              + name
              + " ("
              + suite.label()
              + ")");
    }
    return genesis;
  }

  /** Decrypts the TLS key with the password file: the node's p2p identity. */
  public NodeIdentity nodeIdentity() {
    char[] password = passwordSource().password();
    try {
      PrivateKey key = KeyFiles.read(keys.tlsKey(), password);
      return new NodeIdentity(key, List.of(readCertificate(keys.tlsCertificate())));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Decrypts the seal key with the password file: the node's validator signer. */
  public Signer sealSigner() {
    return KeyFiles.loadSigner(keys.sealKey(), suite, passwordSource());
  }

  /**
   * Decrypts the institution's client key with the password file, if the node has one: the signer
   * of user requests. {@link #clientCertificate()} names it in transactions.
   */
  public Optional<Signer> clientSigner() {
    return keys.client().map(client -> KeyFiles.loadSigner(client.key(), suite, passwordSource()));
  }

  /**
   * The client certificates transactions may be signed under: every {@code .pem} file in the node
   * home's {@link Layout#CLIENTS_DIR}, each a CLIENT certificate of a member institution at {@code
   * atTimeMs}, by certificate id. The institution is the issuing member CA's, never a subject
   * field.
   *
   * @throws ConfigException naming a file that is not such a certificate
   */
  public java.util.SortedMap<io.entente.core.bytes.Hash, ClientCertificate> clientCertificates(
      long atTimeMs) {
    Path directory = home.resolve(Layout.CLIENTS_DIR);
    java.util.TreeMap<io.entente.core.bytes.Hash, ClientCertificate> clients =
        new java.util.TreeMap<>();
    if (!java.nio.file.Files.isDirectory(directory)) {
      return clients;
    }
    TrustStore trust = trustStore();
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pem")).sorted().toList()) {
        Certificate certificate = readCertificate(file);
        io.entente.core.pki.Validation validation =
            trust.validate(certificate, atTimeMs, io.entente.core.pki.Purpose.CLIENT);
        if (!(validation instanceof io.entente.core.pki.Validation.Valid valid)) {
          throw new ConfigException(
              file + " is not a client certificate of a member: " + validation.check());
        }
        clients.put(
            certificate.id(suite),
            new ClientCertificate(
                valid.institutionId(),
                valid.publicKey(),
                io.entente.core.pki.Revocation.of(certificate)));
      }
    } catch (java.io.IOException e) {
      throw new ConfigException("cannot list " + directory + ": " + e.getMessage());
    }
    return clients;
  }

  /**
   * A client certificate's institution, key, and (issuer, serial): the name a revocation would give
   * it.
   */
  public record ClientCertificate(
      String institution,
      io.entente.core.crypto.PublicKey key,
      io.entente.core.pki.Revocation name) {}

  /** The CLIENT certificate of the institution's client key, if the node has one. */
  public Optional<Certificate> clientCertificate() {
    return keys.client().map(client -> readCertificate(client.certificate()));
  }

  /**
   * Checks the files named here against each other at {@code atTimeMs}: see {@link
   * NodeConfigValidator}. Decrypts nothing.
   *
   * @throws ConfigException naming the first file or value that does not fit
   */
  public void validate(long atTimeMs) {
    NodeConfigValidator.validate(this, atTimeMs);
  }

  static Certificate readCertificate(Path file) {
    try {
      if (Files.size(file) > CoreLimits.CERTIFICATE_PEM_CHARS_MAX) {
        throw new ConfigException(file + " is too large to be one PEM certificate");
      }
      return Pem.decode(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new ConfigException("cannot read certificate " + file + ": " + e, e);
    } catch (CertificateFormatException e) {
      throw new ConfigException(file + " is not a usable certificate: " + e.getMessage(), e);
    }
  }

  interface Decoder<T> {
    T decode(Bytes bytes);
  }

  static <T> T decode(Path file, int maxBytes, String what, Decoder<T> decoder) {
    try {
      if (Files.size(file) > maxBytes) {
        throw new ConfigException(
            file + " is larger than any " + what + " (" + maxBytes + " bytes)");
      }
      return decoder.decode(Bytes.wrapUnsafe(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new ConfigException("cannot read " + what + " " + file + ": " + e, e);
    } catch (CodecException e) {
      throw new ConfigException(file + " is not a valid " + what + ": " + e.getMessage(), e);
    }
  }
}
