package io.entente.node.consortium;

/**
 * The names of the files {@code entente init} writes (docs/consortium.md shows the tree). Paths in
 * a node configuration are relative to the node's home folder, which holds everything the node
 * needs, so the folder can be copied to the node's machine as it is.
 */
public final class Layout {
  private Layout() {}

  // The consortium folder
  public static final String MANIFEST = "consortium.json";
  public static final String CHANNELS_DIR = "channels";
  public static final String GENESIS_BIN = "genesis.bin";
  public static final String GENESIS_JSON = "genesis.json";
  public static final String GOVERNANCE_STATE_BIN = "governance-state.bin";
  public static final String GOVERNANCE_STATE_JSON = "governance-state.json";

  // An institution's folder
  public static final String CA_DIR = "ca";
  public static final String CA_CERTIFICATE = "ca-cert.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String API_CA_DIR = "api-ca";
  public static final String API_CA_CERTIFICATE = "api-ca-cert.pem";
  public static final String API_CA_KEY = "api-ca-key.pem";
  public static final String ADMIN_DIR = "admin";

  /** The institution's client key and certificate: in its admin folder and in each node's keys. */
  public static final String CLIENT_CERTIFICATE = "client-cert.pem";

  public static final String CLIENT_KEY = "client-key.pem";

  /** The password of the private keys in the same folder: one line, owner-only. */
  public static final String PASSWORD_FILE = "password.txt";

  /**
   * The initial API users' passwords ({@link InitialUser}), shown once: owner-only, to be moved and
   * deleted.
   */
  public static final String ADMIN_CREDENTIALS = "admin-credentials.txt";

  // A node's home folder
  public static final String NODE_CONFIG = "node.json";
  public static final String KEYS_DIR = "keys";
  public static final String TLS_KEY = "tls-key.pem";
  public static final String TLS_CERTIFICATE = "tls-cert.pem";
  public static final String SEAL_KEY = "seal-key.pem";
  public static final String SEAL_CERTIFICATE = "seal-cert.pem";
  public static final String API_KEY = "api-key.pem";
  public static final String API_CERTIFICATE = "api-cert.pem";
  public static final String TRUST_DIR = "trust";
  public static final String NODE_GENESIS_DIR = "genesis";
  public static final String USERS_FILE = "users.json";
  public static final String DATA_DIR = "data";

  /** {@code node-<number>}, inside the institution's folder. */
  public static String nodeFolder(int number) {
    return "node-" + number;
  }

  /** A member CA certificate in a node's trust folder. */
  /** Where a node home keeps every institution's client certificate (transaction submitters). */
  public static final String CLIENTS_DIR = TRUST_DIR + "/clients";

  public static String clientCertificateFile(String institution) {
    return CLIENTS_DIR + "/" + institution + ".pem";
  }

  public static String trustFile(String institution) {
    return TRUST_DIR + "/" + institution + ".pem";
  }

  /** A channel's genesis in a node's home. */
  public static String nodeGenesisFile(String channel) {
    return NODE_GENESIS_DIR + "/" + channel + ".bin";
  }

  /** The governance genesis state in a governance member's home. */
  public static String nodeGovernanceStateFile() {
    return NODE_GENESIS_DIR + "/" + GOVERNANCE_STATE_BIN;
  }

  /** A channel's folder in the consortium folder. */
  public static String channelFolder(String channel) {
    return CHANNELS_DIR + "/" + channel;
  }
}
