package io.entente.node.runtime;

import io.entente.consensus.ledger.BlockSource;
import io.entente.core.chain.CertifiedBlock;
import io.entente.node.storage.ChannelStore;
import java.util.List;
import java.util.Optional;

/**
 * The channel store as the ledger's source of the blocks below its in-memory window: replay after a
 * restart reads it a page at a time ({@link ChannelStore#blocks}, bounded in count and bytes), sync
 * answers and old-height readers one block at a time.
 */
final class StoredBlocks implements BlockSource {
  private final ChannelStore store;

  StoredBlocks(ChannelStore store) {
    this.store = store;
  }

  @Override
  public Optional<CertifiedBlock> block(long height) {
    return store.block(height);
  }

  @Override
  public List<CertifiedBlock> blocks(long fromHeight, long toHeight) {
    return store.blocks(fromHeight, toHeight);
  }
}
