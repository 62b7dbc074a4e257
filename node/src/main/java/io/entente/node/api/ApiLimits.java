package io.entente.node.api;

import io.entente.core.CoreLimits;
import io.entente.node.auth.AuthLimits;
import java.time.Duration;

/** Every limit and timeout of the HTTPS API, in one place. Names end with their unit. */
public final class ApiLimits {
  private ApiLimits() {}

  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  // Request sizes: a body over its route's limit gets 413 before it is parsed.
  /** Request line and headers together. */
  public static final int REQUEST_HEADER_BYTES_MAX = 16 * KIB;

  /** Small JSON bodies: logins. */
  public static final int SMALL_BODY_BYTES_MAX = 16 * KIB;

  /**
   * Pre-signed transactions as base64 in JSON: one transaction at its limit ({@link
   * CoreLimits#TX_BYTES_MAX}, about 8 MiB) is about 11 MiB in base64, with room for the JSON.
   */
  public static final int SUBMIT_BODY_BYTES_MAX = 16 * MIB;

  /** Transactions in one submission (a list of pre-signed transactions). */
  public static final int SUBMIT_TRANSACTIONS_MAX = 256;

  /** A user request: its payload in base64 or JSON, with room for the other fields. */
  public static final int USER_REQUEST_BODY_BYTES_MAX = 12 * MIB;

  /**
   * The content of a user request, before the node wraps it with the user's name and role: a
   * transaction payload less room for that wrapper.
   */
  public static final int USER_REQUEST_CONTENT_BYTES_MAX =
      CoreLimits.USER_REQUEST_CONTENT_BYTES_MAX;

  /**
   * A user's idempotency key; the node prefixes it with {@code <username>:} so that two users of
   * one institution cannot collide, and the result must fit {@link
   * CoreLimits#IDEMPOTENCY_KEY_BYTES_MAX}.
   */
  public static final int USER_IDEMPOTENCY_KEY_BYTES_MAX =
      CoreLimits.IDEMPOTENCY_KEY_BYTES_MAX - AuthLimits.USERNAME_CHARS_MAX - 1;

  /** How long a node-signed request stays valid unless the request asks otherwise. */
  public static final Duration USER_REQUEST_VALIDITY_DEFAULT = Duration.ofMinutes(10);

  /**
   * A node-signed request is valid from this long before the node's clock, so that a proposer whose
   * clock is a little behind still finds it valid.
   */
  public static final Duration USER_REQUEST_BACKDATE = Duration.ofMinutes(1);

  /** The longest validity a user request may ask for: the core's window less the backdating. */
  public static final Duration USER_REQUEST_VALIDITY_MAX =
      Duration.ofMillis(CoreLimits.TX_VALIDITY_MS_MAX).minus(USER_REQUEST_BACKDATE);

  /**
   * A co-lending attestation request: up to {@link #ATTESTATION_RECORDS_MAX} records as JSON of
   * about 600 bytes each. Its encoded content must still fit {@link
   * #USER_REQUEST_CONTENT_BYTES_MAX}.
   */
  public static final int ATTESTATION_BODY_BYTES_MAX = 8 * MIB;

  /** Records in one co-lending attestation request (one transaction, all or none). */
  public static final int ATTESTATION_RECORDS_MAX = 10_000;

  /**
   * Requests reading (and working on) a body over {@link #SMALL_BODY_BYTES_MAX} at once. One such
   * request can take about 100 MB (an attestation body becomes a JSON tree, CSV text and parsed
   * records); more get 503 {@code busy} with Retry-After instead of the heap.
   */
  public static final int LARGE_BODIES_CONCURRENT_MAX = 4;

  // Time
  /**
   * A request body must arrive within this, plus its length at {@link
   * #BODY_READ_BYTES_PER_SECOND_MIN}, or the answer is 408 and the connection is closed: a client
   * trickling bytes holds a worker thread for a bounded time.
   */
  public static final Duration BODY_READ_TIME_BASE = Duration.ofSeconds(10);

  /** The slowest upload rate a body is waited for, after {@link #BODY_READ_TIME_BASE}. */
  public static final int BODY_READ_BYTES_PER_SECOND_MIN = 256 * KIB;

  /** {@code ?wait=commit} answers after at most this long (202 if not committed by then). */
  public static final Duration COMMIT_WAIT_MAX = Duration.ofSeconds(30);

  /** A connection with no traffic this long is closed (reads and blocking writes alike). */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** An idle event stream sends a comment this often, well inside {@link #IDLE_TIMEOUT}. */
  public static final Duration STREAM_KEEPALIVE = Duration.ofSeconds(15);

  /** How long stopping the server waits for requests in flight. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  // Concurrency
  /** HTTP worker threads (requests are served by blocking code). */
  public static final int THREADS_MAX = 64;

  public static final int THREADS_MIN = 4;

  /**
   * Open event streams. Each holds a worker thread, so this stays well below {@link #THREADS_MAX}.
   */
  public static final int STREAMS_MAX = 32;

  /** Committed blocks buffered per event stream; a client this far behind is disconnected. */
  public static final int STREAM_BUFFER_BLOCKS = 256;

  /**
   * Password checks at once: each costs a deliberately slow hash, so a flood of logins cannot take
   * every core.
   */
  public static final int LOGINS_CONCURRENT_MAX = 2;

  // Retry-After values
  public static final Duration NOT_READY_RETRY_AFTER = Duration.ofSeconds(5);
  public static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);
}
