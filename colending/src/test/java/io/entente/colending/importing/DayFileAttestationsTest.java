package io.entente.colending.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.colending.EventRecord;
import io.entente.app.colending.Requests;
import io.entente.colending.dayfile.DayFileReader;
import io.entente.colending.dayfile.DayFileResult;
import io.entente.colending.dayfile.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every line of every example day file becomes an attestation record the co-lending application
 * accepts as a value, and a batch of them survives the transaction content's encoding; a line whose
 * partner portions are only partly given is refused with its line number.
 */
class DayFileAttestationsTest {
  private static final Path EXAMPLES = Path.of("..", "docs", "examples", "dayfiles");

  @Test
  void everyExampleLineMapsAndABatchRoundTrips() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(EXAMPLES)) {
      files = listed.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    assertThat(files).hasSize(8);
    for (Path file : files) {
      DayFileResult read = DayFileReader.read(file, Progress.NONE);
      assertThat(read.fileRejected()).as(file.toString()).isFalse();
      var entries = read.entries();
      assertThat(entries).as(file.toString()).isNotEmpty();

      DayFileAttestations.Mapped mapped = DayFileAttestations.map(entries);

      assertThat(mapped.refused()).as(file.toString()).isEmpty();
      assertThat(mapped.records()).hasSameSizeAs(entries);
      Requests.AttestationBatch decoded =
          Requests.AttestationBatch.CODEC.decode(
              DayFileAttestations.batchContent(mapped.records()));
      assertThat(decoded.records()).isEqualTo(mapped.records());
      for (int i = 0; i < entries.size(); i++) {
        EventRecord record = mapped.records().get(i);
        assertThat(record.eventRef()).isEqualTo(entries.get(i).record().eventRef());
        assertThat(record.amount()).isEqualTo(entries.get(i).record().amountFen());
        assertThat(record.valueDate()).isEqualTo(entries.get(i).record().valueDate().toEpochDay());
      }
    }
  }

  @Test
  void partlyGivenPartnerPortionsAreRefusedWithTheirLine() throws IOException {
    String file =
        "event_ref,event_type,agreement,loan_ref,value_date,currency,amount,principal,interest,"
            + "partner_principal\n"
            + "R1,REPAYMENT,wld-2026,L1,2026-03-02,CNY,105.00,100.00,5.00,70.00\n"
            + "R2,REPAYMENT,wld-2026,L1,2026-03-02,CNY,100.00,100.00,0.00,70.00\n";
    DayFileResult read =
        DayFileReader.read(
            new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), Progress.NONE);
    assertThat(read.errors()).isEmpty();

    DayFileAttestations.Mapped mapped = DayFileAttestations.map(read.entries());

    assertThat(mapped.refused()).hasSize(1);
    assertThat(mapped.refused().get(0).line()).isEqualTo(2);
    assertThat(mapped.refused().get(0).detail()).contains("partner_interest");
    assertThat(mapped.records()).extracting(EventRecord::eventRef).containsExactly("R2");
    assertThat(mapped.lines()).containsExactly(3L);
  }
}
