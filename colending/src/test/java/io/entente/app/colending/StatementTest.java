package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.DAY;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.BlockResult;
import io.entente.core.chain.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Daily statements: close by transaction or by time, prior-date adjustments, the CSV format. */
class StatementTest {
  private final Fixture f = Fixture.active();

  static final String GOLDEN =
      "event_ref,event_type,loan_ref,value_date,currency,amount,partner_principal,"
          + "partner_interest,partner_penalty,partner_fee,status,lead_reported,partner_reported,"
          + "prior_date\n"
          + "A9,FEE,,2026-03-02,CNY,10.00,0.00,0.00,0.00,5.00,MISMATCHED,Y,Y,N\n"
          + "D1,DISBURSEMENT,L1,2026-03-02,CNY,100.00,70.00,0.00,0.00,0.00,"
          + "AWAITING_COUNTERPART,Y,N,N\n"
          + "DEP0,RESERVE_DEPOSIT,,2026-03-02,CNY,1000.00,0.00,0.00,0.00,0.00,MATCHED,Y,Y,N\n";

  static final String GOLDEN_SHA256 =
      "810802d757d59ed844c00ee4dd16963225b5e302077885519ba3194568457767";

  private EventRecord fee(long fen) {
    return Samples.record(EventType.FEE, "A9", "", fen, new Components(0, 0, 0, fen));
  }

  private void aDay() {
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP0", 1000_00)));
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP0", 1000_00)));
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 100_00), fee(10_00)));
    f.ok(f.attest(PARTNER_CERT, fee(12_00)));
  }

  private Transaction close(int day) {
    return f.tx(
        LEAD_CERT,
        ColendingApplication.DAY_CLOSE,
        "alice",
        "submitter",
        Requests.DayClose.CODEC.encode(new Requests.DayClose(AGREEMENT, day)));
  }

  @Test
  void aCloseTransactionWritesTheGoldenCsvAndRecordsItsSha256() throws Exception {
    aDay();
    assertThat(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(GOLDEN.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(GOLDEN_SHA256);
    // The day has not ended: a close closes nothing yet.
    assertThat(f.ok(close(DAY)).result()).isEqualTo(Context.eventBytes(java.util.List.of("0")));
    f.nowMs = ShanghaiCalendar.startOfDay(DAY + 1);
    BlockResult closing = f.block(close(DAY));
    assertThat(closing.receipts().get(0).result())
        .isEqualTo(Context.eventBytes(java.util.List.of("1", "2026-03-02=" + GOLDEN_SHA256)));
    Statement statement = f.read(Statement.key(AGREEMENT, DAY));
    assertThat(f.read(Statement.csvKey(AGREEMENT, DAY)).csv()).isEqualTo(GOLDEN);
    assertThat(statement.csvSha256().toHex()).isEqualTo(GOLDEN_SHA256);
    assertThat(statement.closedBy()).isEqualTo(Fixture.LEAD);
    assertThat(statement.openingReserve()).isZero();
    assertThat(statement.closingReserve()).isEqualTo(1000_00);
    assertThat(statement.movements().get(EventType.RESERVE_DEPOSIT.ordinal())).isEqualTo(1000_00);
    assertThat(statement.rows()).isEqualTo(3);
    assertThat(statement.matched()).isEqualTo(1);
    assertThat(statement.awaiting()).isEqualTo(1);
    assertThat(statement.mismatched()).isEqualTo(1);
    BlockResult.Event event =
        closing.events().stream()
            .filter(e -> e.type().equals(Days.CLOSED))
            .findFirst()
            .orElseThrow();
    assertThat(Fixture.fields(event))
        .containsExactly(AGREEMENT, "2026-03-02", GOLDEN_SHA256, Fixture.LEAD);
  }

  @Test
  void aDayClosesByItselfInTheFirstBlockAfterMidnightPlusGraceOnAnIdleChain() {
    aDay();
    long closeAt = ShanghaiCalendar.startOfDay(DAY + 1) + Samples.terms().closeGraceMs();
    BlockResult last = f.results.get(f.results.size() - 1);
    // The earliest deadline is D1's and A9's SLA; after that, the day's close.
    assertThat(last.nextDeadlineMs())
        .hasValue(
            f.read(Recon.key(new RecordKey(AGREEMENT, EventType.DISBURSEMENT, "D1")))
                .slaDeadlineMs);
    f.blockAt(f.nowMs + Fixture.SLA_MS);
    assertThat(f.results.get(f.results.size() - 1).nextDeadlineMs()).hasValue(closeAt);
    f.blockAt(closeAt);
    Statement statement = f.read(Statement.key(AGREEMENT, DAY));
    assertThat(statement.closedBy()).isEqualTo(Days.AUTO);
    assertThat(f.read(DayBook.key(AGREEMENT)).openDay).isEqualTo(DAY + 1);
  }

  @Test
  void aLateRecordGoesIntoTheNextOpenDayAsAPriorDateAdjustment() {
    aDay();
    f.blockAt(ShanghaiCalendar.startOfDay(DAY + 1) + Samples.terms().closeGraceMs());
    f.ok(f.attest(PARTNER_CERT, Samples.disbursement("D1", "L1", 100_00)));
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP9", 5_00)));
    f.blockAt(ShanghaiCalendar.startOfDay(DAY + 2) + Samples.terms().closeGraceMs());
    String csv = f.read(Statement.csvKey(AGREEMENT, DAY + 1)).csv();
    assertThat(csv.split("\n"))
        .containsExactly(
            StatementCsv.HEADER,
            "D1,DISBURSEMENT,L1,2026-03-02,CNY,100.00,70.00,0.00,0.00,0.00,MATCHED,Y,Y,Y",
            "DEP9,RESERVE_DEPOSIT,,2026-03-02,CNY,5.00,0.00,0.00,0.00,0.00,"
                + "AWAITING_COUNTERPART,Y,N,Y");
  }

  @Test
  void quotingFollowsRfc4180WhenACellNeedsIt() {
    assertThat(StatementCsv.quote("plain")).isEqualTo("plain");
    assertThat(StatementCsv.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(StatementCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Money.yuan(-5)).isEqualTo("-0.05");
    assertThat(Money.yuan(123456)).isEqualTo("1234.56");
  }
}
