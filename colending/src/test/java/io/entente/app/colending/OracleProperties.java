package io.entente.app.colending;

import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.colending.generator.ActivityGenerator;
import io.entente.colending.generator.BankReport;
import io.entente.colending.generator.GeneratedDay;
import io.entente.colending.generator.GeneratorOptions;
import io.entente.colending.importing.DayFileAttestations;
import io.entente.colending.oracle.BalanceOracle;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The ledger's reserve against the balance oracle: for any seed, the generator's clean activity
 * (both banks report every event alike, at their own virtual times, one block per report) gives a
 * posted reserve at the close of each day equal to the oracle's, computed from the generator's true
 * events by arithmetic that shares no code with the application; the partner's loans equal the
 * oracle's outstanding partner principal; and the agreement's accounts sum to zero after every
 * block.
 */
class OracleProperties {

  @Property(tries = 12)
  void postedReserveEqualsTheOracleAtEveryClose(
      @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 1, max = 4) int days,
      @ForAll @IntRange(min = 0, max = 30) int loansPerDay,
      @ForAll boolean fundedAhead) {
    GeneratorOptions options =
        GeneratorOptions.defaults(seed).withSize(1, days, loansPerDay).withFundedAhead(fundedAhead);
    List<GeneratedDay> generated = ActivityGenerator.generate(options);
    var agreement = new ActivityGenerator(options).agreements().get(0);
    BalanceOracle oracle =
        BalanceOracle.over(generated.stream().flatMap(d -> d.events().stream()).toList());

    Fixture f = new Fixture();
    LocalDate start = options.startDate();
    f.nowMs = millis(start, 0);
    AgreementTerms terms = terms(agreement);
    f.ok(
        f.tx(
            LEAD_CERT,
            ColendingApplication.AGREEMENT_PROPOSE,
            "alice",
            "submitter",
            AgreementTerms.CODEC.encode(terms)));
    f.ok(
        f.tx(
            PARTNER_CERT,
            ColendingApplication.AGREEMENT_ACCEPT,
            "bob",
            "approver",
            Requests.AgreementAccept.CODEC.encode(
                new Requests.AgreementAccept(terms.id(), Agreements.termsHash(terms)))));

    for (GeneratedDay day : generated) {
      for (BankReport report : day.reports()) {
        EventRecord record = DayFileAttestations.record(report.record());
        boolean lead = report.bank().equals(agreement.leadBank());
        long at = Math.max(f.nowMs + 1, report.at().toEpochMilli());
        f.blockAt(at, f.attest(lead ? LEAD_CERT : PARTNER_CERT, record));
        assertThat(Arrays.stream(f.read(Position.key(terms.id())).posted).sum()).isZero();
      }
      f.nowMs = Math.max(f.nowMs, millis(day.date().plusDays(1), 0) + 1_000);
      f.ok(
          f.tx(
              LEAD_CERT,
              ColendingApplication.DAY_CLOSE,
              "ops",
              "submitter",
              Requests.DayClose.CODEC.encode(
                  new Requests.DayClose(terms.id(), Math.toIntExact(day.date().toEpochDay())))));
      Statement statement =
          f.read(Statement.key(terms.id(), Math.toIntExact(day.date().toEpochDay())));
      assertThat(statement.closingReserve())
          .as(day.date().toString())
          .isEqualTo(oracle.closingReserveFen(terms.id(), day.date()));
      assertThat(statement.mismatched()).isZero();
      assertThat(statement.awaiting()).isZero();
    }
    long partnerLoans = 0;
    for (Map.Entry<String, BalanceOracle.Outstanding> loan : oracle.loans(terms.id()).entrySet()) {
      partnerLoans += loan.getValue().partnerPrincipalFen();
    }
    assertThat(f.read(Position.key(terms.id())).posted[Account.PARTNER_LOANS.ordinal()])
        .isEqualTo(partnerLoans);
  }

  private static long millis(LocalDate date, int hour) {
    return date.atTime(hour, 0).toInstant(ZoneOffset.ofHours(8)).toEpochMilli();
  }

  private static AgreementTerms terms(io.entente.colending.generator.AgreementTerms generated) {
    AgreementTerms base = Samples.terms();
    return new AgreementTerms(
        generated.agreement(),
        Fixture.LEAD,
        Fixture.PARTNER,
        generated.currency(),
        new SplitTable(
            generated.principalBp(),
            generated.interestBp(),
            generated.penaltyBp(),
            generated.feeBp()),
        base.reserveWarnFen(),
        base.reserveCriticalFen(),
        base.counterpartSlaMs(),
        generated.dateToleranceDays(),
        base.holdTtlMs(),
        1_000_000_000_00L,
        base.leadFloorBp(),
        base.closeGraceMs());
  }
}
