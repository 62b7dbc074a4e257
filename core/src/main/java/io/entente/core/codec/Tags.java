package io.entente.core.codec;

/**
 * Every type tag of the core, in one place, so that a collision is visible here at a glance (and a
 * test checks the registered codecs for duplicates). A tag is never reused for another type, even
 * after the type is gone.
 *
 * <p>0x10–0x2F: ledger chain types and proofs. 0x30–0x3F: consensus messages, their signed payloads
 * (each payload's tag separates its signatures from every other signed type), evidence and the
 * consensus write-ahead log. 0x40–0x4F: governance application state.
 */
public final class Tags {
  private Tags() {}

  public static final int MERKLE_PROOF = 0x10;
  public static final int VALIDATOR = 0x11;
  public static final int VALIDATOR_SET = 0x12;
  public static final int TX_BODY = 0x13;
  public static final int TRANSACTION = 0x14;
  public static final int RECORD_BATCH = 0x15;
  public static final int BLOCK_HEADER = 0x16;
  public static final int SEAL_PAYLOAD = 0x17;
  public static final int SEAL = 0x18;
  public static final int BLOCK_CERTIFICATE = 0x19;
  public static final int BLOCK = 0x1A;
  public static final int CERTIFIED_BLOCK = 0x1B;
  public static final int RECEIPT = 0x1C;
  public static final int GENESIS = 0x1D;
  public static final int VALIDATOR_SET_CHANGE = 0x1E;
  public static final int INCLUSION_PROOF = 0x1F;
  public static final int CERTIFIED_HEADER = 0x20;
  public static final int CERTIFIED_CHANGE = 0x21;
  public static final int AUDIT_BUNDLE = 0x22;

  // Consensus (io.entente.consensus): the unsigned payloads are what a validator signs.
  public static final int PROPOSAL_PAYLOAD = 0x30;
  public static final int PREPARE_PAYLOAD = 0x31;
  public static final int COMMIT_PAYLOAD = 0x32;
  public static final int ROUND_CHANGE_PAYLOAD = 0x33;
  public static final int SIGNED_PROPOSAL = 0x34;
  public static final int PREPARE = 0x35;
  public static final int COMMIT = 0x36;
  public static final int SIGNED_ROUND_CHANGE = 0x37;
  public static final int PROPOSAL = 0x38;
  public static final int ROUND_CHANGE = 0x39;
  public static final int EQUIVOCATION = 0x3A;
  public static final int PREPARED_STATE = 0x3B;

  // Governance (io.entente.core.governance).
  public static final int GOVERNANCE_GENESIS = 0x40;
  public static final int GOVERNANCE_DECISION = 0x41;
  public static final int GOVERNANCE_UPDATE = 0x42;
  public static final int GOVERNANCE_VIEW = 0x43;
}
