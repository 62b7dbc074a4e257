package io.entente.core;

/**
 * Every size and count limit of the pure core, in one place. Names end with their unit. A limit
 * belongs to the canonical encoding: changing one is a codec version change.
 *
 * <p>The {@code *_BYTES_MAX} limit of a top-level type bounds its whole encoding (tag and version
 * included). It is at least the encoding of a value with every field at its own limit, so a value
 * that passes its constructor always encodes; a test builds such values to keep that true.
 */
public final class CoreLimits {
  private CoreLimits() {}

  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;

  // Identifiers
  /** Channel, application, institution and type identifiers (UTF-8 bytes). */
  public static final int IDENTIFIER_BYTES_MAX = 64;

  /** Free-text reasons and human-readable details (UTF-8 bytes). */
  public static final int TEXT_BYTES_MAX = 1_024;

  // Merkle proofs
  /**
   * Sibling hashes in one proof. Leaf counts are at most 2^31 − 1 (a u32 in the codec), so a tree
   * is at most 31 levels deep.
   */
  public static final int MERKLE_PROOF_HASHES_MAX = 31;

  public static final int MERKLE_PROOF_BYTES_MAX = 16 + MERKLE_PROOF_HASHES_MAX * 32;

  // Validators
  /** Validators of one channel: peers are few (tens), and a certificate carries up to this many. */
  public static final int VALIDATORS_MAX = 64;

  public static final int VALIDATOR_BYTES_MAX = 128;
  public static final int VALIDATOR_SET_BYTES_MAX = 16 + VALIDATORS_MAX * VALIDATOR_BYTES_MAX;
  public static final int VALIDATOR_SET_CHANGE_BYTES_MAX = VALIDATOR_SET_BYTES_MAX + 16;

  /**
   * A genesis: its own validator set and, for a channel that imports governance decisions, the
   * governance channel's first set.
   */
  public static final int GENESIS_BYTES_MAX = 2 * VALIDATOR_SET_BYTES_MAX + 512;

  // Transactions
  /** The payload of one transaction, e.g. a batch of business records. */
  public static final int TX_PAYLOAD_BYTES_MAX = 8 * MIB;

  /**
   * The content of a user request, before the node wraps it with the acting user's name and role
   * ({@link io.entente.core.chain.UserRequestPayload}): a transaction payload less room for that
   * wrapper.
   */
  public static final int USER_REQUEST_CONTENT_BYTES_MAX = TX_PAYLOAD_BYTES_MAX - KIB;

  /** The acting user's name in a user request (ASCII, so bytes and characters agree). */
  public static final int USERNAME_BYTES_MAX = 64;

  /**
   * The longest validity window of a transaction (24 hours). Idempotency keys are kept until the
   * window closes, so this bounds the idempotency table.
   */
  public static final long TX_VALIDITY_MS_MAX = 24L * 60 * 60 * 1000;

  /** A client's idempotency key (UTF-8 bytes). */
  public static final int IDEMPOTENCY_KEY_BYTES_MAX = 128;

  /** A transaction body: the payload plus identifiers, hashes and times, with room to spare. */
  public static final int TX_BODY_BYTES_MAX = TX_PAYLOAD_BYTES_MAX + 4 * KIB;

  /** A signed transaction: its body and a signature. */
  public static final int TX_BYTES_MAX = TX_BODY_BYTES_MAX + 128;

  // Record batches (the payload form for many business records under one signature)
  public static final int RECORDS_PER_BATCH_MAX = 10_000;
  public static final int RECORD_BYTES_MAX = 16 * KIB;

  /** A batch is a transaction payload, so it fits one. */
  public static final int RECORD_BATCH_BYTES_MAX = TX_PAYLOAD_BYTES_MAX;

  // Blocks
  public static final int BLOCK_HEADER_BYTES_MAX = 512;
  public static final int TXS_PER_BLOCK_MAX = 10_000;

  /**
   * A block with its transactions. Smaller than {@link #TXS_PER_BLOCK_MAX} full transactions: the
   * proposer fills a block up to this size.
   */
  public static final int BLOCK_BYTES_MAX = 32 * MIB;

  public static final int SEAL_PAYLOAD_BYTES_MAX = 128;
  public static final int SEAL_BYTES_MAX = 128;

