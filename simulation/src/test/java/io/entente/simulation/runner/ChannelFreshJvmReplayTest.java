package io.entente.simulation.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.simulation.channel.ChannelScenarios;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A QBFT channel seed run in this JVM and replayed by {@link ChannelMain} in a fresh JVM prints the
 * same trace hash and the same verdict, for a seed with simulated signatures and for one with real
 * P-256 keys (whose signatures must then be deterministic too).
 */
class ChannelFreshJvmReplayTest {
  static final Duration DEADLINE = Duration.ofSeconds(120);
  static final String SCENARIO = "n4";

  /** The first draw of seed 1 picks simulated signatures; that of seed 2 picks real P-256. */
  static final long SIMULATED_SEED = 1;

  static final long REAL_P256_SEED = 2;

  private static final Pattern TRACE = Pattern.compile("trace=([0-9a-f]{64})");

  @Test
  void aSimulatedSignatureSeedReplaysInAFreshJvm() throws Exception {
    assertReplays(SIMULATED_SEED, 0);
  }

  @Test
  void aRealP256SeedReplaysInAFreshJvm() throws Exception {
    assertReplays(REAL_P256_SEED, 1);
  }

  private static void assertReplays(long seed, long realCrypto) throws Exception {
    Scenario scenario =
        ChannelScenarios.all().stream()
            .filter(s -> s.name().equals(SCENARIO))
            .findFirst()
            .orElseThrow();
    RunResult inProcess = SeedSweep.runSeed(scenario, seed).result();
    assertThat(inProcess.count(ChannelScenarios.REAL_CRYPTO)).isEqualTo(realCrypto);
    FreshJvm.Result replay =
        FreshJvm.run(
            ChannelMain.class.getName(),
            List.of("--scenario", SCENARIO, "--seed", Long.toString(seed)),
            DEADLINE);
    String hash = inProcess.traceHash().toHex();
    System.out.printf(
        "%s seed %d (real P-256: %s): in-process trace=%s, fresh JVM %s%n",
        SCENARIO, seed, realCrypto == 1, hash, trace(replay.output()));
    assertThat(trace(replay.output())).isEqualTo(hash);
    assertThat(replay.exitCode())
        .as("exit code; output:%n%s", replay.output())
        .isEqualTo(
            inProcess.passed() ? SimulationCommand.EXIT_PASSED : SimulationCommand.EXIT_FAILED);
    assertThat(replay.output()).contains(ChannelScenarios.REAL_CRYPTO + "=" + realCrypto);
  }

  private static String trace(String output) {
    Matcher matcher = TRACE.matcher(output);
    assertThat(matcher.find()).as("a trace= line in:%n%s", output).isTrue();
    return matcher.group(1);
  }
}
