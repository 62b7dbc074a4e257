package io.entente.node.api;

import io.entente.core.bytes.Bytes;
import java.util.Objects;

/**
 * An event an application emitted while executing the transaction at {@code txIndex} of block
 * {@code height}: for example a matched reconciliation or a position alert.
 */
public record ApplicationEvent(
    long height, int txIndex, String application, String type, Bytes data) {
  public ApplicationEvent {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    if (height < 1 || txIndex < 0) {
      throw new IllegalArgumentException("height " + height + ", txIndex " + txIndex);
    }
  }
}
