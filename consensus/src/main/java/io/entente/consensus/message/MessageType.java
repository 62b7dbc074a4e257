package io.entente.consensus.message;

/** The four QBFT message types; equivocation is judged per (height, round, type). */
public enum MessageType {
  PROPOSAL,
  PREPARE,
  COMMIT,
  ROUND_CHANGE
}
