package io.entente.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.crypto.SuiteId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void percentilesAreWeightedByTheRecordsOfEachBatch() {
    List<double[]> latencies = new ArrayList<>();
    for (int ms = 1; ms <= 100; ms++) {
      latencies.add(new double[] {ms, 10});
    }
    BenchResult.Latency latency = Stats.latency(latencies);
    assertThat(latency.p50()).isEqualTo(50);
    assertThat(latency.p95()).isEqualTo(95);
    assertThat(latency.p99()).isEqualTo(99);
    assertThat(latency.max()).isEqualTo(100);

    // One big slow batch outweighs many small fast ones.
    BenchResult.Latency weighted =
        Stats.latency(List.of(new double[] {5, 1}, new double[] {7, 1}, new double[] {900, 98}));
    assertThat(weighted.p50()).isEqualTo(900);
  }

  @Test
  void noCompletionsGiveMinusOne() {
    assertThat(Stats.latency(List.of()).p99()).isEqualTo(-1);
  }

  @Test
  void theTimelineCountsRecordsInTheSecondTheirCommitCame() {
    long second = 1_000_000_000L;
    LoadDriver.Run run =
        new LoadDriver.Run(
            0,
            3 * second,
            List.of(
                new LoadDriver.Completion(0, second / 2, 100),
                new LoadDriver.Completion(0, 2 * second + 1, 50),
                new LoadDriver.Completion(second, 2 * second + 2, 50)));
    List<BenchResult.Second> timeline = Stats.timeline(run);
    assertThat(timeline)
        .extracting(BenchResult.Second::records)
        .containsExactly(100L, 0L, 100L, 0L);
    assertThat(timeline.get(1).p99LatencyMs()).isEqualTo(-1);
  }

  @Test
  void settingsOutOfRangeAreRefusedWithTheOptionName() {
    assertThatThrownBy(
            () ->
                new BenchSettings(
                    1, SuiteId.STANDARD, 100, 1000, 1, 60, 0, 4, 0, Path.of("o"), false))
        .hasMessageContaining("--records");
    assertThatThrownBy(
            () ->
                new BenchSettings(
                    1, SuiteId.STANDARD, 100, 10, 1, 60, 60, 4, 0, Path.of("o"), false))
        .hasMessageContaining("--warmup");
    assertThatThrownBy(
            () ->
                new BenchSettings(
                    0, SuiteId.STANDARD, 100, 10, 1, 60, 0, 4, 0, Path.of("o"), false))
        .hasMessageContaining("--nodes-per-org");
    assertThatThrownBy(
            () ->
                new BenchSettings(
                    1, SuiteId.STANDARD, 100, 10, 0, 60, 0, 4, 0, Path.of("o"), false))
        .hasMessageContaining("--records-per-tx");
  }
}
