package io.entente.simulation.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.simulation.toy.ToyMain;
import io.entente.simulation.toy.ToyScenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationCommandTest {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final SimulationCommand command =
      new SimulationCommand(
          ToyMain.class.getName(),
          ToyScenarios.all(),
          new PrintStream(buffer, true, StandardCharsets.UTF_8));

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSweepPrintsEachFailingSeedWithItsReplayCommandAndASummary() {
    int exitCode = command.run("--scenario", "counter-broken", "--seeds", "1..10");

    assertThat(exitCode).isEqualTo(SimulationCommand.EXIT_FAILED);
    assertThat(output())
        .contains("scenario=counter-broken seed=6 FAILED reason=counter.acknowledged_write_lost")
        .contains(
            "  replay: ./mvnw -q -pl simulation -am test-compile exec:java"
                + " -Dexec.classpathScope=test -Dexec.mainClass=io.entente.simulation.toy.ToyMain"
                + " -Dexec.args=\"--scenario counter-broken --seed 6\"")
        .contains("scenario counter-broken seeds 1..10: 10 run, ")
        .containsPattern("events +p50=\\d+ p90=\\d+ p99=\\d+ max=\\d+")
        .containsPattern("virtual ms p50=")
        .containsPattern("wall ms +p50=");
    assertThat(output()).doesNotContain("seed=2 ");
  }

  @Test
  void aPassingSweepExitsZero() {
    assertThat(command.run("--scenario", "counter", "--seeds", "1..5"))
        .isEqualTo(SimulationCommand.EXIT_PASSED);
    assertThat(output()).contains("5 run, 5 passed, 0 failed");
  }

  @Test
  void aSweepOnTwoThreadsPrintsTheFailuresOfOneThreadInSeedOrder() {
    int oneThread =
        command.run("--scenario", "counter-broken", "--seeds", "1..20", "--threads", "1");
    List<String> sequential = failureLines();
    buffer.reset();

    int twoThreads =
        command.run("--scenario", "counter-broken", "--seeds", "1..20", "--threads", "2");

    assertThat(twoThreads).isEqualTo(oneThread);
    assertThat(failureLines()).isEqualTo(sequential).isNotEmpty();
    assertThat(output()).contains("threads    2");
  }

  /** Every line of a sweep's output but the wall times and the thread count. */
  private List<String> failureLines() {
    return output()
        .lines()
        .filter(line -> !line.startsWith("  wall ms") && !line.startsWith("  threads"))
        .toList();
  }

  @Test
  void oneSeedPrintsItsTraceHashAndOnFailureTheLastTraceLines() {
    SeedOutcome inProcess = SeedSweep.runSeed(ToyScenarios.COUNTER_BROKEN, 6);

    assertThat(command.run("--scenario", "counter-broken", "--seed", "6"))
        .isEqualTo(SimulationCommand.EXIT_FAILED);
    assertThat(output())
        .contains("trace=" + inProcess.result().traceHash().toHex())
        .contains("last trace lines:")
        .containsPattern("crash replica-\\d")
        .contains("replay: ./mvnw");
  }

  @Test
  void usageErrorsExitTwoAndNameTheScenarios() {
    assertThat(command.run("--seed", "1")).isEqualTo(SimulationCommand.EXIT_USAGE);
    assertThat(command.run("--scenario", "nope", "--seed", "1"))
        .isEqualTo(SimulationCommand.EXIT_USAGE);
    assertThat(command.run("--scenario", "counter", "--seeds", "5..1"))
        .isEqualTo(SimulationCommand.EXIT_USAGE);
    assertThat(command.run("--scenario", "counter", "--seed", "x"))
        .isEqualTo(SimulationCommand.EXIT_USAGE);
    assertThat(command.run("--scenario")).isEqualTo(SimulationCommand.EXIT_USAGE);
    assertThat(command.run("--scenario", "counter", "--seeds", "1..2", "--threads", "0"))
        .isEqualTo(SimulationCommand.EXIT_USAGE);
    assertThat(output())
        .contains("name a scenario with --scenario")
        .contains("no scenario named nope")
        .contains("--threads takes 1 to 1024 threads, got '0'")
        .contains("scenarios: [pingpong, counter, counter-broken]");
  }

  @Test
  void percentilesUseTheNearestRank() {
    long[] sample = new long[100];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = 100 - i;
    }
    assertThat(Percentiles.of(sample)).isEqualTo(new Percentiles(50, 90, 99, 100));
    assertThat(Percentiles.of(new long[] {7})).isEqualTo(new Percentiles(7, 7, 7, 7));
    assertThat(Percentiles.of(new long[0])).isEqualTo(new Percentiles(0, 0, 0, 0));
  }
}
