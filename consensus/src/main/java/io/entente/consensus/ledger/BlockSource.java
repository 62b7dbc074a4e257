package io.entente.consensus.ledger;

import io.entente.core.chain.CertifiedBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link ChannelLedger} reads the final blocks it no longer holds in memory: the node's
 * channel store, or the simulator's disk. The ledger asks only for heights it has appended, so a
 * source that lacks one is broken. A source is read on the channel's own thread; it is the core's
 * only way to blocks below its window, so the core does no I/O of its own.
 */
@FunctionalInterface
public interface BlockSource {

  /** The final block at {@code height}, if the source holds it. */
  Optional<CertifiedBlock> block(long height);

  /**
   * The final blocks from {@code fromHeight} up to at most {@code toHeight}, in order, starting at
   * {@code fromHeight}: a page that may stop early (empty only if the source lacks {@code
   * fromHeight}). Replay after a restart reads the stored chain page by page with it.
   */
  default List<CertifiedBlock> blocks(long fromHeight, long toHeight) {
    return block(fromHeight).map(List::of).orElse(List.of());
  }

  /** A source with no blocks: for a chain that starts empty and keeps every block it appends. */
  static BlockSource none() {
    return height -> Optional.empty();
  }

  /**
   * Blocks kept in memory, appended in height order from 1: the source of tests and tools that hold
   * a whole (short) chain anyway.
   */
  final class InMemory implements BlockSource {
    private final List<CertifiedBlock> blocks = new ArrayList<>();

    public void add(CertifiedBlock block) {
      long height = block.block().header().height();
      if (height != blocks.size() + 1) {
        throw new IllegalStateException("block " + height + " after height " + blocks.size());
      }
      blocks.add(block);
    }

    public long height() {
      return blocks.size();
    }

    @Override
    public Optional<CertifiedBlock> block(long height) {
      return height < 1 || height > blocks.size()
          ? Optional.empty()
          : Optional.of(blocks.get((int) height - 1));
    }
  }
}
