package io.entente.node.p2p;

/**
 * The stable reasons for refusing a connection or closing one, counted in {@link P2pMetrics}.
 * Certificate rejections use the reasons of {@link io.entente.core.pki.CertificateReasons} as they
 * are (unknown-issuer, revoked, expired, …).
 */
public final class P2pReasons {
  private P2pReasons() {}

  // Refusals while connecting
  /** A TLS client presented no certificate. */
  public static final String NO_CLIENT_CERTIFICATE = "no-client-certificate";

  /** A TLS server presented no certificate. */
  public static final String NO_SERVER_CERTIFICATE = "no-server-certificate";

  /** A valid member certificate, but its node key is not one of this node's peers. */
  public static final String UNKNOWN_PEER = "unknown-peer";

  /**
   * A valid member certificate of another identity than expected: the dialled peer answered with
   * another node key, or a configured node key was certified by another institution's CA.
   */
  public static final String PEER_MISMATCH = "peer-mismatch";

  /**
   * The TLS handshake failed for another reason: an alert from the peer, a timeout, a bad proof.
   */
  public static final String TLS_FAILED = "tls-failed";

  /** The peer's hello is missing or does not decode. */
  public static final String HELLO_MALFORMED = "hello-malformed";

  /** The peer's hello claims another identity or suite than its TLS certificate proves. */
  public static final String HELLO_MISMATCH = "hello-mismatch";

  /** The two version ranges do not overlap. */
  public static final String NO_COMMON_VERSION = "no-common-version";

  /** Too many inbound connections were between accept and hello. */
  public static final String TOO_MANY_HANDSHAKES = "too-many-handshakes";

  // Closes of established connections
  /** A frame longer than the limit (its body is never read). */
  public static final String FRAME_OVERSIZED = "frame-oversized";

  /** A frame that does not follow the format: empty, of an unknown kind, or out of place. */
  public static final String FRAME_MALFORMED = "frame-malformed";

  /** Nothing, not even a ping, arrived for the idle timeout. */
  public static final String IDLE_TIMEOUT = "idle-timeout";

  /** The peer said goodbye (its reason follows in the detail). */
  public static final String REMOTE_GOODBYE = "remote-goodbye";

  /** The connection broke (reset, end of stream, TLS error). */
  public static final String CONNECTION_LOST = "connection-lost";

  /** A newer authenticated connection of the same peer took its place. */
  public static final String REPLACED = "replaced";

  /** This node is shutting down. */
  public static final String SHUTDOWN = "shutdown";
}
