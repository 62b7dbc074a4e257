package io.entente.node.api;

import io.entente.core.chain.CertifiedBlock;
import java.util.List;
import java.util.Objects;

/** A committed, executed block and the application events its execution emitted. */
public record CommittedBlock(CertifiedBlock block, List<ApplicationEvent> events) {
  public CommittedBlock {
    Objects.requireNonNull(block, "block");
    events = List.copyOf(events);
  }

  public long height() {
    return block.block().header().height();
  }
}
