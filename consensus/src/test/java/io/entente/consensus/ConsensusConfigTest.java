package io.entente.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The round timers and the re-send interval of each round. */
class ConsensusConfigTest {
  private static final ConsensusConfig SIMULATOR =
      new ConsensusConfig(1_000, 4, 8_000, 2_500, 200, 1_000, 5_000);

  @Test
  void shortRoundsResendMoreOftenThanTheConfiguredInterval() {
    // Rounds 0 and 1 (1 s and 2 s) ended before a 2.5 s re-send: seeds 137 and 226 of "mixed".
    assertThat(SIMULATOR.resendIntervalMs(0)).isEqualTo(333);
    assertThat(SIMULATOR.resendIntervalMs(1)).isEqualTo(666);
    assertThat(SIMULATOR.resendIntervalMs(2)).isEqualTo(1_333);
    assertThat(SIMULATOR.resendIntervalMs(3)).isEqualTo(2_500);
    assertThat(SIMULATOR.resendIntervalMs(Integer.MAX_VALUE)).isEqualTo(2_500);
  }

  @Test
  void theProductionDefaultsResendInEveryRound() {
    ConsensusConfig defaults = ConsensusConfig.DEFAULT;
    assertThat(defaults.resendIntervalMs(0)).isEqualTo(666);
    assertThat(defaults.resendIntervalMs(1)).isEqualTo(1_333);
    assertThat(defaults.resendIntervalMs(2)).isEqualTo(2_666);
    assertThat(defaults.resendIntervalMs(3)).isEqualTo(ConsensusLimits.ROUND_CHANGE_RESEND_MS);
  }

  @Property(tries = 500)
  void everyRoundFitsTheLeastNumberOfResendsAndNeverWaitsLongerThanConfigured(
      @ForAll @LongRange(min = 1, max = 100_000) long base,
      @ForAll @IntRange(min = 0, max = 30) int doublings,
      @ForAll @LongRange(min = 0, max = 1_000_000) long maxAboveBase,
      @ForAll @LongRange(min = 1, max = 100_000) long resend,
      @ForAll @IntRange(min = 0) int round) {
    ConsensusConfig config =
        new ConsensusConfig(base, doublings, base + maxAboveBase, resend, 200, 1_000, 5_000);
    long interval = config.resendIntervalMs(round);
    long timeout = config.roundTimeoutMs(round);
    assertThat(interval).isBetween(1L, resend);
    if (timeout > ConsensusLimits.RESENDS_PER_ROUND_MIN) {
      assertThat(interval * (ConsensusLimits.RESENDS_PER_ROUND_MIN + 1))
          .isLessThanOrEqualTo(timeout);
    }
  }
}
