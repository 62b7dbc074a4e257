package io.entente.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.ConsensusConfig;
import io.entente.core.crypto.SuiteId;
import io.entente.node.FreePorts;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.runtime.RunningNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code entente status} against a running node (its API), and its argument errors. */
class StatusCommandTest {
  @TempDir Path folder;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void printsEveryChannelOfARunningNode() throws Exception {
    Path consortium = folder.resolve("consortium");
    ConsortiumWriter.write(
        new ConsortiumSpec(
                "lead-bank",
                List.of("partner-a"),
                1,
                SuiteId.STANDARD,
                FreePorts.block(4),
                "127.0.0.1")
            .withKeyIterations(1_000),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    Path home = consortium.resolve("lead-bank").resolve(Layout.nodeFolder(1));
    try (RunningNode node =
        RunningNode.start(
            NodeConfig.load(home.resolve(Layout.NODE_CONFIG)), ConsensusConfig.DEFAULT)) {
      CliRun status =
          run(
              "status",
              "--home",
              home.toString(),
              "--credentials",
              consortium.resolve("lead-bank").resolve(Layout.ADMIN_CREDENTIALS).toString());
      assertThat(status.status()).as(status.err()).isZero();
      assertThat(status.out())
          .contains("node lead-bank-node-1 of lead-bank: ready")
          .contains("governance")
          .contains("lead-bank--partner-a")
          .contains("height");

      CliRun wrongUser =
          run(
              "status",
              "--home",
              home.toString(),
              "--user",
              "nobody",
              "--credentials",
              consortium.resolve("lead-bank").resolve(Layout.ADMIN_CREDENTIALS).toString());
      assertThat(wrongUser.status()).isEqualTo(2);
      assertThat(wrongUser.err()).contains("nobody.password");
    }
  }

  @Test
  void aHomeWithoutAConfigurationIsAClearError() {
    Path credentials = folder.resolve("credentials.txt");
    try {
      java.nio.file.Files.writeString(credentials, "admin.password=x\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    CliRun status =
        run(
            "status",
            "--home",
            folder.resolve("missing").toString(),
            "--credentials",
            credentials.toString());
    assertThat(status.status()).isEqualTo(1);
    assertThat(status.err()).startsWith("entente status: ").contains("node.json");
  }
}
