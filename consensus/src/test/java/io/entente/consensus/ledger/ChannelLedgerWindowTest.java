package io.entente.consensus.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.consensus.app.CounterApplication;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.ChainBuilder;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A ledger holds only its window of the newest blocks in memory; older ones come from its source
 * (the node's store), the same blocks as appended, and the per-height sets stay answerable.
 */
class ChannelLedgerWindowTest {
  private static final int WINDOW = 4;
  private static final SuiteId ID = SuiteId.STANDARD;
  private static final CryptoSuite SUITE = CryptoSuite.of(ID);

  private final List<Signer> signers = new ArrayList<>();
  private final ChainBuilder chain;

  ChannelLedgerWindowTest() {
    List<Validator> validators = new ArrayList<>();
    for (int number = 0; number < 4; number++) {
      Signer signer = TestKeys.signer(ID, 300 + number);
      signers.add(signer);
      validators.add(new Validator("bank" + number, signer.publicKey()));
    }
    Genesis genesis =
        new Genesis("window", ID, 1_750_000_000_000L, 1, ValidatorSet.of(validators), false);
    chain = new ChainBuilder(genesis, signers);
  }

  private ChannelLedger ledger(BlockSource source) {
    return new ChannelLedger(chain.genesis(), SUITE, new CounterApplication(SUITE), source, WINDOW);
  }

  @Test
  void keepsOnlyItsWindowInMemoryAndReadsOlderBlocksFromTheSource() {
    BlockSource.InMemory store = new BlockSource.InMemory();
    List<Long> asked = new ArrayList<>();
    ChannelLedger ledger =
        ledger(
            height -> {
              asked.add(height);
              return store.block(height);
            });
    for (int height = 1; height <= 20; height++) {
      CertifiedBlock block = chain.append(List.of());
      ledger.append(block);
      store.add(block); // what the node's store does right after the ledger appends
      assertThat(ledger.blocksInMemory()).isEqualTo(Math.min(height, WINDOW));
    }
    assertThat(ledger.height()).isEqualTo(20);
    for (long height = 17; height <= 20; height++) {
      assertThat(ledger.block(height)).isEqualTo(chain.block(height));
    }
    assertThat(asked).isEmpty();
    for (long height = 1; height <= 16; height++) {
      assertThat(ledger.block(height)).isEqualTo(chain.block(height));
    }
    assertThat(asked)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
    assertThat(ledger.setOf(1)).isEqualTo(chain.genesis().validators());
    assertThat(ledger.setOf(21)).isEqualTo(chain.genesis().validators());
    assertThat(ledger.tip().height()).isEqualTo(20);
  }

  @Test
  void aSourceThatLacksAnOldBlockIsAnErrorNotAnAnswer() {
    ChannelLedger ledger = ledger(height -> Optional.empty());
    for (int height = 1; height <= WINDOW + 1; height++) {
      ledger.append(chain.append(List.of()));
    }
    assertThat(ledger.block(2)).isEqualTo(chain.block(2));
    assertThatThrownBy(() -> ledger.block(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lacks final block 1");
    assertThatThrownBy(() -> ledger.block(WINDOW + 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void theShortConstructorKeepsEveryBlock() {
    ChannelLedger ledger = new ChannelLedger(chain.genesis(), SUITE, new CounterApplication(SUITE));
    for (int height = 1; height <= 10; height++) {
      ledger.append(chain.append(List.of()));
    }
    assertThat(ledger.blocksInMemory()).isEqualTo(10);
    assertThat(ledger.block(1)).isEqualTo(chain.block(1));
  }
}
