package io.entente.node.consortium;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.GovernanceAnchor;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.SuiteId;
import io.entente.core.governance.ChannelDefinition;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.Member;
import io.entente.core.governance.NodeEntry;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateProfile;
import io.entente.core.pki.CertificateTemplate;
import io.entente.core.pki.Certificates;
import io.entente.core.pki.Issuer;
import io.entente.core.pki.Pem;
import io.entente.node.auth.AuthLimits;
import io.entente.node.auth.PasswordHash;
import io.entente.node.auth.User;
import io.entente.node.auth.Users;
import io.entente.node.consortium.ConsortiumSpec.ChannelSpec;
import io.entente.node.consortium.ConsortiumSpec.NodeSpec;
import io.entente.node.keys.KeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a whole consortium into an empty folder: per institution its CAs, client key and API users
 * ({@link InitialUser}); per node its keys, a copy of the institution's client key, certificates,
 * copies of the member CAs and genesis files, users file and configuration; per channel its
 * genesis; the governance state; and the manifest. {@link ConsortiumWriter} calls it on a temporary
 * folder and moves the result into place.
 */
final class ConsortiumGenerator {
  private final ConsortiumSpec spec;
  private final Path root;
  private final SecureRandom random;
  private final CryptoSuite crypto;
  private final long nowMs;
  private final Map<String, Institution> institutions = new LinkedHashMap<>();
  private final Map<String, NodeKeys> nodes = new LinkedHashMap<>();
  private final Map<String, Genesis> geneses = new LinkedHashMap<>();
  private final List<KeyFile> keyFiles = new ArrayList<>();

  /** A private key to encrypt into a file: queued, then written on several threads. */
  private record KeyFile(Path file, KeyPair key, String password) {}

  /**
   * An institution's CAs, its client key and certificate (copied into each of its nodes, so they
   * can sign user requests) and its API users (password hashes only).
   */
  private record Institution(
      String id,
      Issuer ca,
      Issuer apiCa,
      KeyPair clientKey,
      Certificate clientCertificate,
      List<User> users) {}

  /** A node's public keys and certificates (private keys are only on disk, encrypted). */
  private record NodeKeys(
      NodeSpec spec,
      Certificate tlsCertificate,
      Certificate sealCertificate,
      Certificate apiCertificate,
      Hash tlsKeyFingerprint,
      Validator validator) {}

  ConsortiumGenerator(ConsortiumSpec spec, Path root, long nowMs, SecureRandom random) {
    this.spec = spec;
    this.root = root;
    this.nowMs = nowMs;
    this.random = random;
    this.crypto = CryptoSuite.of(spec.suite());
  }

  ConsortiumWriter.Result generate() throws IOException {
    for (String institution : spec.institutions()) {
      institutions.put(institution, institution(institution));
    }
    for (NodeSpec node : spec.nodes()) {
      nodes.put(node.nodeId(), nodeKeys(node));
    }
    for (ChannelSpec channel : spec.channels()) {
      geneses.put(channel.name(), genesis(channel));
    }
    GovernanceGenesis state = governanceState();
    for (NodeSpec node : spec.nodes()) {
      nodeHome(node, state);
    }
    writeKeyFiles();
    String manifest = ConsortiumManifest.write(spec, this::genesisOf, state, this::nodeInfo);
    ConsortiumFiles.writePublic(root.resolve(Layout.MANIFEST), manifest);
    List<ConsortiumWriter.ChannelResult> channels = new ArrayList<>();
    for (Genesis genesis : geneses.values()) {
      channels.add(
          new ConsortiumWriter.ChannelResult(
              genesis.channel(), genesis.hash(), genesis.validators().size()));
    }
    return new ConsortiumWriter.Result(root, spec, List.copyOf(channels), state.hash());
  }

  private Genesis genesisOf(String channel) {
    return geneses.get(channel);
  }

  private ConsortiumManifest.NodeInfo nodeInfo(String nodeId) {
    NodeKeys keys = nodes.get(nodeId);
    return new ConsortiumManifest.NodeInfo(keys.tlsKeyFingerprint(), keys.validator());
  }

