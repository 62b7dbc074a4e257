package io.entente.node.consortium;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.SuiteId;
import io.entente.node.auth.AuthLimits;
import io.entente.node.consortium.NodeConfig.ChannelConfig;
import io.entente.node.consortium.NodeConfig.ClientKey;
import io.entente.node.consortium.NodeConfig.Endpoint;
import io.entente.node.consortium.NodeConfig.KeyPaths;
import io.entente.node.consortium.NodeConfig.Peer;
import io.entente.node.consortium.NodeConfig.TrustAnchor;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** node.json: reading with strict checks, and writing with paths relative to the node's home. */
final class NodeConfigJson {
  private NodeConfigJson() {}

  /** Optional in {@code api}; {@link AuthLimits#TOKEN_TTL_DEFAULT} when absent. */
  static final String TOKEN_LIFETIME_FIELD = "tokenLifetimeSeconds";

  /** Optional in {@code keys}, both or neither. */
  static final String CLIENT_KEY_FIELD = "clientKey";

  static final String CLIENT_CERTIFICATE_FIELD = "clientCertificate";

  static NodeConfig read(String text, String file, Path home) {
    JsonFields root = JsonFields.parse(text, file);
    int version = root.integer("formatVersion", 1, Integer.MAX_VALUE);
    if (version != NodeConfig.FORMAT_VERSION) {
      throw new ConfigException(
          file
              + ": formatVersion "
              + version
              + " is not supported; this build reads version "
              + NodeConfig.FORMAT_VERSION);
    }
    SuiteId suite;
    try {
      suite = SuiteId.fromLabel(root.string("suite"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": suite: " + e.getMessage());
    }
    String nodeId = root.string("nodeId");
    String institution = root.string("institution");
    Path data = path(root, "dataDirectory", home);
    JsonFields p2pFields = root.object("p2p");
    Endpoint p2p = endpoint(p2pFields);
    p2pFields.noOtherFields();
    JsonFields apiFields = root.object("api");
    Endpoint api = endpoint(apiFields);
    Duration tokenLifetime =
        apiFields.has(TOKEN_LIFETIME_FIELD)
            ? Duration.ofSeconds(
                apiFields.integer(
                    TOKEN_LIFETIME_FIELD,
                    (int) NodeConfig.TOKEN_LIFETIME_MIN.toSeconds(),
                    (int) AuthLimits.TOKEN_TTL_MAX.toSeconds()))
            : AuthLimits.TOKEN_TTL_DEFAULT;
    apiFields.noOtherFields();
    KeyPaths keys = keys(root.object("keys"), home);
    Path users = path(root, "usersFile", home);
    JsonFields governance = root.object("governanceState");
    Path stateFile = path(governance, "file", home);
    Hash stateHash = hash(governance, "hash");
    governance.noOtherFields();
    List<TrustAnchor> trust = new ArrayList<>();
    for (JsonFields anchor : root.objects("trust", ConsortiumLimits.PARTNERS_MAX + 1)) {
      trust.add(new TrustAnchor(anchor.string("institution"), path(anchor, "certificate", home)));
      anchor.noOtherFields();
    }
    List<ChannelConfig> channels = new ArrayList<>();
    for (JsonFields channel : root.objects("channels", ConsortiumLimits.CHANNELS_PER_NODE_MAX)) {
      channels.add(channel(channel, home));
    }
    root.noOtherFields();
    try {
      return new NodeConfig(
          home,
          nodeId,
          institution,
          suite,
          data,
          p2p,
          api,
          tokenLifetime,
          keys,
          users,
          stateFile,
          stateHash,
          trust,
          channels);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** The host and port of {@code fields}; the caller checks for other fields. */
  private static Endpoint endpoint(JsonFields fields) {
    return new Endpoint(
        fields.string("host"), fields.integer("port", 1, ConsortiumLimits.PORT_MAX));
  }

  private static KeyPaths keys(JsonFields fields, Path home) {
    Optional<ClientKey> client = Optional.empty();
    boolean hasKey = fields.has(CLIENT_KEY_FIELD);
    if (hasKey != fields.has(CLIENT_CERTIFICATE_FIELD)) {
      throw new ConfigException(
          fields.where()
              + ": give both "
              + CLIENT_KEY_FIELD
              + " and "
              + CLIENT_CERTIFICATE_FIELD
              + ", or neither (a node without them does not sign user requests)");
    }
    if (hasKey) {
      client =
          Optional.of(
              new ClientKey(
                  path(fields, CLIENT_KEY_FIELD, home),
                  path(fields, CLIENT_CERTIFICATE_FIELD, home)));
    }
    KeyPaths keys =
        new KeyPaths(
            path(fields, "passwordFile", home),
            path(fields, "tlsKey", home),
            path(fields, "tlsCertificate", home),
            path(fields, "sealKey", home),
            path(fields, "sealCertificate", home),
            path(fields, "apiKey", home),
            path(fields, "apiCertificate", home),
            client);
    fields.noOtherFields();
    return keys;
  }

  private static ChannelConfig channel(JsonFields fields, Path home) {
    String name = fields.string("name");
    Path genesis = path(fields, "genesis", home);
    Hash genesisHash = hash(fields, "genesisHash");
    boolean everyInstitution = fields.bool("sealFromEveryInstitution");
    List<Peer> peers = new ArrayList<>();
    for (JsonFields peer : fields.objects("peers", ConsortiumLimits.PEERS_PER_CHANNEL_MAX)) {
      peers.add(
          new Peer(
              peer.string("nodeId"),
              peer.string("institution"),
              hash(peer, "tlsKeyFingerprint"),
              peer.string("host"),
              peer.integer("port", 1, ConsortiumLimits.PORT_MAX)));
      peer.noOtherFields();
    }
    fields.noOtherFields();
    return new ChannelConfig(name, genesis, genesisHash, everyInstitution, peers);
  }

  private static Path path(JsonFields fields, String field, Path home) {
    String text = fields.string(field);
    try {
      return home.resolve(text).normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException(fields.where() + "." + field + " is not a valid path: " + text);
    }
  }

  private static Hash hash(JsonFields fields, String field) {
    String text = fields.string(field);
    if (!text.matches("[0-9a-f]{64}")) {
      throw new ConfigException(
          fields.where() + "." + field + " must be 64 lower-case hex digits (a 32-byte hash)");
    }
    return Hash.fromHex(text);
  }

  // -------------------------------------------------------------------------------------------

  static String write(NodeConfig config) {
    Path home = config.home();
    ObjectNode root = JsonFields.object();
    root.put("formatVersion", NodeConfig.FORMAT_VERSION);
    root.put("nodeId", config.nodeId());
    root.put("institution", config.institution());
    root.put("suite", config.suite().label());
    root.put("dataDirectory", relative(home, config.dataDirectory()));
    root.set("p2p", endpoint(config.p2p()));
    root.set(
        "api",
        endpoint(config.api()).put(TOKEN_LIFETIME_FIELD, config.apiTokenLifetime().toSeconds()));
    ObjectNode keys = root.putObject("keys");
    KeyPaths paths = config.keys();
    keys.put("passwordFile", relative(home, paths.passwordFile()));
    keys.put("tlsKey", relative(home, paths.tlsKey()));
    keys.put("tlsCertificate", relative(home, paths.tlsCertificate()));
    keys.put("sealKey", relative(home, paths.sealKey()));
    keys.put("sealCertificate", relative(home, paths.sealCertificate()));
    keys.put("apiKey", relative(home, paths.apiKey()));
    keys.put("apiCertificate", relative(home, paths.apiCertificate()));
    paths
        .client()
        .ifPresent(
            client ->
                keys.put(CLIENT_KEY_FIELD, relative(home, client.key()))
                    .put(CLIENT_CERTIFICATE_FIELD, relative(home, client.certificate())));
    root.put("usersFile", relative(home, config.usersFile()));
    ObjectNode governance = root.putObject("governanceState");
    governance.put("file", relative(home, config.governanceState()));
    governance.put("hash", config.governanceStateHash().toHex());
    ArrayNode trust = root.putArray("trust");
    for (TrustAnchor anchor : config.trust()) {
      trust
          .addObject()
          .put("institution", anchor.institution())
          .put("certificate", relative(home, anchor.certificate()));
    }
    ArrayNode channels = root.putArray("channels");
    for (ChannelConfig channel : config.channels()) {
      ObjectNode entry = channels.addObject();
      entry.put("name", channel.name());
      entry.put("genesis", relative(home, channel.genesis()));
      entry.put("genesisHash", channel.genesisHash().toHex());
      entry.put("sealFromEveryInstitution", channel.sealFromEveryInstitution());
      ArrayNode peers = entry.putArray("peers");
      for (Peer peer : channel.peers()) {
        peers
            .addObject()
            .put("nodeId", peer.nodeId())
            .put("institution", peer.institution())
            .put("tlsKeyFingerprint", peer.tlsKeyFingerprint().toHex())
            .put("host", peer.host())
            .put("port", peer.port());
      }
    }
    return JsonFields.write(root);
  }

  private static ObjectNode endpoint(Endpoint endpoint) {
    return JsonFields.object().put("host", endpoint.host()).put("port", endpoint.port());
  }

  /** Relative to the home with '/' separators when inside it; absolute otherwise. */
  static String relative(Path home, Path path) {
    Path normalized = path.toAbsolutePath().normalize();
    Path base = home.toAbsolutePath().normalize();
    if (!normalized.startsWith(base)) {
      return normalized.toString();
    }
    List<String> parts = new ArrayList<>();
    base.relativize(normalized).forEach(part -> parts.add(part.toString()));
    return String.join("/", parts);
  }
}
