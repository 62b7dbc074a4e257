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

      CliRun withNodes =
          run(
              "status",
              "--home",
              home.toString(),
              "--nodes",
              "--credentials",
              consortium.resolve("lead-bank").resolve(Layout.ADMIN_CREDENTIALS).toString());
      assertThat(withNodes.status()).as(withNodes.err()).isZero();
      assertThat(withNodes.out())
          .as("the partner's node was never started: listed, not connected, not heard")
          .contains("nodes of lead-bank--partner-a")
          .contains("lead-bank-node-1 (this)")
          .containsPattern("partner-a-node-1 +partner-a +validator +NOT CONNECTED +- +- +not heard")
          .contains("round changes: none since the node started")
          .contains("equivocation evidence: none");

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
  void roundChangesAndEquivocationEvidenceArePrintedSoTheyStandOut() throws Exception {
    String health =
        "{\"channel\":\"a--b\",\"height\":9,"
            + "\"nodes\":[{\"nodeId\":\"b-node-2\",\"institution\":\"b\",\"self\":false,"
            + "\"validator\":true,\"connected\":true,\"height\":7,\"lagBlocks\":2,"
            + "\"lastSeenMs\":1000}],"
            + "\"roundChanges\":[{\"height\":8,\"round\":2,\"atMs\":0}],"
            + "\"evidence\":[{\"validator\":\"ab12\",\"nodeId\":\"b-node-2\","
            + "\"messageType\":\"PREPARE\",\"height\":8,\"round\":1}]}";
    java.io.StringWriter text = new java.io.StringWriter();
    StatusCommand.printHealth(
        new java.io.PrintWriter(text),
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(health),
        java.time.Instant.ofEpochMilli(31_000));
    assertThat(text.toString())
        .containsPattern("b-node-2 +b +validator +connected +7 +2  30 s ago")
        .contains("height 8 to round 2 at 1970-01-01T00:00:00Z")
        .contains("EQUIVOCATION EVIDENCE: 1")
        .contains("b-node-2 (validator ab12) signed two PREPARE at height 8 round 1");
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