  // -------------------------------------------------------------------------------------------
  // Institutions

  private Institution institution(String id) throws IOException {
    Path folder = root.resolve(id);
    String caPassword = secret();
    Issuer ca =
        selfSignedCa(
            crypto,
            "CN=" + id + " CA,O=" + id,
            folder.resolve(Layout.CA_DIR),
            Layout.CA_KEY,
            Layout.CA_CERTIFICATE,
            caPassword);
    // The API CA is P-256 in both suites: browsers do not speak SM2 TLS.
    Issuer apiCa =
        selfSignedCa(
            CryptoSuite.of(SuiteId.STANDARD),
            "CN=" + id + " API CA,O=" + id,
            folder.resolve(Layout.API_CA_DIR),
            Layout.API_CA_KEY,
            Layout.API_CA_CERTIFICATE,
            secret());
    Path admin = folder.resolve(Layout.ADMIN_DIR);
    String adminPassword = secret();
    KeyPair clientKey = crypto.generateKeyPair(random);
    Certificate client =
        Certificates.issue(
            ca,
            leafTemplate("CN=" + id + " admin,O=" + id, clientKey, CertificateProfile.CLIENT),
            random);
    writeKey(admin.resolve(Layout.CLIENT_KEY), clientKey, adminPassword);
    ConsortiumFiles.writePublic(admin.resolve(Layout.CLIENT_CERTIFICATE), Pem.encode(client));
    ConsortiumFiles.writeSecret(admin.resolve(Layout.PASSWORD_FILE), adminPassword + "\n");
    List<User> users = new ArrayList<>();
    Map<InitialUser, String> passwords = new LinkedHashMap<>();
    for (InitialUser initial : InitialUser.ALL) {
      String password = secret();
      char[] chars = password.toCharArray();
      try {
        users.add(
            new User(
                initial.username(),
                id,
                initial.roles(),
                PasswordHash.create(chars, random, spec.keyIterations())));
      } finally {
        Arrays.fill(chars, '\0');
      }
      passwords.put(initial, password);
    }
    ConsortiumFiles.writeSecret(
        folder.resolve(Layout.ADMIN_CREDENTIALS), credentials(id, passwords));
    return new Institution(id, ca, apiCa, clientKey, client, List.copyOf(users));
  }

  private Issuer selfSignedCa(
      CryptoSuite suite,
      String subject,
      Path folder,
      String keyFile,
      String certificateFile,
      String password)
      throws IOException {
    CertificateIssuing.Ca ca = CertificateIssuing.selfSignedCa(suite, subject, nowMs, random);
    writeKey(folder.resolve(keyFile), ca.key(), password);
    ConsortiumFiles.writePublic(
        folder.resolve(certificateFile), Pem.encode(ca.issuer().certificate()));
    ConsortiumFiles.writeSecret(folder.resolve(Layout.PASSWORD_FILE), password + "\n");
    return ca.issuer();
  }

  /**
   * The credentials file: {@code key=value} lines (readable as Java properties), one block per
   * initial user, {@code <username>.roles} and {@code <username>.password}.
   */
  private String credentials(String institution, Map<InitialUser, String> passwords) {
    StringBuilder apis = new StringBuilder();
    for (NodeSpec node : spec.nodesOf(institution)) {
      apis.append(apis.length() == 0 ? "" : " ")
          .append("https://")
          .append(spec.host())
          .append(':')
          .append(node.apiPort())
          .append("/v1");
    }
    StringBuilder text =
        new StringBuilder()
            .append("# Entente: the initial API users of ")
            .append(institution)
            .append(", shown once. Keep each password in a password\n")
            .append("# manager or the core system's secret store, then delete this file. The")
            .append(" nodes store\n# only PBKDF2 hashes of them (users.json).\n")
            .append("institution=")
            .append(institution)
            .append("\napi=")
            .append(apis)
            .append("\napi-ca=")
            .append(Layout.API_CA_DIR)
            .append('/')
            .append(Layout.API_CA_CERTIFICATE)
            .append('\n');
    passwords.forEach(
        (user, password) ->
            text.append("\n# ")
                .append(user.purpose())
                .append('\n')
                .append(user.username())
                .append(".roles=")
                .append(user.roleLabels())
                .append('\n')
                .append(user.username())
                .append(".password=")
                .append(password)
                .append('\n'));
    return text.toString();
  }

