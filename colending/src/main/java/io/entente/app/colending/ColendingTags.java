package io.entente.app.colending;

/**
 * The type tags of the co-lending encodings, in one place. They live in their own range
 * (0x60–0x8F), apart from the core's tags, and a tag is never reused for another type.
 */
final class ColendingTags {
  private ColendingTags() {}

  // Request contents (what clients sign, inside the user-request wrapper)
  static final int AGREEMENT_TERMS = 0x60;
  static final int AGREEMENT_ACCEPT = 0x61;
  static final int EVENT_RECORD = 0x62;
  static final int ATTESTATION_BATCH = 0x63;
  static final int HOLD_REQUEST = 0x64;
  static final int BREAK_PROPOSAL = 0x65;
  static final int BREAK_DECISION = 0x66;
  static final int DAY_CLOSE = 0x67;
  static final int RESERVE_STATEMENT = 0x68;
  static final int QUERY_REQUEST = 0x69;

  // State values
  static final int AGREEMENT_STATE = 0x70;
  static final int RECON = 0x71;
  static final int TRANSFER = 0x72;
  static final int POSITION = 0x73;
  static final int HOLD = 0x74;
  static final int LOAN = 0x75;
  static final int BREAK = 0x76;
  static final int QUEUE_HEAD = 0x77;
  static final int QUEUE_CHUNK = 0x78;
  static final int DAY_BOOK = 0x79;
  static final int STATEMENT = 0x7A;
  static final int STATEMENT_CSV = 0x7B;
  static final int SETTLEMENT_BATCH = 0x7C;
  static final int ATTESTATION_HISTORY = 0x7D;
  static final int COUNTER = 0x7E;
  static final int AGREEMENT_LIST = 0x7F;
  static final int BANK_STATEMENT = 0x80;
  static final int REF_INDEX = 0x81;
  static final int SETTLEMENT_NAME = 0x82;

  // Query answers and event payloads
  static final int POSITION_VIEW = 0x88;
  static final int RECORD_LIST = 0x89;
  static final int EVENT_DATA = 0x8A;
  static final int AGREEMENT_PAGE = 0x8B;
  static final int BREAK_PAGE = 0x8C;
}
