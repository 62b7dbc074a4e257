package io.entente.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entente.node.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke run of {@code entente bench}: two nodes, a few hundred records. It checks that the
 * bench runs, reports every figure and leaves no process behind — never how fast anything was.
 */
class BenchSmokeTest {
  @TempDir Path folder;

  @AfterEach
  void noProcessLeft() {
    List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
    left.forEach(ProcessHandle::destroyForcibly);
    assertThat(left).as("processes the bench left running").isEmpty();
  }

  @Test
  void aTinyRunReportsEveryFigure() throws Exception {
    Path out = folder.resolve("out");
    StringWriter output = new StringWriter();
    StringWriter errors = new StringWriter();
    int status =
        Main.commandLine()
            .setOut(new PrintWriter(output))
            .setErr(new PrintWriter(errors))
            .execute(
                "bench",
                "--nodes-per-org",
                "1",
                "--records",
                "400",
                "--batch",
                "50",
                "--outstanding",
                "4",
                "--warmup",
                "0",
                "--duration",
                "60",
                "--out",
                out.toString());
    System.out.println(output);
    assertThat(status).as("exit status; errors: %s", errors).isZero();
    assertThat(output.toString())
        .contains("throughput:", "reconciliation latency", "signature ceiling:");

    JsonNode result = new ObjectMapper().readTree(out.resolve("bench-result.json").toFile());
    assertThat(result.get("setup").get("nodes").asInt()).isEqualTo(2);
    assertThat(result.get("setup").get("workload").asText()).isEqualTo("colending");
    JsonNode entente = result.get("entente");
    assertThat(entente.get("recordsCommitted").asLong()).isEqualTo(400);
    assertThat(entente.get("recordsMeasured").asLong()).isPositive();
    assertThat(entente.get("recordsPerSecond").asDouble()).isPositive();
    for (String percentile : List.of("p50", "p95", "p99", "max")) {
      assertThat(entente.get("latencyMs").get(percentile).asDouble()).as(percentile).isPositive();
      assertThat(entente.get("reconciliationLatencyMs").get(percentile).asDouble())
          .as("reconciliation " + percentile)
          .isPositive();
    }
    assertThat(entente.get("recordsNotSeenMatched").asLong())
        .as("committed records both banks' nodes never showed matched")
        .isZero();
    assertThat(result.get("cpuSecondsPer1000Records").asDouble()).isPositive();
    assertThat(result.get("nodes")).hasSize(2);
    for (JsonNode node : result.get("nodes")) {
      assertThat(node.get("cpuSeconds").asDouble()).isPositive();
      assertThat(node.get("peakRssMiB").asDouble()).isPositive();
    }
    JsonNode ceiling = result.get("signatureCeiling");
    assertThat(ceiling.get("verificationsPerSecond").asDouble()).isPositive();
    assertThat(ceiling.get("checksPerRecord").asInt()).isPositive();
    assertThat(ceiling.get("individuallySignedFraction").asDouble()).isPositive();
    assertThat(result.get("timeline")).isNotEmpty();
    assertThat(result.get("baselines")).isEmpty();
    assertThat(Files.readString(out.resolve("bench-report.html"))).contains("<svg", "polyline");
  }
}
