package io.entente.app.colending;

import static io.entente.app.colending.Samples.AGREEMENT;
import static io.entente.app.colending.Samples.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import io.entente.core.codec.CodecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void termsRecordsAndRequestsRoundTrip() {
    AgreementTerms terms = Samples.terms();
    assertThat(Samples.roundTrip(AgreementTerms.CODEC, terms)).isEqualTo(terms);
    EventRecord record =
        Samples.refs(Samples.disbursement("D1", "L1", 100_00), "PAY1", "S1", "H1")
            .withPartnerPortion(Components.principal(70_00));
    assertThat(Samples.roundTrip(EventRecord.CODEC, record)).isEqualTo(record);
    var batch = new Requests.AttestationBatch(List.of(record, Samples.deposit("R1", 5)));
    assertThat(Samples.roundTrip(Requests.AttestationBatch.CODEC, batch)).isEqualTo(batch);
    var statement =
        new Requests.ReserveStatement(
            AGREEMENT,
            "ACC1",
            DAY,
            -5,
            List.of(
                new Requests.StatementEntry("E1", "PAY1", 7, true, DAY),
                new Requests.StatementEntry("E2", "", 9, false, DAY)));
    assertThat(Samples.roundTrip(Requests.ReserveStatement.CODEC, statement)).isEqualTo(statement);
    var proposal =
        new Requests.BreakProposal("B1", "P1", Requests.ProposalKind.ADJUSTMENT, "agreed", null);
    assertThat(Samples.roundTrip(Requests.BreakProposal.CODEC, proposal)).isEqualTo(proposal);
    var query = Requests.QueryRequest.records(AGREEMENT, DAY, "MATCHED", EventType.FEE);
    assertThat(Samples.roundTrip(Requests.QueryRequest.CODEC, query)).isEqualTo(query);
  }

  @Test
  void decodingRejectsTrailingBytesUnsortedListsAndBadValues() {
    Bytes good = EventRecord.CODEC.encode(Samples.deposit("R1", 5));
    assertThatThrownBy(() -> EventRecord.CODEC.decode(good.concat(Bytes.of(new byte[] {0}))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(CodecException.TRAILING_BYTES);
    var unsorted = new io.entente.core.codec.Writer().u8(ColendingTags.RESERVE_STATEMENT).u8(1);
    unsorted.string(AGREEMENT, 64).string("ACC", 64).i64(DAY).i64(0).u32(2);
    for (String ref : List.of("E2", "E1")) {
      unsorted.string(ref, 64).string("", 64).i64(1).bool(true).i64(DAY);
    }
    assertThatThrownBy(() -> Requests.ReserveStatement.CODEC.decode(unsorted.toBytes()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(CodecException.NOT_SORTED);
    // A negative amount is well-formed bytes but not a valid record.
    byte[] negative = good.toByteArray();
    int amountOffset = indexOfAmount(good);
    negative[amountOffset] = (byte) 0xFF;
    assertThatThrownBy(() -> EventRecord.CODEC.decode(Bytes.of(negative)))
        .isInstanceOf(CodecException.class);
  }

  /** The amount field's first byte in an encoded deposit of 5 fen (value ...05 at the end). */
  private static int indexOfAmount(Bytes encoded) {
    byte[] bytes = encoded.toByteArray();
    for (int i = 0; i + 8 <= bytes.length; i++) {
      boolean match = bytes[i + 7] == 5;
      for (int j = 0; j < 7 && match; j++) {
        match = bytes[i + j] == 0;
      }
      if (match) {
        return i;
      }
    }
    throw new AssertionError("no amount field");
  }

  @Test
  void recordsRefuseInconsistentContent() {
    assertThatThrownBy(
            () ->
                Samples.with(Samples.disbursement("D1", "L1", 100), 101, Components.principal(100)))
        .hasMessageContaining("sum");
    assertThatThrownBy(() -> Samples.disbursement("D1", "", 100)).hasMessageContaining("loan_ref");
    assertThatThrownBy(() -> Samples.deposit("bad/ref", 1)).hasMessageContaining("event_ref");
    assertThatThrownBy(() -> Samples.deposit("R1", 1).withAction(Action.CORRECT, " "))
        .hasMessageContaining("reason");
  }

  @Test
  void theLeadFloorIsOnByDefaultAndConfigurable() {
    AgreementTerms t = Samples.terms();
    assertThatThrownBy(
            () ->
                new AgreementTerms(
                    t.id(),
                    t.lead(),
                    t.partner(),
                    "CNY",
                    new SplitTable(8000, 7000, 7000, 7000),
                    t.reserveWarnFen(),
                    t.reserveCriticalFen(),
                    t.counterpartSlaMs(),
                    1,
                    t.holdTtlMs(),
                    t.partnerPrincipalCapFen(),
                    ColendingLimits.LEAD_FLOOR_BP_DEFAULT,
                    t.closeGraceMs()))
        .hasMessageContaining("floor");
    AgreementTerms off =
        new AgreementTerms(
            t.id(),
            t.lead(),
            t.partner(),
            "CNY",
            new SplitTable(8000, 7000, 7000, 7000),
            t.reserveWarnFen(),
            t.reserveCriticalFen(),
            t.counterpartSlaMs(),
            1,
            t.holdTtlMs(),
            t.partnerPrincipalCapFen(),
            0,
            t.closeGraceMs());
    assertThat(off.split().principalBp()).isEqualTo(8000);
  }

  @Test
  void shanghaiDaysStartAtMidnightUtcPlusEight() {
    long startOfDay = ShanghaiCalendar.startOfDay(DAY);
    assertThat(ShanghaiCalendar.iso(DAY)).isEqualTo("2026-03-02");
    assertThat(ShanghaiCalendar.day(startOfDay)).isEqualTo(DAY);
    assertThat(ShanghaiCalendar.day(startOfDay - 1)).isEqualTo(DAY - 1);
    assertThat(startOfDay).isEqualTo(1_772_380_800_000L); // 2026-03-01T16:00:00Z
  }

  /**
   * Pinned encodings: a changed encoding must be a new codec version, so these never change. The
   * record: a disbursement of 100.00 by the lead with a hold, the terms: the test agreement.
   */
  @Test
  void encodingsArePinned() {
    EventRecord record =
        Samples.refs(Samples.disbursement("D1", "L1", 100_00), "PAY1", "", "H1")
            .withPartnerPortion(Components.principal(70_00));
    assertThat(EventRecord.CODEC.encode(record).toHex()).isEqualTo(RECORD_HEX);
    assertThat(AgreementTerms.CODEC.encode(Samples.terms()).toHex()).isEqualTo(TERMS_HEX);
  }

  static final String RECORD_HEX =
      "62010008776c642d32303236020002443100000000024c3100000000000050220003434e5900000000000027100000000000002710000000000000000000000000000000000000000000000000010000000000001b5800000000000000000000000000000000000000000000000000000450415931000000024831";
  static final String TERMS_HEX =
      "60010008776c642d323032360006776562616e6b00066875617275690003434e591b58196417701388000000000098968000000000001e848000000000006ddd000100000000001b7740000000003b9aca000bb800000000001b7740";

  @Test
  void truncationNeverSplitsACharacter() {
    assertThat(Fields.truncate("abc", 2)).isEqualTo("ab");
    assertThat(Fields.truncate("放款金额", 7)).isEqualTo("放款");
    assertThat(Fields.truncate("a\uD83D\uDE00b", 4)).isEqualTo("a");
    assertThat(Fields.truncate("a\uD83D\uDE00b", 5)).isEqualTo("a\uD83D\uDE00");
  }
}
