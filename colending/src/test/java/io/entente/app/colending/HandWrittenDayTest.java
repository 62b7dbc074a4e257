package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.colending.dayfile.DayFileReader;
import io.entente.colending.dayfile.DayFileResult;
import io.entente.colending.dayfile.ImportPolicy;
import io.entente.colending.dayfile.Progress;
import io.entente.colending.importing.DayFileAttestations;
import io.entente.consensus.app.BlockResult;
import io.entente.core.chain.Receipt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One business day written by hand: {@code src/test/resources/fixture/lead.csv} and {@code
 * partner.csv}, 29 lines each, for agreement wld-2026 (partner shares: principal 70%, interest 65%,
 * penalty 60%, fee 50%; date tolerance one day; SLA two hours; warn below 100,000.00). Every
 * expected figure below was worked out on paper from the contract, not by running the code.
 *
 * <p>What differs between the files, and the break each difference must raise:
 *
 * <pre>
 * DS-04  partner 2,100.00 against 2,000.00                AMOUNT_MISMATCH      stays open
 * DS-05  partner value date 03-05 against 03-02 (tol. 1)   DATE_MISMATCH        stays open
 * DS-06  partner loan_ref L-60 against L-06                FIELD_MISMATCH       stays open
 * DS-07  lead only                                         ONE_SIDED (after SLA) stays open
 * RD-02  partner only                                      ONE_SIDED (after SLA) stays open
 * DS-08  both report partner_principal 1,751.00 (rule 1,750.00)  SPLIT_MISMATCH stays open
 * DS-09  partner reports it again with 900.00              DUPLICATE_CONFLICT   stays open
 * SE-02  settles 1,700.83; its batch (DS-03 −2,333.33, RC-01 +732.50) nets −1,600.83
 *                                                          AMOUNT_MISMATCH      stays open
 * FE-02  lead keys 12.00, then corrects to 10.00           AMOUNT_MISMATCH      RESOLVED
 * the partner's file arrives first: its outflows are pending at once, the deposit only counts
 *        once matched, so available = −53,126.51 after it  RESERVE_SHORTFALL    RESOLVED
 * </pre>
 *
 * <p>Posted reserve at the close (fen): +10,000,000 deposit; disbursements DS-01..03 −1,283,333,
 * DS-08 −175,100 (the portion both reported), DS-09 −56,000, DS-10..16 −1,297,418; fees −3,300 and
 * −500; repayments RP-01 +74,680 (700.00 + ⌊7,200 × 0.65⌋), RP-02 +79,077 (⌊111,111 × 0.7⌋ +
 * 1,300), RP-03 +155,556 (it clears L-03: 233,333 − 77,777, not ⌊222,222 × 0.7⌋ = 155,555), RP-04
 * +37,023 (35,000 + 1,950 + ⌊123 × 0.6⌋); recovery RC-01 +73,250; withdrawal −2,000,000. Total
 * 5,603,935. Pending out (not posted): DS-04 at the larger 147,000, DS-05 70,000, DS-06 280,000,
 * DS-07 105,000 = 602,000; pending in: RD-02 50,000. Available 5,001,935: WARN. Partner loans:
 * 2,811,851 lent − 338,333 repaid − 350,000 written off = 2,123,518.
 */
class HandWrittenDayTest {
  private static final Path FIXTURE = Path.of("src", "test", "resources", "fixture");

  @Test
  void theHandComputedBreaksPositionAndClosingBalance() throws Exception {
    Fixture f = Fixture.active();
    f.ok(f.attest(PARTNER_CERT, records("partner.csv")));
    f.ok(f.attest(LEAD_CERT, records("lead.csv")));
    f.blockAt(f.nowMs + Fixture.SLA_MS + 1);

    List<String> breaks = new ArrayList<>();
    for (long id = 1; f.breakOf("B" + id) != null; id++) {
      Break b = f.breakOf("B" + id);
      String key = b.key == null ? "-" : b.key.type() + " " + b.key.eventRef();
      breaks.add(b.type + " " + key + " " + b.state);
    }
    assertThat(breaks)
        .containsExactlyInAnyOrder(
            "RESERVE_SHORTFALL - RESOLVED",
            "AMOUNT_MISMATCH DISBURSEMENT DS-04 OPEN",
            "DATE_MISMATCH DISBURSEMENT DS-05 OPEN",
            "FIELD_MISMATCH DISBURSEMENT DS-06 OPEN",
            "ONE_SIDED DISBURSEMENT DS-07 OPEN",
            "ONE_SIDED RESERVE_DEPOSIT RD-02 OPEN",
            "SPLIT_MISMATCH DISBURSEMENT DS-08 OPEN",
            "DUPLICATE_CONFLICT DISBURSEMENT DS-09 OPEN",
            "AMOUNT_MISMATCH SETTLEMENT SE-02 OPEN",
            "AMOUNT_MISMATCH FEE FE-02 RESOLVED");
    // The shortfall is what available fell to: the partner's pending outflows, nothing posted.
    assertThat(f.breakOf(f.position().shortfallBreak).amountAtStake).isEqualTo(5_312_651);

    Position p = f.position();
    assertThat(p.posted[Account.RESERVE.ordinal()]).isEqualTo(5_603_935);
    assertThat(p.pendingOut).isEqualTo(602_000);
    assertThat(p.pendingIn).isEqualTo(50_000);
    assertThat(p.held).isZero();
    assertThat(p.available()).isEqualTo(5_001_935);
    assertThat(p.posted[Account.PARTNER_LOANS.ordinal()]).isEqualTo(2_123_518);
    assertThat(p.alert.name()).isEqualTo("WARN");
    assertThat(p.openBreaks).isEqualTo(8);

    // After midnight the lead closes the day: DS-05's row went to 03-05, the date the partner
    // reported first, so 28 keys: 24 matched, DS-04 and DS-06 mismatched, DS-07 and RD-02 awaiting.
    f.nowMs = ShanghaiCalendar.startOfDay(Fixture.DAY + 1) + 1_000;
    BlockResult close =
        f.block(
            f.tx(
                LEAD_CERT,
                ColendingApplication.DAY_CLOSE,
                "ops",
                "submitter",
                Requests.DayClose.CODEC.encode(new Requests.DayClose(AGREEMENT, Fixture.DAY))));
    assertThat(close.receipts().get(0).status()).isEqualTo(Receipt.Status.ACCEPTED);
    Statement statement = f.read(Statement.key(AGREEMENT, Fixture.DAY));
    assertThat(statement.openingReserve()).isZero();
    assertThat(statement.closingReserve()).isEqualTo(5_603_935);
    assertThat(statement.rows()).isEqualTo(28);
    assertThat(statement.matched()).isEqualTo(24);
    assertThat(statement.mismatched()).isEqualTo(2);
    assertThat(statement.awaiting()).isEqualTo(2);
    assertThat(statement.openBreaks()).isEqualTo(8);
  }

  private static EventRecord[] records(String file) throws Exception {
    DayFileResult read = DayFileReader.read(FIXTURE.resolve(file), Progress.NONE);
    assertThat(read.errors()).as(file).isEmpty();
    List<EventRecord> records = new ArrayList<>();
    for (var line : read.submittable(ImportPolicy.NOTHING_FROM_AN_INVALID_FILE)) {
      records.add(DayFileAttestations.record(line));
    }
    assertThat(records).as(file).hasSize(29);
    return records.toArray(new EventRecord[0]);
  }
}
