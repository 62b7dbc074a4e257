package io.entente.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.colending.generator.AgreementTerms;
import io.entente.core.crypto.SuiteId;
import io.entente.node.bench.ApiSession;
import io.entente.node.cli.Main;
import io.entente.node.consortium.Layout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code entente demo} on a small consortium (four banks, one node each, real processes): a first
 * run until records are matched, read through the API, then a bounded second run on the same home
 * that resumes (same consortium, agreements not proposed again, the cursor advanced from where the
 * first run stopped). Deadlines guard against hangs only.
 */
@Timeout(600)
class DemoCommandTest {
  private static final long DEADLINE_MS = 180_000;
  private static final long FIRST_RUN_RECORDS = 60;
  private static final long SECOND_RUN_RECORDS = 30;

  @TempDir Path folder;

  @Test
  void demoStartsMatchesRecordsAndResumes() throws Exception {
    Path home = folder.resolve("entente-demo");
    int basePort = io.entente.node.FreePorts.block(2 * 4);
    StringWriter firstOut = new StringWriter();
    DemoRun first =
        new DemoRun(
            new DemoRun.Settings(
                home, true, SuiteId.STANDARD, basePort, 50, DemoLimits.DEFAULT_SEED, -1),
            new PrintWriter(firstOut, true));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<DemoDriver.Summary> running = thread.submit(first::run);
      awaitTrue(
          () -> running.isDone() || cursor(home) >= FIRST_RUN_RECORDS,
          "the first run committing " + FIRST_RUN_RECORDS + " records",
          firstOut);
      assertThat(running.isDone()).as("the first run stopped early:\n%s", firstOut).isFalse();

      DemoCluster cluster = DemoCluster.open(home);
      String printed = firstOut.toString();
      for (DemoCluster.Bank bank : cluster.banks().values()) {
        assertThat(printed)
            .contains("https://127.0.0.1:" + bank.apiPorts().get(0) + "/ui/")
            .contains("operator / " + bank.password("operator"))
            .contains("checker / " + bank.password("checker"));
      }
      assertThat(cluster.banks()).hasSize(4);

      // Every agreement is active on both banks' nodes, and records are matched.
      ApiSession lead = cluster.session(DemoCluster.LEAD, "operator");
      DemoActivity activity = new DemoActivity(DemoLimits.DEFAULT_SEED);
      for (AgreementTerms terms : activity.agreements()) {
        String path = DemoApi.agreementPath(DemoActivity.channel(terms), terms.agreement());
        ApiSession partner =
            cluster.session(DemoActivity.institution(terms.partnerBank()), "checker");
        assertThat(DemoAgreements.status(lead, path)).isEqualTo(DemoAgreements.ACTIVE);
        assertThat(DemoAgreements.status(partner, path)).isEqualTo(DemoAgreements.ACTIVE);
      }
      awaitTrue(() -> matchedToday(lead, activity) > 0, "a matched record", firstOut);

      first.stop();
      DemoDriver.Summary summary = running.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
      assertThat(summary.refused()).isZero();
      assertThat(summary.cursor())
          .isEqualTo(cursor(home))
          .isGreaterThanOrEqualTo(FIRST_RUN_RECORDS);
      assertPortsFree(cluster);
      System.out.println(firstOut);

      // The second run, through the command line, resumes on the same data.
      long firstCursor = cursor(home);
      Path manifest = home.resolve(Layout.MANIFEST);
      FileTime written = Files.getLastModifiedTime(manifest);
      byte[] manifestBytes = Files.readAllBytes(manifest);
      StringWriter secondOut = new StringWriter();
      CommandLine command = Main.commandLine();
      command.setOut(new PrintWriter(secondOut, true));
      command.setErr(new PrintWriter(secondOut, true));
      int status =
          command.execute(
              "demo",
              "--home",
              home.toString(),
              "--rate",
              "50",
              "--stop-after-records",
              Long.toString(SECOND_RUN_RECORDS));
      String second = secondOut.toString();
      System.out.println(second);
      assertThat(status).as(second).isZero();
      assertThat(second)
          .contains("Resuming the demo consortium")
          .contains("from record " + firstCursor + " (resumed)")
          .doesNotContain("Writing a new")
          .doesNotContain("proposed by")
          .doesNotContain("accepted by")
          .doesNotContain("refused");
      for (AgreementTerms terms : activity.agreements()) {
        assertThat(second).contains("agreement " + terms.agreement() + " (");
      }
      assertThat(second.split("already active", -1)).hasSize(4);
      assertThat(Files.getLastModifiedTime(manifest)).isEqualTo(written);
      assertThat(Files.readAllBytes(manifest)).isEqualTo(manifestBytes);
      assertThat(cursor(home)).isEqualTo(firstCursor + SECOND_RUN_RECORDS);
      assertPortsFree(cluster);
    } finally {
      thread.shutdownNow();
      thread.awaitTermination(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }
  }

  private static long matchedToday(ApiSession lead, DemoActivity activity) {
    long matched = 0;
    try {
      for (AgreementTerms terms : activity.agreements()) {
        String path = DemoApi.agreementPath(DemoActivity.channel(terms), terms.agreement());
        DemoApi.Answer answer =
            DemoApi.get(lead, path + "/records?date=" + DemoDriver.today() + "&state=MATCHED");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        matched += answer.body().path("records").size();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return matched;
  }

  private static long cursor(Path home) {
    try {
      return DemoState.exists(home) ? DemoState.read(home).cursor() : 0;
    } catch (IOException e) {
      return 0; // being replaced at this moment: read it again
    }
  }

  private static void assertPortsFree(DemoCluster cluster) throws IOException {
    for (Map.Entry<String, DemoCluster.Bank> bank : cluster.banks().entrySet()) {
      for (int port : bank.getValue().apiPorts()) {
        try (ServerSocket socket = new ServerSocket(port)) {
          assertThat(socket.getLocalPort()).isEqualTo(port);
        }
      }
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what, StringWriter out)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + DEADLINE_MS + " ms; output:\n" + out);
      }
      Thread.sleep(200); // polling a condition under the deadline above
    }
  }
}