  // -------------------------------------------------------------------------------------------
  // Nodes

  private NodeKeys nodeKeys(NodeSpec node) throws IOException {
    Institution institution = institutions.get(node.institution());
    Path keys = nodeHome(node).resolve(Layout.KEYS_DIR);
    String password = secret();
    String subject = "CN=" + node.nodeId() + ",O=" + node.institution();
    KeyPair tls = crypto.generateKeyPair(random);
    Certificate tlsCertificate =
        Certificates.issue(
            institution.ca(), leafTemplate(subject, tls, CertificateProfile.NODE), random);
    KeyPair seal = crypto.generateKeyPair(random);
    Certificate sealCertificate =
        Certificates.issue(
            institution.ca(),
            leafTemplate(
                "CN=" + node.nodeId() + " seal,O=" + node.institution(),
                seal,
                CertificateProfile.NODE),
            random);
    KeyPair api = CryptoSuite.of(SuiteId.STANDARD).generateKeyPair(random);
    Certificate apiCertificate =
        ApiCertificates.issueServer(
            institution.apiCa().signer(),
            institution.apiCa().certificate(),
            api.publicKey(),
            "CN=" + node.nodeId() + " API,O=" + node.institution(),
            spec.host(),
            nowMs - ConsortiumLimits.NOT_BEFORE_SKEW_MS,
            nowMs + ConsortiumLimits.LEAF_VALIDITY_MS,
            random);
    writeKey(keys.resolve(Layout.TLS_KEY), tls, password);
    writeKey(keys.resolve(Layout.SEAL_KEY), seal, password);
    writeKey(keys.resolve(Layout.API_KEY), api, password);
    // The institution's client key, under this node's password, to sign its users' requests.
    writeKey(keys.resolve(Layout.CLIENT_KEY), institution.clientKey(), password);
    ConsortiumFiles.writePublic(
        keys.resolve(Layout.CLIENT_CERTIFICATE), Pem.encode(institution.clientCertificate()));
    ConsortiumFiles.writePublic(keys.resolve(Layout.TLS_CERTIFICATE), Pem.encode(tlsCertificate));
    ConsortiumFiles.writePublic(keys.resolve(Layout.SEAL_CERTIFICATE), Pem.encode(sealCertificate));
    ConsortiumFiles.writePublic(keys.resolve(Layout.API_CERTIFICATE), Pem.encode(apiCertificate));
    ConsortiumFiles.writeSecret(keys.resolve(Layout.PASSWORD_FILE), password + "\n");
    return new NodeKeys(
        node,
        tlsCertificate,
        sealCertificate,
        apiCertificate,
        crypto.fingerprint(tls.publicKey()),
        new Validator(node.institution(), seal.publicKey()));
  }

  private Path nodeHome(NodeSpec node) {
    return root.resolve(node.institution()).resolve(node.folder());
  }

  private CertificateTemplate leafTemplate(
      String subject, KeyPair key, CertificateProfile profile) {
    return CertificateIssuing.leafTemplate(subject, key, profile, nowMs);
  }

  private void writeKey(Path file, KeyPair key, String password) {
    keyFiles.add(new KeyFile(file, key, password));
  }

