package io.entente.simulation.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.simulation.toy.ToyMain;
import io.entente.simulation.toy.ToyScenarios;
import io.entente.simulation.world.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A seed replayed in a fresh JVM gives the trace hash of the run in this JVM: nothing in a run
 * depends on hash seeds, identity, class loading order or anything else that differs between JVMs.
 */
class FreshJvmReplayTest {
  static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Pattern TRACE = Pattern.compile("trace=([0-9a-f]{64})");

  @Test
  void aPassingSeedReplaysWithTheSameTraceInTwoFreshJvms() throws Exception {
    assertReplaysInFreshJvms(ToyScenarios.COUNTER, 7, SimulationCommand.EXIT_PASSED);
  }

  @Test
  void aFailingSeedReplaysWithTheSameTraceAndFailure() throws Exception {
    assertReplaysInFreshJvms(ToyScenarios.COUNTER_BROKEN, 6, SimulationCommand.EXIT_FAILED);
  }

  private static void assertReplaysInFreshJvms(Scenario scenario, long seed, int exitCode)
      throws Exception {
    String inProcess = SeedSweep.runSeed(scenario, seed).result().traceHash().toHex();
    List<String> args = List.of("--scenario", scenario.name(), "--seed", Long.toString(seed));
    for (int run = 1; run <= 2; run++) {
      FreshJvm.Result result = FreshJvm.run(ToyMain.class.getName(), args, DEADLINE);
      assertThat(result.exitCode())
          .as("run %d exit code; output:%n%s", run, result.output())
          .isEqualTo(exitCode);
      assertThat(trace(result.output())).as("run %d trace", run).isEqualTo(inProcess);
    }
  }

  private static String trace(String output) {
    Matcher matcher = TRACE.matcher(output);
    assertThat(matcher.find()).as("a trace= line in:%n%s", output).isTrue();
    return matcher.group(1);
  }
}
