package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Positions per agreement and the warn/critical alerts recorded as ledger events. */
class PositionsTest {
  private final Fixture f = Fixture.active();

  private void both(EventRecord record) {
    f.ok(f.attest(LEAD_CERT, record));
    f.ok(f.attest(PARTNER_CERT, record));
  }

  private List<List<String>> alerts() {
    return f.results.stream()
        .flatMap(r -> r.events().stream())
        .filter(e -> e.type().equals(Alerts.ALERT))
        .map(Fixture::fields)
        .toList();
  }

  @Test
  void alertsFireWhenAvailableCrossesTheWarnAndCriticalThresholds() {
    // Thresholds: warn 100,000.00, critical 20,000.00. The first deposit is still pending.
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP0", 150_000_00)));
    assertThat(alerts()).containsExactly(List.of(AGREEMENT, "RESERVE_CRITICAL", "0"));
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP0", 150_000_00)));
    assertThat(alerts()).last().isEqualTo(List.of(AGREEMENT, "RESERVE_NONE", "15000000"));
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 100_000_00)));
    assertThat(alerts()).last().isEqualTo(List.of(AGREEMENT, "RESERVE_WARN", "8000000"));
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D2", "L2", 100_000_00)));
    assertThat(alerts()).last().isEqualTo(List.of(AGREEMENT, "RESERVE_CRITICAL", "1000000"));
    assertThat(f.position().alert).isEqualTo(Position.Alert.CRITICAL);
  }

  @Test
  void thePositionShowsTodaysMovementsAndHoursOfCover() {
    both(Samples.deposit("DEP0", 1000_00));
    both(Samples.disbursement("D1", "L1", 100_00));
    both(Samples.repayment("R1", "L1", 50_00, 10_00));
    both(Samples.withdrawal("W1", 20_00));
    both(Samples.record(EventType.FEE, "F1", "", 4_00, new Components(0, 0, 0, 4_00)));
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D2", "L2", 10_00)));

    Application.QueryResult result =
        f.app.query(
            f.state,
            new Application.Caller(Fixture.PARTNER, "bob"),
            Requests.QueryRequest.CODEC.encode(Requests.QueryRequest.position(AGREEMENT)));
    assertThat(result.check().isAccepted()).isTrue();
    PositionView view = PositionView.CODEC.decode(result.result());
    // 1000 − 70 + 35 + 6.5 − 20 − 2 = 949.50 posted; 7.00 pending out.
    assertThat(view.postedReserve()).isEqualTo(949_50);
    assertThat(view.pendingOut()).isEqualTo(7_00);
    assertThat(view.available()).isEqualTo(942_50);
    assertThat(view.disbursedToday()).isEqualTo(70_00);
    assertThat(view.repaidToday()).isEqualTo(41_50);
    assertThat(view.otherInToday()).isEqualTo(1000_00);
    assertThat(view.otherOutToday()).isEqualTo(22_00);
    // Disbursed in this clock hour: 70.00 + 7.00 → 942.50 / 77.00 per hour = 12.24 hours.
    assertThat(view.coverHundredthsOfHour()).isEqualTo(1224);
    assertThat(view.balances().stream().mapToLong(Long::longValue).sum()).isZero();
  }

  @Test
  void anInstitutionSeesOnlyItsOwnAgreements() {
    both(Samples.deposit("DEP0", 1000_00));
    var request = Requests.QueryRequest.CODEC.encode(Requests.QueryRequest.position(AGREEMENT));
    Application.QueryResult outsider =
        f.app.query(f.state, new Application.Caller(Fixture.OUTSIDER, "eve"), request);
    assertThat(outsider.check()).isInstanceOf(io.entente.core.check.Check.Rejected.class);
    assertThat(outsider.result().length()).isZero();
    Application.QueryResult unknown =
        f.app.query(
            f.state,
            new Application.Caller(Fixture.OUTSIDER, "eve"),
            Requests.QueryRequest.CODEC.encode(Requests.QueryRequest.position("other")));
    assertThat(((io.entente.core.check.Check.Rejected) unknown.check()).reason())
        .isEqualTo(((io.entente.core.check.Check.Rejected) outsider.check()).reason());
  }

  @Test
  void recordsBreaksAndStatementsAreQueryable() {
    both(Samples.deposit("DEP0", 1000_00));
    f.ok(f.attest(LEAD_CERT, Samples.disbursement("D1", "L1", 100_00)));
    BlockResult idle = f.blockAt(f.nowMs + Fixture.SLA_MS);
    String breakId = f.recon(EventType.DISBURSEMENT, "D1").pairingBreak;
    Application.Caller lead = new Application.Caller(Fixture.LEAD, "alice");

    var records =
        f.app.query(
            f.state,
            lead,
            Requests.QueryRequest.CODEC.encode(
                Requests.QueryRequest.records(
                    AGREEMENT, Fixture.DAY, "AWAITING_COUNTERPART", null)));
    var reader = io.entente.core.codec.Reader.of(records.result());
    reader.u8("tag");
    reader.u8("version");
    assertThat(reader.u32("count")).isEqualTo(1);
    assertThat(Recon.CODEC.readFrom(reader).key.eventRef()).isEqualTo("D1");

    var breakAnswer =
        f.app.query(
            f.state,
            lead,
            Requests.QueryRequest.CODEC.encode(Requests.QueryRequest.breakById(breakId)));
    var breakReader = io.entente.core.codec.Reader.of(breakAnswer.result());
    assertThat(breakReader.string(16, "bucket")).isEqualTo("WITHIN_SLA");
    assertThat(Break.CODEC.readFrom(breakReader).type).isEqualTo(BreakType.ONE_SIDED);
    assertThat(idle.events()).isNotEmpty();

    var missing =
        f.app.query(
            f.state,
            lead,
            Requests.QueryRequest.CODEC.encode(
                Requests.QueryRequest.statement(AGREEMENT, Fixture.DAY)));
    assertThat(missing.check().isAccepted()).isFalse();
  }
}
