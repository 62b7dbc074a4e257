package io.entente.consensus.message;

/**
 * What a validator writes to its write-ahead log before it acts: every message it signs, and its
 * prepared state. After a restart it rebuilds from these records and never signs anything that
 * conflicts with them.
 */
public sealed interface DurableRecord permits Message, PreparedState {
  long height();
}
