package io.entente.node.p2p;

import io.entente.core.CoreLimits;

/**
 * Every limit of the peer-to-peer transport, in one place. Names end with their unit. {@link
 * P2pSettings#defaults()} uses these; tests may pass smaller settings.
 */
public final class P2pLimits {
  private P2pLimits() {}

  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  // Frames
  /**
   * The payload of one data frame. The largest message a node sends is a proposal or a synced
   * block: a certified block plus its envelope (channel, round, justification), well under 1 MiB
   * more than the block.
   */
  public static final int FRAME_BYTES_MAX = CoreLimits.CERTIFIED_BLOCK_BYTES_MAX + MIB;

  /** A hello frame's payload: versions, suite, institution id and key fingerprint. */
  public static final int HELLO_BYTES_MAX = 256;

  /** A goodbye frame's payload: a reason and its detail. */
  public static final int GOODBYE_BYTES_MAX = 2 * KIB;

  // Per-peer outbound queues
  /** Frames waiting to be written to one peer; a send beyond this is refused as queue-full. */
  public static final int PEER_QUEUE_FRAMES_MAX = 4_096;

  /** Payload bytes waiting to be written to one peer (room for a few of the largest frames). */
  public static final long PEER_QUEUE_BYTES_MAX = 4L * FRAME_BYTES_MAX;

  // Peers and connections
  /** Configured peers of one node: peers are few (tens), as validators of its channels. */
  public static final int PEERS_MAX = 256;

  /** Inbound connections between accept and the end of the hello; more are closed at once. */
  public static final int HANDSHAKES_PENDING_MAX = 64;

  /** Certificates a peer may present in its TLS chain (its leaf, perhaps its member CA). */
  public static final int CERTIFICATE_CHAIN_LENGTH_MAX = 4;

  // Time
  /** Opening a TCP connection to a peer. */
  public static final int CONNECT_TIMEOUT_MS = 5_000;

  /** TLS handshake plus hello exchange; a peer that stalls longer is dropped. */
  public static final int HANDSHAKE_TIMEOUT_MS = 10_000;

  /** A writer with nothing to send sends a ping this often, so the peer sees the link alive. */
  public static final int PING_INTERVAL_MS = 5_000;

  /** A connection that receives nothing (not even a ping) for this long is closed. */
  public static final int IDLE_TIMEOUT_MS = 3 * PING_INTERVAL_MS;

  /** How long a closing connection may take to send its goodbye before its socket is closed. */
  public static final int CLOSE_GRACE_MS = 2_000;

  /** How long {@code close()} waits for the network's threads once their sockets are closed. */
  public static final long THREADS_JOIN_MS = 5_000;

  /** The accepting thread's pause after accept itself failed (for example, no file descriptors). */
  public static final long ACCEPT_RETRY_MS = 100;

  /** First reconnect delay; doubled per failed attempt, with jitter. */
  public static final long RECONNECT_DELAY_MS_BASE = 200;

  /** Largest reconnect delay. */
  public static final long RECONNECT_DELAY_MS_MAX = 30_000;
}
