package io.entente.colending.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.colending.dayfile.Amounts;
import io.entente.colending.dayfile.Component;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.Direction;
import io.entente.colending.dayfile.EventType;
import io.entente.colending.generator.ActivityGenerator;
import io.entente.colending.generator.AgreementTerms;
import io.entente.colending.generator.BreakLabel;
import io.entente.colending.generator.ClosingBalance;
import io.entente.colending.generator.GeneratedDay;
import io.entente.colending.generator.GeneratedEvent;
import io.entente.colending.generator.GeneratorOptions;
import io.entente.colending.generator.InjectedBreak;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BalanceOracleTest {
  static final GeneratorOptions CLEAN = GeneratorOptions.defaults(7).withSize(3, 150, 8);
  static final GeneratorOptions BROKEN =
      CLEAN.withBreaks(0.03, EnumSet.allOf(InjectedBreak.class)).withCorrections(0.01);
  static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  /** A scenario run through the generator, with the oracle over its true events. */
  record Run(List<GeneratedDay> days, BalanceOracle oracle, List<AgreementTerms> agreements) {
    private static final Map<GeneratorOptions, Run> RUNS = new java.util.LinkedHashMap<>();

    /** Each scenario is generated once per test class; the tests only read it. */
    static Run of(GeneratorOptions options) {
      return RUNS.computeIfAbsent(options, Run::generate);
    }

    private static Run generate(GeneratorOptions options) {
      List<GeneratedDay> days = ActivityGenerator.generate(options);
      List<GeneratedEvent> events = days.stream().flatMap(d -> d.events().stream()).toList();
      return new Run(days, BalanceOracle.over(events), new ActivityGenerator(options).agreements());
    }

    TreeSet<String> labelled(InjectedBreak kind) {
      TreeSet<String> keys = new TreeSet<>();
      for (GeneratedDay day : days) {
        for (BreakLabel label : day.labels()) {
          if (label.kind() == kind) {
            keys.add(label.agreement() + "|" + label.date() + "|" + label.eventRef().orElse(""));
          }
        }
      }
      return keys;
    }
  }

  // -- The oracle on its own, over events written by hand --------------------------------------

  static GeneratedEvent event(long seq, DayFileRecord record) {
    return new GeneratedEvent(Instant.EPOCH.plusSeconds(seq), seq, record);
  }

  static DayFileRecord loanEvent(
      String ref, EventType type, LocalDate date, Amounts components, Amounts portions) {
    return DayFileRecord.report(ref, type, "A", date, "CNY", components.total())
        .withLoanRef("L1")
        .withAmounts(components.total(), components, portions)
        .withSettlementRef("S-" + date);
  }

  @Test
  void followsThePostingTableByHand() {
    Amounts repaid =
        Amounts.of(
            Map.of(
                Component.PRINCIPAL, 40_000L, Component.INTEREST, 1_000L, Component.PENALTY, 100L));
    Amounts repaidPartner =
        Amounts.of(
            Map.of(Component.PRINCIPAL, 28_000L, Component.INTEREST, 600L, Component.PENALTY, 60L));
    List<GeneratedEvent> events =
        List.of(
            event(
                1,
                DayFileRecord.report("D1", EventType.RESERVE_DEPOSIT, "A", DAY, "CNY", 1_000_000)),
            event(
                2,
                loanEvent(
                    "B1",
                    EventType.DISBURSEMENT,
                    DAY,
                    Amounts.only(Component.PRINCIPAL, 100_000),
                    Amounts.only(Component.PRINCIPAL, 70_000))),
            event(
                3,
                loanEvent(
                    "F1",
                    EventType.FEE,
                    DAY,
                    Amounts.only(Component.FEE, 300),
                    Amounts.only(Component.FEE, 210))),
            event(
                4,
                DayFileRecord.report("S1", EventType.SETTLEMENT, "A", DAY, "CNY", 70_210)
                    .withDirection(Direction.OUT)
                    .withSettlementRef("S-" + DAY)),
            event(5, loanEvent("R1", EventType.REPAYMENT, DAY.plusDays(2), repaid, repaidPartner)),
            event(
                6,
                loanEvent(
                    "W1",
                    EventType.WRITE_OFF,
                    DAY.plusDays(3),
                    Amounts.only(Component.PRINCIPAL, 60_000),
                    Amounts.only(Component.PRINCIPAL, 42_000))),
            event(
                7,
                DayFileRecord.report(
                    "X1", EventType.RESERVE_WITHDRAWAL, "A", DAY.plusDays(3), "CNY", 500_000)));

    BalanceOracle oracle = BalanceOracle.over(events);

    assertThat(oracle.closingReserveFen("A", DAY)).isEqualTo(1_000_000 - 70_000 - 210);
    assertThat(oracle.lowestReserveFen("A", DAY)).isEqualTo(1_000_000 - 70_000 - 210);
    assertThat(oracle.closingReserveFen("A", DAY.plusDays(1))).isEqualTo(929_790);
    assertThat(oracle.closingReserveFen("A", DAY.plusDays(2))).isEqualTo(929_790 + 28_660);
    assertThat(oracle.closingReserveFen("A", DAY.plusDays(3))).isEqualTo(958_450 - 500_000);
    assertThat(oracle.closingReserveFen("A", DAY.minusDays(1))).isZero();
    assertThat(oracle.settlementNetFen("A", "S-" + DAY)).isEqualTo(-70_210);
    assertThat(oracle.outstanding("A", "L1")).isEqualTo(new BalanceOracle.Outstanding(0, 0));
    assertThat(oracle.totals("A"))
        .isEqualTo(
            new BalanceOracle.Totals(
                1_000_000, 500_000, 100_000, 70_000, 40_000, 28_000, 660, 210, 42_000, 0));
  }

  // -- The generator checked against the oracle -------------------------------------------------

  @Test
  void withoutInjectedShortfallsTheReserveNeverGoesNegative() {
    Run run = Run.of(CLEAN);

    for (String agreement : run.oracle().agreements()) {
      for (GeneratedDay day : run.days()) {
        assertThat(run.oracle().lowestReserveFen(agreement, day.date()))
            .as(agreement + " " + day.date())
            .isNotNegative();
      }
    }
  }

  @Test
  void theReserveGoesNegativeExactlyOnTheDaysOfAnInjectedShortfall() {
    Run run = Run.of(BROKEN);
    TreeSet<String> shortDays = new TreeSet<>();
    for (GeneratedDay day : run.days()) {
      for (BreakLabel label : day.labels()) {
        if (label.kind() == InjectedBreak.RESERVE_SHORTFALL) {
          shortDays.add(label.agreement() + " " + label.date());
        }
      }
    }
    TreeSet<String> negativeDays = new TreeSet<>();
    for (String agreement : run.oracle().agreements()) {
      for (GeneratedDay day : run.days()) {
        if (run.oracle().lowestReserveFen(agreement, day.date()) < 0) {
          negativeDays.add(agreement + " " + day.date());
        }
      }
    }

    assertThat(shortDays).isNotEmpty();
    assertThat(negativeDays).isEqualTo(shortDays);
  }

  /**
   * Funded ahead, the reserve posted at the close of each day covers all of the next day's outflows
   * (unless a shortfall was injected that day), the first day only funds, and no reserve movement
   * carries an injected break: a ledger that counts a deposit only once both banks reported it sees
   * no shortfall but the injected ones, in whatever order the banks' reports arrive.
   */
  @Test
  void fundedAheadTheReserveCoversEachDayBeforeItStarts() {
    GeneratorOptions options =
        GeneratorOptions.defaults(5)
            .withSize(2, 20, 60)
            .withBreaks(0.3, EnumSet.allOf(InjectedBreak.class))
            .withCorrections(0.05)
            .withFundedAhead(true);
    Run run = Run.of(options);
    TreeSet<String> shortDays = new TreeSet<>();
    for (GeneratedDay day : run.days()) {
      for (BreakLabel label : day.labels()) {
        if (label.kind() == InjectedBreak.RESERVE_SHORTFALL) {
          shortDays.add(label.agreement() + " " + label.date());
        }
        EventType type = label.eventType().orElse(null);
        assertThat(type).isNotIn(EventType.RESERVE_DEPOSIT, EventType.RESERVE_WITHDRAWAL);
      }
    }
    assertThat(shortDays).isNotEmpty();
    assertThat(run.days().get(0).events())
        .extracting(e -> e.record().eventType())
        .containsOnly(EventType.RESERVE_DEPOSIT);
    for (String agreement : run.oracle().agreements()) {
      for (int i = 1; i < run.days().size(); i++) {
        LocalDate date = run.days().get(i).date();
        long outflows = 0;
        for (GeneratedEvent event : run.days().get(i).events()) {
          DayFileRecord r = event.record();
          if (r.agreement().equals(agreement)) {
            outflows += outflow(r);
          }
        }
        if (!shortDays.contains(agreement + " " + date)) {
          assertThat(run.oracle().closingReserveFen(agreement, date.minusDays(1)))
              .as(agreement + " before " + date)
              .isGreaterThanOrEqualTo(outflows);
        }
      }
    }
  }

  /** What an event takes out of the reserve, by the posting table. */
  private static long outflow(DayFileRecord r) {
    return switch (r.eventType()) {
      case RESERVE_WITHDRAWAL -> r.amountFen();
      case DISBURSEMENT -> r.partnerPortions().orZero(Component.PRINCIPAL);
      case FEE -> r.partnerPortions().orZero(Component.FEE);
      default -> 0;
    };
  }

  @Test
  void reportedClosingBalancesAreThePostedReserveUnlessAMismatchWasInjected() {
    Run run = Run.of(BROKEN);
    TreeSet<String> mismatched = new TreeSet<>();
    TreeSet<String> labelled = run.labelled(InjectedBreak.BALANCE_MISMATCH);

    for (GeneratedDay day : run.days()) {
      for (ClosingBalance balance : day.closingBalances()) {
        if (balance.closingFen()
            != run.oracle().closingReserveFen(balance.agreement(), balance.date())) {
          mismatched.add(balance.agreement() + "|" + balance.date() + "|");
        }
      }
    }

    assertThat(labelled).isNotEmpty();
    assertThat(mismatched).isEqualTo(labelled);
  }

  @Test
  void settlementsEqualTheNetOfTheirBatchUnlessAMismatchWasInjected() {
    Run run = Run.of(BROKEN);
    TreeSet<String> mismatched = new TreeSet<>();
    int settlements = 0;

    for (GeneratedDay day : run.days()) {
      for (GeneratedEvent event : day.events()) {
        DayFileRecord r = event.record();
        if (r.eventType() != EventType.SETTLEMENT) {
          continue;
        }
        settlements++;
        long net = run.oracle().settlementNetFen(r.agreement(), r.settlementRef().orElseThrow());
        long signed = r.direction().orElseThrow() == Direction.IN ? r.amountFen() : -r.amountFen();
        if (signed != net) {
          mismatched.add(r.agreement() + "|" + r.valueDate() + "|" + r.eventRef());
        }
      }
    }

    assertThat(settlements).isPositive();
    assertThat(mismatched).isEqualTo(run.labelled(InjectedBreak.SETTLEMENT_MISMATCH)).isNotEmpty();
  }

  @Test
  void partnerPrincipalIsNeverStrandedOrOverdrawn() {
    Run run = Run.of(CLEAN);
    int cleared = 0;

    for (String agreement : run.oracle().agreements()) {
      for (BalanceOracle.Outstanding loan : run.oracle().loans(agreement).values()) {
        assertThat(loan.partnerPrincipalFen()).isBetween(0L, loan.principalFen());
        if (loan.principalFen() == 0) {
          cleared++;
        }
      }
    }
    assertThat(cleared).as("loans repaid or written off").isPositive();
  }

  @Test
  void everyPartnerPortionFollowsTheSplitRule() {
    Run run = Run.of(CLEAN);
    Map<String, AgreementTerms> terms = new TreeMap<>();
    run.agreements().forEach(t -> terms.put(t.agreement(), t));
    Map<String, long[]> outstanding = new TreeMap<>(); // loan → {principal, partner principal}
    List<String> violations = new ArrayList<>();
    int finals = 0;

    for (GeneratedDay day : run.days()) {
      for (GeneratedEvent event : day.events()) {
        DayFileRecord r = event.record();
        AgreementTerms t = terms.get(r.agreement());
        String loan = r.agreement() + "/" + r.loanRef().orElse("");
        long[] owed = outstanding.get(loan);
        long principal = r.components().orZero(Component.PRINCIPAL);
        boolean clears =
            owed != null
                && principal == owed[0]
                && (r.eventType() == EventType.REPAYMENT || r.eventType() == EventType.WRITE_OFF);
        for (var part : r.components().toMap().entrySet()) {
          long expected =
              part.getKey() == Component.PRINCIPAL && clears
                  ? owed[1]
                  : floorShare(part.getValue(), t.bp(part.getKey()));
          if (r.partnerPortions().orZero(part.getKey()) != expected) {
            violations.add(r.eventRef() + " " + part.getKey());
          }
        }
        finals += clears ? 1 : 0;
        long partner = r.partnerPortions().orZero(Component.PRINCIPAL);
        switch (r.eventType()) {
          case DISBURSEMENT -> outstanding.put(loan, new long[] {principal, partner});
          case REPAYMENT, WRITE_OFF -> {
            owed[0] -= principal;
            owed[1] -= partner;
          }
          default -> {}
        }
      }
    }

    assertThat(violations).isEmpty();
    assertThat(finals).isPositive();
  }

  @Test
  void theClosingReserveIsTheSumOfItsMovements() {
    Run run = Run.of(CLEAN);
    LocalDate last = run.days().get(run.days().size() - 1).date();

    for (String agreement : run.oracle().agreements()) {
      BalanceOracle.Totals t = run.oracle().totals(agreement);
      assertThat(run.oracle().closingReserveFen(agreement, last))
          .isEqualTo(
              t.depositedFen()
                  - t.withdrawnFen()
                  - t.partnerDisbursedFen()
                  + t.partnerRepaidPrincipalFen()
                  + t.partnerRepaidIncomeFen()
                  - t.partnerFeesFen()
                  + t.partnerRecoveredFen());
      assertThat(t.partnerDisbursedFen()).isLessThanOrEqualTo(t.disbursedFen() * 7 / 10);
    }
  }

  /** ⌊total × bp / 10000⌋, the oracle test's own arithmetic. */
  private static long floorShare(long total, int bp) {
    return java.math.BigInteger.valueOf(total)
        .multiply(java.math.BigInteger.valueOf(bp))
        .divide(java.math.BigInteger.valueOf(10_000))
        .longValueExact();
  }
}
