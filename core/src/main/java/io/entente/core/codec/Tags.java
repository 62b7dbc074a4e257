package io.entente.core.codec;

/**
 * Every type tag of the core, in one place, so that a collision is visible here at a glance (and a
 * test checks the registered codecs for duplicates). A tag is never reused for another type, even
 * after the type is gone.
 *
 * <p>0x10–0x2F: ledger chain types and proofs.
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
}
