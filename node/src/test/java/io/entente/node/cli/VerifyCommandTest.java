package io.entente.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command-line verifier, run in-process as a user would run it. */
class VerifyCommandTest {
  @TempDir Path folder;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard", "guomi"})
  void theDemoExportsBundlesThatVerifyAndATamperedOneThatDoesNot(String crypto) {
    CliRun demo = run("verify-demo", "--crypto", crypto, "--out", folder.toString());
    assertThat(demo.status()).as(demo.out() + demo.err()).isZero();

    CliRun transaction = run("verify", folder.resolve("transaction.bundle").toString());
    assertThat(transaction.status()).isEqualTo(VerifyCommand.VALID);
    assertThat(transaction.out())
        .contains("VALID", "set changes  1", "colending/attestation-batch");

    CliRun receipt = run("verify", folder.resolve("receipt.bundle").toString());
    assertThat(receipt.status()).isEqualTo(VerifyCommand.VALID);
    assertThat(receipt.out()).contains("ACCEPTED receipt");

    CliRun tampered = run("verify", folder.resolve("tampered.bundle").toString());
    assertThat(tampered.status()).isEqualTo(VerifyCommand.INVALID);
    assertThat(tampered.out()).contains("INVALID      merkle-root-mismatch: proof:");
  }

  @Test
  void unreadableInputIsReportedWithoutAVerdict() throws IOException {
    Path garbage = Files.write(folder.resolve("garbage.bundle"), new byte[] {0x22, 0x01});
    CliRun truncated = run("verify", garbage.toString());
    assertThat(truncated.status()).isEqualTo(VerifyCommand.UNREADABLE);
    assertThat(truncated.err()).contains("is not an audit bundle", "truncated");
    assertThat(truncated.out()).doesNotContain("VALID");

    CliRun missing = run("verify", folder.resolve("absent.bundle").toString());
    assertThat(missing.status()).isEqualTo(VerifyCommand.UNREADABLE);
    assertThat(missing.err()).contains("cannot read");
  }
}
