package io.entente.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code entente init}, run in-process as a user would run it. Runs that write pass the hidden
 * {@code --insecure-key-iterations 1000}, as the demo and multi-process tests do, so that each
 * takes a second rather than half a minute.
 */
class InitCommandTest {
  private static final String[] FAST = {"--insecure-key-iterations", "1000"};

  @TempDir Path temp;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void refusesAnExistingFolderWithoutForceAndReplacesItWithForceOnTheSamePorts()
      throws IOException {
    Path folder = temp.resolve("consortium");
    String[] small =
        concat(
            new String[] {"--partner", "bank-b", "--nodes-per-org", "1", "--base-port", "21000"},
            FAST);

    CliRun first = run(concat(new String[] {"init", folder.toString()}, small));
    assertThat(first.status()).as(first.err()).isEqualTo(InitCommand.WRITTEN);
    assertThat(first.err())
        .contains("WARNING: --insecure-key-iterations 1000")
        .contains("1000 PBKDF2 iterations instead of 600000")
        .contains("tests and demos on one machine only");
    assertThat(first.out()).contains("users admin, gateway");
    assertThat(first.out())
        .contains("lead-bank-node-1", "21000 / 21001", "bank-b-node-1", "21002 / 21003")
        .contains("lead-bank--bank-b", "governance", "Governance state hash");
    JsonNode firstManifest = manifest(folder);
    Path marker = Files.writeString(folder.resolve("marker.txt"), "mine");

    CliRun refused = run(concat(new String[] {"init", folder.toString()}, small));
    assertThat(refused.status()).isEqualTo(InitCommand.NOT_WRITTEN);
    assertThat(refused.err()).contains("exists and is not empty", "--force");
    assertThat(marker).hasContent("mine");
    assertThat(manifest(folder)).isEqualTo(firstManifest);

    CliRun replaced = run(concat(new String[] {"init", folder.toString(), "--force"}, small));
    assertThat(replaced.status()).as(replaced.err()).isEqualTo(InitCommand.WRITTEN);
    assertThat(marker).doesNotExist();
    JsonNode secondManifest = manifest(folder);
    assertThat(ports(secondManifest)).isEqualTo(ports(firstManifest)).hasSize(2);
    assertThat(secondManifest.get("governanceState").get("hash"))
        .isNotEqualTo(firstManifest.get("governanceState").get("hash"));
    assertThat(siblings(folder)).containsExactly("consortium");
  }

  @Test
  void anEmptyExistingFolderIsFilledWithoutForce() throws IOException {
    Path folder = Files.createDirectory(temp.resolve("empty"));
    CliRun run =
        run(
            concat(
                new String[] {
                  "init",
                  folder.toString(),
                  "--partners",
                  "1",
                  "--nodes-per-org",
                  "1",
                  "--crypto",
                  "guomi"
                },
                FAST));
    assertThat(run.status()).as(run.err()).isEqualTo(InitCommand.WRITTEN);
    assertThat(manifest(folder).get("suite").asText()).isEqualTo("guomi");
    assertThat(manifest(folder).get("keyIterations").asInt()).isEqualTo(1000);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--lead|Lead Bank|the lead name 'Lead Bank' is not valid",
        "--partners|0|--partners must be 1 to 26, got 0",
        "--partners|27|--partners must be 1 to 26, got 27",
        "--nodes-per-org|0|--nodes-per-org must be 1 to 16, got 0",
        "--nodes-per-org|17|--nodes-per-org must be 1 to 16, got 17",
        "--crypto|rsa|unknown crypto suite 'rsa' (expected standard or guomi)",
        "--base-port|65530|--base-port 65530 does not fit: 8 nodes take 16 ports",
        "--base-port|80|--base-port 80 does not fit",
        "--partner|lead-bank|partner 'lead-bank' is also the lead",
        "--partner|x--y|the partner name 'x--y' is not valid",
        "--insecure-key-iterations|999|--insecure-key-iterations must be 1000 to 600000, got 999",
        "--insecure-key-iterations|600001|--insecure-key-iterations must be 1000 to 600000",
      })
  void badArgumentsGiveAClearErrorAndWriteNothing(String option, String value, String message) {
    Path folder = temp.resolve("never");
    CliRun run = run("init", folder.toString(), option, value);
    assertThat(run.status()).isEqualTo(InitCommand.BAD_ARGUMENTS);
    assertThat(run.err()).startsWith("entente init: ").contains(message);
    assertThat(temp).isEmptyDirectory();
  }

  @Test
  void theInsecureIterationsOptionIsHiddenFromHelp() {
    CliRun help = run("init", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("--base-port").doesNotContain("insecure");
  }

  @Test
  void partnersAndPartnerNamesTogetherAreRefused() {
    CliRun run = run("init", temp.resolve("x").toString(), "--partners", "2", "--partner", "p");
    assertThat(run.status()).isEqualTo(InitCommand.BAD_ARGUMENTS);
    assertThat(run.err()).contains("either --partners N or --partner NAME, not both");
    assertThat(temp).isEmptyDirectory();
  }

  @Test
  void aFileInPlaceOfTheFolderIsNeverReplaced() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "keep");
    CliRun run = run("init", file.toString(), "--force");
    assertThat(run.status()).isEqualTo(InitCommand.NOT_WRITTEN);
    assertThat(run.err()).contains("exists and is not a folder");
    assertThat(file).hasContent("keep");
  }

  private static JsonNode manifest(Path folder) throws IOException {
    return new ObjectMapper().readTree(folder.resolve("consortium.json").toFile());
  }

  private static List<String> ports(JsonNode manifest) {
    List<String> ports = new ArrayList<>();
    for (JsonNode node : manifest.get("nodes")) {
      ports.add(
          node.get("nodeId").asText()
              + " "
              + node.get("p2p").toString()
              + " "
              + node.get("api").toString());
    }
    return ports;
  }

  private List<String> siblings(Path folder) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> entries = Files.list(folder.getParent())) {
      entries.forEach(entry -> names.add(entry.getFileName().toString()));
    }
    return names;
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = new String[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
