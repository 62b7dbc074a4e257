package io.entente.colending.dayfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.colending.RepositoryFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DayFileWriterTest {

  static DayFileResult readText(String text) throws IOException {
    return DayFileReader.read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Progress.NONE);
  }

  static List<DayFileRecord> allExamples() throws IOException {
    List<DayFileRecord> records = new ArrayList<>();
    try (var files = Files.list(RepositoryFiles.resolve("docs/examples/dayfiles"))) {
      for (Path file : files.sorted().toList()) {
        records.addAll(
            DayFileReader.read(file, Progress.NONE)
                .submittable(ImportPolicy.NOTHING_FROM_AN_INVALID_FILE));
      }
    }
    return records;
  }

  @Test
  void whatIsWrittenReadsBackAsTheSameRecords() throws IOException {
    List<DayFileRecord> records = allExamples();

    DayFileResult reread = readText(DayFileWriter.toText(records));

    assertThat(reread.errors()).isEmpty();
    assertThat(reread.entries())
        .extracting(DayFileEntry::record)
        .containsExactlyElementsOf(records);
  }

  @Test
  void theFixedFormHasEveryColumnInOrderTwoDecimalsAndLfEndings() {
    DayFileRecord record =
        DayFileRecord.report("E1", EventType.SETTLEMENT, "AGR", LocalDate.of(2026, 3, 2), "CNY", 5)
            .withDirection(Direction.OUT)
            .withAction(Action.CORRECT, "amount, corrected");

    String text = DayFileWriter.toText(List.of(record));

    assertThat(text)
        .isEqualTo(
            "event_ref,event_type,agreement,loan_ref,value_date,currency,amount,principal,interest,"
                + "penalty,fee,partner_principal,partner_interest,partner_penalty,partner_fee,"
                + "direction,payment_ref,settlement_ref,action,reason\n"
                + "E1,SETTLEMENT,AGR,,2026-03-02,CNY,0.05,,,,,,,,,OUT,,,CORRECT,\"amount, corrected\"\n");
  }

  @Test
  void batchKeysDependOnTheRecordsOnly() throws IOException {
    List<DayFileRecord> records = allExamples();

    List<Batch> first = Batches.split(records, 4);
    List<Batch> again =
        Batches.split(
            readText(DayFileWriter.toText(records))
                .submittable(ImportPolicy.NOTHING_FROM_AN_INVALID_FILE),
            4);

    assertThat(first).hasSize((records.size() + 3) / 4);
    assertThat(again)
        .extracting(Batch::idempotencyKey)
        .containsExactlyElementsOf(first.stream().map(Batch::idempotencyKey).toList());
    assertThat(first).extracting(Batch::idempotencyKey).doesNotHaveDuplicates();
    assertThat(first.get(0).idempotencyKey()).matches("[0-9a-f]{64}");
  }

  @Test
  void aResumedImportRecomputesTheSameKeysForTheBatchesLeft() throws IOException {
    List<DayFileRecord> records = allExamples();
    List<Batch> all = Batches.split(records, 3);

    // Resuming after two batches went through: the same split of the same file.
    List<Batch> resumed = Batches.split(records, 3).subList(2, all.size());

    assertThat(resumed).isEqualTo(all.subList(2, all.size()));
  }

  @Test
  void anyChangeOfContentChangesTheKey() {
    DayFileRecord record =
        DayFileRecord.report(
            "E1", EventType.RESERVE_DEPOSIT, "AGR", LocalDate.of(2026, 3, 2), "CNY", 100);
    String key = Batches.idempotencyKey(List.of(record));

    assertThat(Batches.idempotencyKey(List.of(record.withAmounts(101, Amounts.NONE, Amounts.NONE))))
        .isNotEqualTo(key);
    assertThat(Batches.idempotencyKey(List.of(record.withPaymentRef("P")))).isNotEqualTo(key);
    assertThat(Batches.idempotencyKey(List.of(record, record))).isNotEqualTo(key);
    assertThat(Batches.idempotencyKey(List.of(record))).isEqualTo(key);
  }

  @Test
  void batchSizeIsBounded() {
    assertThatThrownBy(() -> Batches.split(List.of(), 0)).hasMessageContaining("BATCH_RECORDS_MAX");
  }

  @Test
  void keepingValidLinesWritesTheRejectsAndBatchesTheRest(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("day.csv");
    Files.writeString(
        file,
        "event_ref,event_type,agreement,value_date,currency,amount\n"
            + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n"
            + "E2,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.001\n"
            + "E3,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,3.00\n");
    Path rejects = dir.resolve("day.rejects.csv");

    DayFileImport.Outcome strict =
        DayFileImport.run(file, DayFileImport.Options.allOrNothing(10), Progress.NONE);
    DayFileImport.Outcome lenient =
        DayFileImport.run(file, DayFileImport.Options.keepValidLines(rejects, 10), Progress.NONE);

    assertThat(strict.batches()).isEmpty();
    assertThat(strict.rejectsWritten()).isEmpty();
    assertThat(lenient.batches()).hasSize(1);
    assertThat(lenient.batches().get(0).records())
        .extracting(DayFileRecord::eventRef)
        .containsExactly("E1", "E3");
    assertThat(lenient.rejectsWritten()).contains(rejects);
    assertThat(Files.readString(rejects))
        .isEqualTo(
            "line,reject_reason,event_ref,event_type,agreement,value_date,currency,amount\n"
                + "3,TOO_MANY_DECIMALS: amount '1.001' has more than 2 decimal places,"
                + "E2,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.001\n");
  }
}
