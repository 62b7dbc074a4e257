package io.entente.consensus.app;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Receipt;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What executing one block gave: a receipt per transaction, events for subscribers, the sorted
 * write set, and the application's next deadline in block time (for time-advancing blocks), if any.
 */
public record BlockResult(
    List<Receipt> receipts, List<Event> events, WriteSet writes, OptionalLong nextDeadlineMs) {
  /** Something subscribers may want to hear about, raised by the transaction at {@code index}. */
  public record Event(int index, String type, Bytes data) {}

  public BlockResult {
    receipts = List.copyOf(receipts);
    events = List.copyOf(events);
    Objects.requireNonNull(writes, "writes");
    Objects.requireNonNull(nextDeadlineMs, "nextDeadlineMs");
  }
}