  /**
   * Encrypts the queued keys, several at once: each key file costs {@link
   * ConsortiumSpec#keyIterations()} PBKDF2 iterations (about half a second at the default 600,000),
   * and a default consortium has 44 of them.
   */
  private void writeKeyFiles() throws IOException {
    int threads =
        Math.min(
            ConsortiumLimits.KEY_WRITER_THREADS_MAX, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (KeyFile keyFile : keyFiles) {
        writes.add(pool.submit(() -> writeKeyFile(keyFile)));
      }
      for (Future<?> write : writes) {
        await(write);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Void writeKeyFile(KeyFile keyFile) throws IOException {
    Files.createDirectories(keyFile.file().getParent());
    char[] secret = keyFile.password().toCharArray();
    try {
      KeyFiles.write(
          keyFile.file(), keyFile.key().privateKey(), secret, random, spec.keyIterations());
    } finally {
      Arrays.fill(secret, '\0');
    }
    return null;
  }

  private static void await(Future<?> write) throws IOException {
    try {
      write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing key files", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException("cannot write a key file", e.getCause());
    }
  }

  /** 256 random bits, Base64url without padding: a password for a key file or a user. */
  private String secret() {
    return CertificateIssuing.secret(random);
  }

  // -------------------------------------------------------------------------------------------
  // Channels and governance

  private Genesis genesis(ChannelSpec channel) throws IOException {
    List<Validator> validators = new ArrayList<>();
    for (NodeKeys node : nodes.values()) {
      if (channel.institutions().contains(node.spec().institution())) {
        validators.add(node.validator());
      }
    }
    // Every channel but governance itself imports governance decisions, checked against the
    // governance genesis set (the governance channel is the first of spec.channels()).
    Optional<GovernanceAnchor> anchor =
        channel.name().equals(ConsortiumSpec.GOVERNANCE_CHANNEL)
            ? Optional.empty()
            : Optional.of(governanceAnchor());
    Genesis genesis =
        new Genesis(
            channel.name(),
            spec.suite(),
            nowMs,
            ConsortiumLimits.RULES_VERSION,
            ValidatorSet.of(validators),
            channel.sealFromEveryInstitution(),
            anchor);
    Path folder = root.resolve(Layout.channelFolder(channel.name()));
    ConsortiumFiles.writePublic(
        folder.resolve(Layout.GENESIS_BIN), Genesis.CODEC.encode(genesis).toByteArray());
    ConsortiumFiles.writePublic(
        folder.resolve(Layout.GENESIS_JSON), ConsortiumJson.genesis(genesis, this::nodeIdOf));
    return genesis;
  }

  private GovernanceAnchor governanceAnchor() {
    Genesis governance = geneses.get(ConsortiumSpec.GOVERNANCE_CHANNEL);
    if (governance == null) {
      throw new IllegalStateException("the governance channel's genesis comes first");
    }
    return new GovernanceAnchor(
        governance.channel(), governance.validators(), governance.sealFromEveryInstitution());
  }

  private String nodeIdOf(Validator validator) {
    for (NodeKeys node : nodes.values()) {
      if (node.validator().equals(validator)) {
        return node.spec().nodeId();
      }
    }
    throw new IllegalStateException("a validator without a node: " + validator);
  }

  private GovernanceGenesis governanceState() throws IOException {
    List<Member> members = new ArrayList<>();
    for (Institution institution : institutions.values()) {
      members.add(
          new Member(
              institution.id(), spec.role(institution.id()), institution.ca().certificate()));
    }
    List<NodeEntry> entries = new ArrayList<>();
    for (NodeKeys node : nodes.values()) {
      entries.add(
          new NodeEntry(
              node.spec().nodeId(),
              node.spec().institution(),
              node.tlsKeyFingerprint(),
              node.validator().key()));
    }
    List<ChannelDefinition> channels = new ArrayList<>();
    for (ChannelSpec channel : spec.channels()) {
      channels.add(
          new ChannelDefinition(
              channel.name(), channel.institutions(), geneses.get(channel.name()).hash()));
    }
    GovernanceGenesis state =
        new GovernanceGenesis(spec.suite(), members, entries, List.of(), channels);
    Path folder = root.resolve(Layout.channelFolder(ConsortiumSpec.GOVERNANCE_CHANNEL));
    ConsortiumFiles.writePublic(
        folder.resolve(Layout.GOVERNANCE_STATE_BIN),
        GovernanceGenesis.CODEC.encode(state).toByteArray());
    ConsortiumFiles.writePublic(
        folder.resolve(Layout.GOVERNANCE_STATE_JSON), ConsortiumJson.governanceState(state));
    return state;
  }

  // -------------------------------------------------------------------------------------------
  // A node's home: everything it needs, so the folder can be copied to its machine as it is.

  private void nodeHome(NodeSpec node, GovernanceGenesis state) throws IOException {
    Path home = nodeHome(node);
    List<NodeConfig.TrustAnchor> trust = new ArrayList<>();
    for (Institution institution : institutions.values()) {
      Path file = home.resolve(Layout.trustFile(institution.id()));
      ConsortiumFiles.writePublic(file, Pem.encode(institution.ca().certificate()));
      trust.add(new NodeConfig.TrustAnchor(institution.id(), file));
      ConsortiumFiles.writePublic(
          home.resolve(Layout.clientCertificateFile(institution.id())),
          Pem.encode(institution.clientCertificate()));
    }
    Path stateFile = home.resolve(Layout.nodeGovernanceStateFile());
    ConsortiumFiles.writePublic(stateFile, GovernanceGenesis.CODEC.encode(state).toByteArray());
    List<NodeConfig.ChannelConfig> channels = new ArrayList<>();
    for (ChannelSpec channel : spec.channelsOf(node.institution())) {
      Genesis genesis = geneses.get(channel.name());
      Path file = home.resolve(Layout.nodeGenesisFile(channel.name()));
      ConsortiumFiles.writePublic(file, Genesis.CODEC.encode(genesis).toByteArray());
      channels.add(
          new NodeConfig.ChannelConfig(
              channel.name(),
              file,
              genesis.hash(),
              channel.sealFromEveryInstitution(),
              peers(node, channel)));
    }
    Path users = home.resolve(Layout.USERS_FILE);
    Institution institution = institutions.get(node.institution());
    ConsortiumFiles.writeSecret(users, Users.toJson(institution.id(), institution.users()));
    Path keys = home.resolve(Layout.KEYS_DIR);
    NodeConfig config =
        new NodeConfig(
            home,
            node.nodeId(),
            node.institution(),
            spec.suite(),
            home.resolve(Layout.DATA_DIR),
            new NodeConfig.Endpoint(spec.host(), node.p2pPort()),
            new NodeConfig.Endpoint(spec.host(), node.apiPort()),
            AuthLimits.TOKEN_TTL_DEFAULT,
            new NodeConfig.KeyPaths(
                keys.resolve(Layout.PASSWORD_FILE),
                keys.resolve(Layout.TLS_KEY),
                keys.resolve(Layout.TLS_CERTIFICATE),
                keys.resolve(Layout.SEAL_KEY),
                keys.resolve(Layout.SEAL_CERTIFICATE),
                keys.resolve(Layout.API_KEY),
                keys.resolve(Layout.API_CERTIFICATE),
                Optional.of(
                    new NodeConfig.ClientKey(
                        keys.resolve(Layout.CLIENT_KEY), keys.resolve(Layout.CLIENT_CERTIFICATE)))),
            users,
            stateFile,
            state.hash(),
            trust,
            channels);
    ConsortiumFiles.writePublic(home.resolve(Layout.NODE_CONFIG), config.toJson());
  }

  /** The other validators' nodes of {@code channel}, in port order. */
  private List<NodeConfig.Peer> peers(NodeSpec self, ChannelSpec channel) {
    List<NodeConfig.Peer> peers = new ArrayList<>();
    for (NodeKeys node : nodes.values()) {
      NodeSpec other = node.spec();
      if (!other.nodeId().equals(self.nodeId())
          && channel.institutions().contains(other.institution())) {
        peers.add(
            new NodeConfig.Peer(
                other.nodeId(),
                other.institution(),
                node.tlsKeyFingerprint(),
                spec.host(),
                other.p2pPort()));
      }
    }
    return peers;
  }
}
