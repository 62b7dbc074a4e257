package io.entente.consensus.qbft;

import io.entente.core.bytes.Hash;
import java.util.Objects;

/**
 * What executing block {@code height} gave: the root of its receipts and the state digest after it.
 * Height 0 is the application's initial state.
 */
public record Execution(long height, Hash receiptRoot, Hash stateDigest) {
  public Execution {
    if (height < 0) {
      throw new IllegalArgumentException("height = " + height);
    }
    Objects.requireNonNull(receiptRoot, "receiptRoot");
    Objects.requireNonNull(stateDigest, "stateDigest");
  }
}
