package io.entente.node.consortium;

import io.entente.core.CoreLimits;

/** The limits and defaults of {@code entente init}, in one place. */
public final class ConsortiumLimits {
  private ConsortiumLimits() {}

  /**
   * An institution name: lower-case letters, digits and single hyphens. At most 31 characters, so
   * that a bilateral channel name {@code <lead>--<partner>} fits a 64-byte core identifier.
   */
  public static final int INSTITUTION_NAME_CHARS_MAX = (CoreLimits.IDENTIFIER_BYTES_MAX - 2) / 2;

  /** Partners with generated names {@code partner-a} … {@code partner-z}; named partners too. */
  public static final int PARTNERS_MAX = 26;

  /** Nodes per institution; also bounded by {@link CoreLimits#VALIDATORS_MAX} in governance. */
  public static final int NODES_PER_ORG_MAX = 16;

  /** The lowest base port: ports below 1024 need privileges a node should not have. */
  public static final int PORT_MIN = 1024;

  public static final int PORT_MAX = 65_535;

  /** Each node takes two consecutive ports from the base: p2p, then API. */
  public static final int PORTS_PER_NODE = 2;

  public static final String DEFAULT_LEAD = "lead-bank";
  public static final int DEFAULT_PARTNERS = 3;
  public static final int DEFAULT_NODES_PER_ORG = 2;
  public static final int DEFAULT_BASE_PORT = 7400;

  /** Nodes listen on loopback by default: a fresh consortium is for one machine until moved. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Certificates start this long before "now", so a peer whose clock is behind accepts them. */
  public static final long NOT_BEFORE_SKEW_MS = 60L * 60 * 1000;

  /** Member CA and API CA certificates: ten years (rotation is a governance vote). */
  public static final long CA_VALIDITY_MS = 10L * 365 * 24 * 60 * 60 * 1000;

  /** Node, seal, API and client certificates: two years. */
  public static final long LEAF_VALIDITY_MS = 2L * 365 * 24 * 60 * 60 * 1000;

  /** Generated key passwords and API passwords: 32 random bytes (256 bits), Base64url. */
  public static final int SECRET_BYTES = 32;

  /** Threads that encrypt key files at once (at most one per processor). */
  public static final int KEY_WRITER_THREADS_MAX = 4;

  /** The rules version every genesis starts with. */
  public static final int RULES_VERSION = 1;

  /** A node configuration file is a few kilobytes; anything this large is not one. */
  public static final int NODE_CONFIG_BYTES_MAX = 1024 * 1024;

  /** Peers of one node across its channels (each peer at most once per channel). */
  public static final int PEERS_PER_CHANNEL_MAX = CoreLimits.VALIDATORS_MAX;

  /** Channels a node may be a member of. */
  public static final int CHANNELS_PER_NODE_MAX = 1 + PARTNERS_MAX;
}
