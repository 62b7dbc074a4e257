package io.entente.colending.dayfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.entente.colending.EdgeLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DayFileReaderTest {

  static DayFileResult read(String text) throws IOException {
    return DayFileReader.read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Progress.NONE);
  }

  static DayFileResult resource(String name) throws IOException {
    try (InputStream in = DayFileReaderTest.class.getResourceAsStream("/dayfile/" + name)) {
      return DayFileReader.read(in, Progress.NONE);
    }
  }

  @Test
  void readsAmountsExactlyIntoFen() throws IOException {
    DayFileResult result =
        read(
            "event_ref,event_type,agreement,loan_ref,value_date,currency,amount,principal,interest,"
                + "partner_principal,partner_interest\n"
                + "R1,REPAYMENT,AGR,L1,2026-03-02,CNY,1072.1,1000,72.10,700.00,43.26\n");

    assertThat(result.errors()).isEmpty();
    DayFileRecord record = result.entries().get(0).record();
    assertThat(record.amountFen()).isEqualTo(107_210);
    assertThat(record.components().principal()).hasValue(100_000);
    assertThat(record.components().interest()).hasValue(7_210);
    assertThat(record.components().penalty()).isEmpty();
    assertThat(record.partnerPortions().interest()).hasValue(4_326);
    assertThat(record.valueDate()).isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(record.action()).isEqualTo(Action.REPORT);
    assertThat(record.reason()).isEmpty();
  }

  @Test
  void aLineWithoutComponentsHasTheSingleComponentOfItsType() throws IOException {
    DayFileResult result =
        read(
            "event_ref,event_type,agreement,loan_ref,value_date,currency,amount\n"
                + "D1,DISBURSEMENT,AGR,L1,2026-03-02,CNY,500.00\n"
                + "F1,FEE,AGR,,2026-03-02,CNY,3.50\n"
                + "R1,RESERVE_DEPOSIT,AGR,,2026-03-02,CNY,900.00\n");

    assertThat(result.errors()).isEmpty();
    assertThat(result.entries().get(0).record().components())
        .isEqualTo(Amounts.only(Component.PRINCIPAL, 50_000));
    assertThat(result.entries().get(1).record().components())
        .isEqualTo(Amounts.only(Component.FEE, 350));
    assertThat(result.entries().get(2).record().components()).isEqualTo(Amounts.NONE);
  }

  @Test
  void columnsMayComeInAnyOrderAndEmptyCellsAreAbsentColumns() throws IOException {
    DayFileResult shuffled =
        read(
            "amount,currency,value_date,agreement,event_type,event_ref,payment_ref\n"
                + "100.00,CNY,2026-03-02,AGR,RESERVE_DEPOSIT,E1,\n");
    DayFileResult plain =
        read(
            "event_ref,event_type,agreement,value_date,currency,amount\n"
                + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,100.00\n");

    assertThat(shuffled.errors()).isEmpty();
    assertThat(shuffled.entries().get(0).record()).isEqualTo(plain.entries().get(0).record());
    assertThat(shuffled.entries().get(0).record().paymentRef()).isEqualTo(Optional.empty());
  }

  @Test
  void everyBadLineIsReportedWithItsLineNumberAndReason() throws IOException {
    DayFileResult result = resource("bad/bad-lines.csv");

    assertThat(result.fileRejected()).isFalse();
    assertThat(result.errors())
        .extracting(LineError::line, LineError::reason)
        .containsExactly(
            tuple(3L, LineError.Reason.MISSING_FIELD),
            tuple(4L, LineError.Reason.TOO_MANY_DECIMALS),
            tuple(5L, LineError.Reason.NEGATIVE),
            tuple(6L, LineError.Reason.UNKNOWN_EVENT_TYPE),
            tuple(7L, LineError.Reason.COMPONENTS_DO_NOT_SUM),
            tuple(8L, LineError.Reason.REASON_REQUIRED),
            tuple(9L, LineError.Reason.DIRECTION_REQUIRED),
            tuple(10L, LineError.Reason.BAD_DATE),
            tuple(11L, LineError.Reason.BAD_NUMBER),
            tuple(12L, LineError.Reason.BAD_CURRENCY),
            tuple(13L, LineError.Reason.BAD_IDENTIFIER),
            tuple(16L, LineError.Reason.UNKNOWN_EVENT_TYPE),
            tuple(17L, LineError.Reason.WRONG_CELL_COUNT),
            tuple(18L, LineError.Reason.DIRECTION_NOT_ALLOWED));
    assertThat(result.errors().get(0).detail()).isEqualTo("loan_ref is required");
    assertThat(result.errors().get(1).detail()).contains("'12.345'", "more than 2 decimal places");
    assertThat(result.errors().get(4).detail()).contains("sum to 95.00", "amount is 100.00");
    assertThat(result.errors().get(11).detail()).contains("API-only");
    assertThat(result.errors().get(0).toString())
        .isEqualTo("line 3: MISSING_FIELD: loan_ref is required");
    assertThat(result.entries()).extracting(DayFileEntry::line).containsExactly(2L, 15L);
  }

  @Test
  void byDefaultNothingFromAnInvalidFileIsSubmittable() throws IOException {
    DayFileResult result = resource("bad/bad-lines.csv");

    assertThat(result.submittable(ImportPolicy.NOTHING_FROM_AN_INVALID_FILE)).isEmpty();
    assertThat(result.submittable(ImportPolicy.KEEP_VALID_LINES))
        .extracting(DayFileRecord::eventRef)
        .containsExactly("E1", "E13");
  }

  @Test
  void anUnknownColumnRejectsTheWholeFile() throws IOException {
    DayFileResult result = resource("bad/unknown-column.csv");

    assertThat(result.fileRejected()).isTrue();
    assertThat(result.errors())
        .extracting(LineError::line, LineError::reason, LineError::detail)
        .containsExactly(
            tuple(1L, LineError.Reason.UNKNOWN_COLUMN, "unknown column 'borrower_name'"));
    assertThat(result.submittable(ImportPolicy.KEEP_VALID_LINES)).isEmpty();
  }

  @Test
  void aRepeatedColumnRejectsTheWholeFile() throws IOException {
    DayFileResult result = read("event_ref,amount,amount\nE1,1.00,2.00\n");

    assertThat(result.fileRejected()).isTrue();
    assertThat(result.errors())
        .extracting(LineError::reason)
        .containsExactly(LineError.Reason.DUPLICATE_COLUMN);
  }

  @Test
  void brokenQuotingRejectsTheWholeFile() throws IOException {
    DayFileResult result = resource("bad/unterminated-quote.csv");

    assertThat(result.fileRejected()).isTrue();
    assertThat(result.errors())
        .extracting(LineError::reason)
        .containsExactly(LineError.Reason.MALFORMED_CSV);
    assertThat(result.submittable(ImportPolicy.KEEP_VALID_LINES)).isEmpty();
  }

  @Test
  void invalidUtf8RejectsTheWholeFile() throws IOException {
    byte[] bytes = "event_ref,amount\nE\u00e9,1.00\n".getBytes(StandardCharsets.ISO_8859_1);

    DayFileResult result = DayFileReader.read(new ByteArrayInputStream(bytes), Progress.NONE);

    assertThat(result.fileRejected()).isTrue();
    assertThat(result.errors())
        .extracting(LineError::reason)
        .containsExactly(LineError.Reason.BAD_ENCODING);
  }

  @Test
  void anEmptyFileHasNoHeader() throws IOException {
    assertThat(read("").errors())
        .extracting(LineError::reason)
        .containsExactly(LineError.Reason.NO_HEADER);
  }

  @Test
  void crlfLineEndingsReadLikeLf() throws IOException {
    DayFileResult result =
        read(
            "event_ref,event_type,agreement,value_date,currency,amount\r\n"
                + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\r\n"
                + "E2,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,-1.00\r\n");

    assertThat(result.entries()).extracting(e -> e.record().eventRef()).containsExactly("E1");
    assertThat(result.errors())
        .extracting(LineError::line, LineError::reason)
        .containsExactly(tuple(3L, LineError.Reason.NEGATIVE));
  }

  @Test
  void aLeadingByteOrderMarkIsIgnored() throws IOException {
    DayFileResult result =
        read(
            "\uFEFFevent_ref,event_type,agreement,value_date,currency,amount\n"
                + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n");

    assertThat(result.errors()).isEmpty();
    assertThat(result.entries()).hasSize(1);
  }

  @Test
  void identicalRepeatsCountOnceAndDifferingReportsAreFlaggedAsConflicts() throws IOException {
    DayFileResult result = resource("duplicates.csv");

    assertThat(result.errors()).isEmpty();
    assertThat(result.identicalRepeatLines()).containsExactly(3L);
    assertThat(result.entries())
        .extracting(
            e -> e.record().eventRef(),
            e -> e.record().amountFen(),
            DayFileEntry::duplicateConflict)
        .containsExactly(
            tuple("E1", 10_000L, false),
            tuple("E2", 20_000L, false),
            tuple("E2", 25_000L, true),
            tuple("E1", 10_000L, false));
  }

  @Test
  void aCorrectionOfAnEarlierLineIsNotAConflict() throws IOException {
    DayFileResult result =
        read(
            "event_ref,event_type,agreement,value_date,currency,amount,action,reason\n"
                + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00,,\n"
                + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,2.00,CORRECT,typo\n"
                + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,2.00,REVERSE,never happened\n");

    assertThat(result.errors()).isEmpty();
    assertThat(result.entries()).noneMatch(DayFileEntry::duplicateConflict);
    assertThat(result.entries())
        .extracting(e -> e.record().action())
        .containsExactly(Action.REPORT, Action.CORRECT, Action.REVERSE);
  }

  @Test
  void aPortionWithoutItsComponentIsRejected() throws IOException {
    DayFileResult result =
        read(
            "event_ref,event_type,agreement,loan_ref,value_date,currency,amount,principal,"
                + "partner_interest\n"
                + "R1,REPAYMENT,AGR,L1,2026-03-02,CNY,5.00,5.00,1.00\n");

    assertThat(result.errors())
        .extracting(LineError::reason)
        .containsExactly(LineError.Reason.PORTION_WITHOUT_COMPONENT);
  }

  @Test
  void reserveEventsCarryNoComponents() throws IOException {
    DayFileResult result =
        read(
            "event_ref,event_type,agreement,value_date,currency,amount,principal\n"
                + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,5.00,5.00\n");

    assertThat(result.errors())
        .extracting(LineError::reason)
        .containsExactly(LineError.Reason.COMPONENTS_NOT_ALLOWED);
  }

  @Test
  void anOverlongLineRejectsTheFileAtThatLine() throws IOException {
    String longRef = "X".repeat(EdgeLimits.DAY_FILE_LINE_CHARS_MAX + 1);
    DayFileResult result =
        read(
            "event_ref,event_type,agreement,value_date,currency,amount\n"
                + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n"
                + longRef
                + ",RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n");

    assertThat(result.fileRejected()).isTrue();
    assertThat(result.errors())
        .extracting(LineError::line, LineError::reason)
        .containsExactly(tuple(3L, LineError.Reason.LINE_TOO_LONG));
    assertThat(result.errors().get(0).detail()).contains("DAY_FILE_LINE_CHARS_MAX");
  }

  @Test
  void anOverlongIdentifierIsRejected() throws IOException {
    String ref = "X".repeat(EdgeLimits.DAY_FILE_IDENTIFIER_CHARS_MAX + 1);
    DayFileResult result =
        read(
            "event_ref,event_type,agreement,value_date,currency,amount\n"
                + ref
                + ",RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n");

    assertThat(result.errors())
        .extracting(LineError::reason)
        .containsExactly(LineError.Reason.FIELD_TOO_LONG);
  }

  @Test
  void identifiersWithSurroundingSpacesOrControlCharactersAreRejected() throws IOException {
    DayFileResult result =
        read(
            "event_ref,event_type,agreement,value_date,currency,amount\n"
                + "E1 ,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n"
                + "\"E\n2\",RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n"
                + "E3,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n");

    assertThat(result.errors())
        .extracting(LineError::line, LineError::reason)
        .containsExactly(
            tuple(2L, LineError.Reason.BAD_IDENTIFIER), tuple(3L, LineError.Reason.BAD_IDENTIFIER));
    assertThat(result.errors().get(0).detail())
        .isEqualTo("event_ref 'E1 ' has leading or trailing spaces");
    assertThat(result.entries()).extracting(DayFileEntry::line).containsExactly(5L);
  }

  @Test
  void tooManyRecordsRejectTheFile() throws IOException {
    StringBuilder text =
        new StringBuilder("event_ref,event_type,agreement,value_date,currency,amount\n");
    for (int i = 0; i <= EdgeLimits.DAY_FILE_RECORDS_MAX; i++) {
      text.append('E').append(i).append(",RESERVE_DEPOSIT,A,2026-03-02,CNY,1\n");
    }
    List<Long> progress = new ArrayList<>();

    DayFileResult result =
        DayFileReader.read(
            new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
            progress::add);

    assertThat(result.fileRejected()).isTrue();
    assertThat(result.errors())
        .extracting(LineError::line, LineError::reason)
        .containsExactly(
            tuple((long) EdgeLimits.DAY_FILE_RECORDS_MAX + 2, LineError.Reason.TOO_MANY_RECORDS));
    assertThat(progress).startsWith(1_000L, 2_000L);
  }

  @Test
  void progressIsReportedAtTheEnd() throws IOException {
    List<Long> progress = new ArrayList<>();
    String text =
        "event_ref,event_type,agreement,value_date,currency,amount\n"
            + "E1,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n"
            + "E2,RESERVE_DEPOSIT,AGR,2026-03-02,CNY,1.00\n";

    DayFileReader.read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), progress::add);

    assertThat(progress).containsExactly(2L);
  }

  @Test
  void yuanParsesExactlyAndRefusesWhatIsNotAnAmount() throws Exception {
    assertThat(Yuan.parseFen("0")).isZero();
    assertThat(Yuan.parseFen("0.1")).isEqualTo(10);
    assertThat(Yuan.parseFen("19.99")).isEqualTo(1_999);
    assertThat(Yuan.parseFen("0012.30")).isEqualTo(1_230);
    assertThat(Yuan.parseFen("10000000000000")).isEqualTo(EdgeLimits.AMOUNT_FEN_MAX);
    for (String bad : List.of("", ".5", "5.", "1,000.00", "1e3", " 1.00", "+1", "NaN", "١٢")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Yuan.parseFen(bad))
          .isInstanceOf(Yuan.BadAmount.class)
          .extracting(e -> ((Yuan.BadAmount) e).problem())
          .isEqualTo(Yuan.Problem.BAD_NUMBER);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Yuan.parseFen("10000000000000.01"))
        .extracting(e -> ((Yuan.BadAmount) e).problem())
        .isEqualTo(Yuan.Problem.TOO_LARGE);
    assertThat(Yuan.format(0)).isEqualTo("0.00");
    assertThat(Yuan.format(5)).isEqualTo("0.05");
    assertThat(Yuan.format(-12_345)).isEqualTo("-123.45");
  }
}
