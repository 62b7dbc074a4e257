package io.entente.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.node.traffic.ColendingTraffic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baselines of {@code entente bench --baselines} on a few small batches: they start, store
 * every record and stop. Skipped with the install hint where PostgreSQL or etcd is not installed
 * (the bench itself then reports the baseline as skipped); never timed.
 */
class BaselinesTest {
  private static final int BATCHES = 4;
  private static final int BATCH = 50;

  @TempDir Path folder;

  @AfterEach
  void noProcessLeft() {
    List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
    left.forEach(ProcessHandle::destroyForcibly);
    assertThat(left).as("processes the baseline left running").isEmpty();
  }

  /**
   * DESIGN §5: a test that needs an installed program skips with the install hint on a developer's
   * machine and fails in CI, where .ci/run installs it.
   */
  private static void installed(boolean present, String hint) {
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as(hint).isTrue();
    }
    assumeTrue(present, hint);
  }

  @Test
  void postgresqlStoresAndMatchesEveryRecord() throws Exception {
    installed(
        BaselineHost.find("initdb", BaselineHost.postgresFolders()).isPresent(),
        "PostgreSQL is not installed: bench/baselines/install.sh");
    assertStoresEveryRecord(new PostgresBaseline());
  }

  @Test
  void etcdStoresEveryRecord() throws Exception {
    installed(
        BaselineHost.find("etcd", List.of()).isPresent(),
        "etcd is not installed: bench/baselines/install.sh");
    assertStoresEveryRecord(new EtcdBaseline());
  }

  private void assertStoresEveryRecord(BaselineSystem baseline) throws Exception {
    CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
    Workload workload =
        new ColendingWorkload(
            new ColendingTraffic(
                suite,
                "a--b",
                bank(suite, "a"),
                bank(suite, "b"),
                "AGR-1",
                "test",
                ColendingTraffic.shanghaiDay(System.currentTimeMillis())),
            1,
            System.currentTimeMillis());
    List<Workload.Batch> batches =
        IntStream.range(0, BATCHES).mapToObj(b -> workload.batch((long) b * BATCH, BATCH)).toList();
    BenchSettings settings =
        new BenchSettings(
            1, SuiteId.STANDARD, BATCHES * BATCH, BATCH, 1, 60, 0, 2, 0, folder, true);
    StringWriter progress = new StringWriter();
    BenchResult.Baseline result =
        baseline.run(batches, settings, folder, new PrintWriter(progress, true));
    System.out.print(progress);
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.records()).isEqualTo(BATCHES * BATCH);
    assertThat(batches.get(0).rows()).as("a row per bank and record").hasSize(2 * BATCH);
    assertThat(result.recordsPerSecond()).isPositive();
    assertThat(result.latencyMs().p99()).isPositive();
  }

  private static ColendingTraffic.Bank bank(CryptoSuite suite, String institution) {
    return new ColendingTraffic.Bank(
        institution,
        suite.signer(suite.generateKeyPair(new SecureRandom()).privateKey()),
        suite.hash(Bytes.of(institution.getBytes(StandardCharsets.US_ASCII))));
  }
}
