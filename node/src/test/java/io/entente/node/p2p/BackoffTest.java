package io.entente.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final long BASE_MS = 200;
  private static final long MAX_MS = 30_000;

  @Test
  void eachDelayIsInTheUpperHalfOfADoublingCappedStep() {
    SplittableRandom random = new SplittableRandom(42);
    for (int failures = 0; failures < 40; failures++) {
      long step = Math.min(MAX_MS, BASE_MS << Math.min(failures, 20));
      for (int draw = 0; draw < 100; draw++) {
        long delay = Backoff.delayMs(failures, BASE_MS, MAX_MS, random);
        assertThat(delay).isBetween(step - step / 2, step);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    assertThat(delays(new SplittableRandom(7))).isEqualTo(delays(new SplittableRandom(7)));
    assertThat(delays(new SplittableRandom(7))).isNotEqualTo(delays(new SplittableRandom(8)));
  }

  @Test
  void manyFailuresStayAtTheCapWithoutOverflow() {
    SplittableRandom random = new SplittableRandom(1);
    assertThat(Backoff.delayMs(Integer.MAX_VALUE, BASE_MS, MAX_MS, random))
        .isBetween(MAX_MS / 2, MAX_MS);
    assertThat(Backoff.delayMs(62, 1, Long.MAX_VALUE, random)).isPositive();
  }

  @Test
  void invalidArgumentsAreRefused() {
    SplittableRandom random = new SplittableRandom(1);
    assertThatThrownBy(() -> Backoff.delayMs(-1, BASE_MS, MAX_MS, random))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.delayMs(0, 0, MAX_MS, random))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.delayMs(0, MAX_MS, BASE_MS, random))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Long> delays(SplittableRandom random) {
    List<Long> out = new ArrayList<>();
    for (int failures = 0; failures < 12; failures++) {
      out.add(Backoff.delayMs(failures, BASE_MS, MAX_MS, random));
    }
    return out;
  }
}