  /** A block certificate (a quorum of seals); not an X.509 certificate. */
  public static final int BLOCK_CERTIFICATE_BYTES_MAX = 64 + VALIDATORS_MAX * SEAL_BYTES_MAX;

  public static final int CERTIFIED_BLOCK_BYTES_MAX =
      16 + BLOCK_BYTES_MAX + BLOCK_CERTIFICATE_BYTES_MAX;

  // Receipts
  /** The application's result bytes in one receipt. */
  public static final int RECEIPT_RESULT_BYTES_MAX = 64 * KIB;

  public static final int RECEIPT_BYTES_MAX = RECEIPT_RESULT_BYTES_MAX + 2 * KIB;

  // Inclusion proofs
  /** The leaf of an inclusion proof is an encoded transaction or receipt. */
  public static final int INCLUSION_PROOF_LEAF_BYTES_MAX =
      Math.max(TX_BYTES_MAX, RECEIPT_BYTES_MAX);

  public static final int INCLUSION_PROOF_BYTES_MAX =
      64 + INCLUSION_PROOF_LEAF_BYTES_MAX + MERKLE_PROOF_BYTES_MAX;

  // Offline audit
  /** A header with its certificate: what a light client or auditor holds per block. */
  public static final int CERTIFIED_HEADER_BYTES_MAX =
      16 + BLOCK_HEADER_BYTES_MAX + BLOCK_CERTIFICATE_BYTES_MAX;

  /** A plain validator-set change transaction: the change and the envelope around it. */
  public static final int PLAIN_SET_CHANGE_TX_BYTES_MAX = VALIDATOR_SET_CHANGE_BYTES_MAX + 4 * KIB;

  /** The governance channel's set changes an update may carry to bring a channel up to date. */
  public static final int GOVERNANCE_SET_CHANGES_MAX = 16;

  /**
   * A governance decision imported into a channel: the governance set changes since the channel's
   * last import, the certified governance header that commits to the decision's receipt, and the
   * receipt's inclusion proof.
   */
  public static final int GOVERNANCE_UPDATE_BYTES_MAX =
      16
          + GOVERNANCE_SET_CHANGES_MAX
              * (16
                  + CERTIFIED_HEADER_BYTES_MAX
                  + 64
                  + PLAIN_SET_CHANGE_TX_BYTES_MAX
                  + MERKLE_PROOF_BYTES_MAX)
          + CERTIFIED_HEADER_BYTES_MAX
          + 64
          + RECEIPT_BYTES_MAX
          + MERKLE_PROOF_BYTES_MAX;

  /**
   * A transaction that changes the validator set, either directly or as a governance update, with
   * the envelope around it.
   */
  public static final int SET_CHANGE_TX_BYTES_MAX =
      Math.max(PLAIN_SET_CHANGE_TX_BYTES_MAX, GOVERNANCE_UPDATE_BYTES_MAX + 4 * KIB);

  /** A certified header with the inclusion proof of the set change it carries. */
  public static final int CERTIFIED_CHANGE_BYTES_MAX =
      16 + CERTIFIED_HEADER_BYTES_MAX + 64 + SET_CHANGE_TX_BYTES_MAX + MERKLE_PROOF_BYTES_MAX;

  /** Validator-set changes an audit bundle may carry since genesis. */
  public static final int AUDIT_CHANGES_MAX = 1_024;

  public static final int AUDIT_BUNDLE_BYTES_MAX =
      GENESIS_BYTES_MAX
          + AUDIT_CHANGES_MAX * CERTIFIED_CHANGE_BYTES_MAX
          + CERTIFIED_HEADER_BYTES_MAX
          + INCLUSION_PROOF_BYTES_MAX
          + 64;

  // Certificates (PKI)
  /** A DER-encoded X.509 certificate; larger input is refused before it is parsed. */
  public static final int CERTIFICATE_BYTES_MAX = 16_384;

  /** One PEM-encoded certificate (Base64 with line breaks and armour) as text. */
  public static final int CERTIFICATE_PEM_CHARS_MAX = 24_576;

  /** A certificate serial number (RFC 5280 §4.1.2.2: positive, at most 20 octets). */
  public static final int CERTIFICATE_SERIAL_BYTES_MAX = 20;

  /** A subject or issuer name as quoted in a rejection detail; longer names are cut. */
  public static final int CERTIFICATE_NAME_IN_DETAIL_CHARS_MAX = 160;
}
