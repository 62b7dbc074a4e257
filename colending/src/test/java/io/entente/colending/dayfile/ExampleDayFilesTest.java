package io.entente.colending.dayfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.colending.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The example day files the repository ships read without a single error. */
class ExampleDayFilesTest {
  private static final Path EXAMPLES = RepositoryFiles.resolve("docs/examples/dayfiles");

  @ParameterizedTest
  @CsvSource({
    "reserve-deposit.csv, RESERVE_DEPOSIT",
    "reserve-withdrawal.csv, RESERVE_WITHDRAWAL",
    "disbursement.csv, DISBURSEMENT",
    "repayment.csv, REPAYMENT",
    "fee.csv, FEE",
    "write-off.csv, WRITE_OFF",
    "recovery.csv, RECOVERY",
    "settlement.csv, SETTLEMENT"
  })
  void exampleReadsWithoutErrors(String file, EventType type) throws IOException {
    DayFileResult result = DayFileReader.read(EXAMPLES.resolve(file), Progress.NONE);

    assertThat(result.errors()).isEmpty();
    assertThat(result.entries()).isNotEmpty();
    assertThat(result.entries())
        .allSatisfy(e -> assertThat(e.record().eventType()).isEqualTo(type));
    assertThat(result.entries()).noneMatch(DayFileEntry::duplicateConflict);
  }

  @Test
  void thereIsAnExampleForEveryEventType() throws IOException {
    Set<EventType> seen = EnumSet.noneOf(EventType.class);
    try (var files = java.nio.file.Files.list(EXAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
        DayFileReader.read(file, Progress.NONE)
            .entries()
            .forEach(entry -> seen.add(entry.record().eventType()));
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(EventType.values());
  }

  @Test
  void theRepaymentExampleCarriesACorrection() throws IOException {
    DayFileResult result = DayFileReader.read(EXAMPLES.resolve("repayment.csv"), Progress.NONE);

    DayFileEntry correction = result.entries().get(2);
    assertThat(correction.line()).isEqualTo(4);
    assertThat(correction.record().action()).isEqualTo(Action.CORRECT);
    assertThat(correction.record().reason()).contains("penalty recomputed: one more day overdue");
    assertThat(correction.duplicateConflict()).isFalse();
  }
}
