package io.entente.colending.generator;

import io.entente.colending.dayfile.Amounts;
import io.entente.colending.dayfile.Component;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.Direction;
import io.entente.colending.dayfile.EventType;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One partner's side of the business, day by day: its reserve (the truth, as every event posts),
 * its loans and their schedules. Produces the day's true events in time order; the banks' reports
 * of them are made elsewhere.
 */
final class PartnerBook {
  private static final long YUAN = 100;
  private static final long LOAN_MIN_FEN = 500 * YUAN;
  private static final long LOAN_MAX_FEN = 50_000 * YUAN;
  private static final long LOAN_STEP_FEN = 100 * YUAN;
  private static final long RESERVE_STEP_FEN = 10_000 * YUAN;
  private static final long RESERVE_FLOOR_FEN = 1_000_000 * YUAN;
  private static final int[] TERMS_MONTHS = {3, 6, 12};
  private static final int RATE_BP_MIN = 720;
  private static final int RATE_BP_MAX = 1_800;

  /** Late payments pay 0.05% of the late principal per day overdue. */
  private static final int PENALTY_BP_PER_DAY = 5;

  /** The lead charges a service fee of 0.3% of the day's disbursements. */
  private static final int SERVICE_FEE_BP = 30;

  private static final int WRITE_OFF_AFTER_DAYS = 30;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /** A true event with its time of day; {@code order} breaks ties in the order of planning. */
  record Timed(LocalTime time, int order, DayFileRecord record) {}

  /** What one day produced for this partner. */
  record PartnerDay(List<Timed> events, ClosingBalance balance, List<BreakLabel> labels) {}

  final AgreementTerms terms;
  private final String code;
  private final GeneratorOptions options;
  private final long targetReserveFen;
  private final TreeMap<String, Loan> loans = new TreeMap<>();
  private long reserveFen;
  private LocalDate day;
  private int sequence;

  PartnerBook(AgreementTerms terms, String code, GeneratorOptions options) {
    this.terms = terms;
    this.code = code;
    this.options = options;
    // About three days of the partner's share of new loans (average loan about 10,000 yuan).
    long daily = Split.share(options.loansPerDay() * 10_000L * YUAN, terms.principalBp());
    this.targetReserveFen = Math.max(RESERVE_FLOOR_FEN, roundUp(3 * daily, RESERVE_STEP_FEN));
  }

  PartnerDay simulate(LocalDate date, boolean firstDay, RandomGenerator rng) {
    day = date;
    sequence = 0;
    List<Timed> plan = new ArrayList<>();
    boolean shortfall = !firstDay && injects(rng, InjectedBreak.RESERVE_SHORTFALL);
    morning(plan, shortfall, rng);
    boolean fundingOnly = firstDay && options.fundedAhead();
    for (Loan loan : loans.values()) {
      loanDay(loan, plan, rng);
    }
    long disbursed = fundingOnly ? 0 : newLoans(plan, rng);
    if (disbursed > 0) {
      long fee = Math.max(1, disbursed * SERVICE_FEE_BP / AgreementTerms.BP_PER_UNIT);
      DayFileRecord record = record("FE", EventType.FEE, fee);
      plan.add(timed(LocalTime.of(21, 30), withSplit(record, Amounts.only(Component.FEE, fee))));
    }
    loans.values().removeIf(loan -> loan.state == Loan.State.CLOSED || loan.recovered);
    plan.sort(Comparator.comparing(Timed::time).thenComparingInt(Timed::order));
    List<BreakLabel> labels = new ArrayList<>();
    List<Timed> events = walk(plan, shortfall, labels);
    if (options.fundedAhead()) {
      evening(events);
    }
    settle(events, rng, labels);
    return new PartnerDay(events, closing(rng, labels), labels);
  }

  private boolean injects(RandomGenerator rng, InjectedBreak kind) {
    double draw = rng.nextDouble();
    return options.breaks().contains(kind) && draw < options.breakRate();
  }

  /**
   * Tops the reserve up to half again its target when it is below half of it, and sometimes takes a
   * surplus above a quarter over the target back; drains it on a shortfall day.
   */
  private void morning(List<Timed> plan, boolean shortfall, RandomGenerator rng) {
    long expected = reserveFen;
    if (reserveFen < targetReserveFen / 2) {
      long amount = roundUp(targetReserveFen * 3 / 2 - reserveFen, RESERVE_STEP_FEN);
      plan.add(timed(LocalTime.of(7, 0), payment(record("RD", EventType.RESERVE_DEPOSIT, amount))));
      expected += amount;
    } else if (reserveFen > targetReserveFen * 5 / 4 && rng.nextDouble() < 0.3) {
      long amount = (reserveFen - targetReserveFen) / RESERVE_STEP_FEN * RESERVE_STEP_FEN;
      plan.add(
          timed(LocalTime.of(7, 30), payment(record("RW", EventType.RESERVE_WITHDRAWAL, amount))));
      expected -= amount;
    }
    if (shortfall) {
      long keep = rng.nextLong(100 * YUAN, 400 * YUAN);
      if (expected > keep) {
        DayFileRecord drain = record("RW", EventType.RESERVE_WITHDRAWAL, expected - keep);
        plan.add(timed(LocalTime.of(7, 45), payment(drain)));
      }
    }
  }

  /**
   * With the reserve funded ahead: at 21:45, after the day's last disbursement and fee, a top-up to
   * half again the target when the reserve is below the target, so tomorrow's outflows are covered
   * before tomorrow's reports arrive.
   */
  private void evening(List<Timed> events) {
    if (reserveFen < targetReserveFen) {
      long amount = roundUp(targetReserveFen * 3 / 2 - reserveFen, RESERVE_STEP_FEN);
      DayFileRecord deposit = payment(record("RD", EventType.RESERVE_DEPOSIT, amount));
      events.add(timed(LocalTime.of(21, 45), deposit));
      reserveFen += amount;
    }
  }

  private void loanDay(Loan loan, List<Timed> plan, RandomGenerator rng) {
    switch (loan.state) {
      case PERFORMING -> {
        if (loan.payOn == null && loan.nextDue().equals(day)) {
          decideInstalment(loan, rng);
        }
        if (day.equals(loan.payOn)) {
          plan.add(timed(randomTime(rng, 8, 20), repayment(loan)));
        }
      }
      case DEFAULTED -> {
        if (day.equals(loan.writeOffOn)) {
          plan.add(timed(LocalTime.of(10, 0), writeOff(loan)));
        }
      }
      case WRITTEN_OFF -> {
        if (!loan.recovered && rng.nextDouble() < 0.02) {
          plan.add(timed(randomTime(rng, 9, 18), recovery(loan, rng)));
        }
      }
      case CLOSED -> {}
    }
  }

  /** On its due date an instalment is paid, paid late, paid off early, or the loan defaults. */
  private void decideInstalment(Loan loan, RandomGenerator rng) {
    double draw = rng.nextDouble();
    if (draw < 0.02) {
      loan.state = Loan.State.DEFAULTED;
      loan.writeOffOn = day.plusDays(WRITE_OFF_AFTER_DAYS);
    } else if (draw < 0.12) {
      loan.payOn = day.plusDays(rng.nextInt(1, 11));
    } else if (draw < 0.15) {
      loan.payOn = day;
      loan.payOff = true;
    } else {
      loan.payOn = day;
    }
  }

  private DayFileRecord repayment(Loan loan) {
    long principal = loan.instalmentPrincipalFen();
    long interest = loan.monthInterestFen();
    long daysLate = ChronoUnit.DAYS.between(loan.nextDue(), day);
    long penalty = principal * PENALTY_BP_PER_DAY * daysLate / AgreementTerms.BP_PER_UNIT;
    Map<Component, Long> parts = new EnumMap<>(Component.class);
    parts.put(Component.PRINCIPAL, principal);
    parts.put(Component.INTEREST, interest);
    if (penalty > 0) {
      parts.put(Component.PENALTY, penalty);
    }
    Amounts components = Amounts.of(parts);
    Amounts portions = Split.portions(terms, components);
    boolean last = principal == loan.outstandingFen;
    if (last) {
      // The repayment that clears the loan pays the partner exactly what it still has in it.
      portions = portions.with(Component.PRINCIPAL, loan.partnerOutstandingFen);
    }
    loan.outstandingFen -= principal;
    loan.partnerOutstandingFen -= portions.orZero(Component.PRINCIPAL);
    loan.instalmentsPaid++;
    loan.payOn = null;
    if (last) {
      loan.state = Loan.State.CLOSED;
    }
    DayFileRecord record = record("RP", EventType.REPAYMENT, components.total());
    return settled(payment(record.withLoanRef(loan.loanRef)))
        .withAmounts(components.total(), components, portions);
  }

  /** A write-off clears the loan too, so the partner's portion is its whole outstanding share. */
  private DayFileRecord writeOff(Loan loan) {
    long amount = loan.outstandingFen;
    Amounts components = Amounts.only(Component.PRINCIPAL, amount);
    Amounts portions = Amounts.only(Component.PRINCIPAL, loan.partnerOutstandingFen);
    loan.writtenOffFen = amount;
    loan.outstandingFen = 0;
    loan.partnerOutstandingFen = 0;
    loan.state = Loan.State.WRITTEN_OFF;
    return record("WO", EventType.WRITE_OFF, amount)
        .withLoanRef(loan.loanRef)
        .withAmounts(amount, components, portions);
  }

  private DayFileRecord recovery(Loan loan, RandomGenerator rng) {
    long principal = loan.writtenOffFen * rng.nextInt(10, 61) / 100;
    long interest = principal * rng.nextInt(1, 6) / 100;
    Map<Component, Long> parts = new EnumMap<>(Component.class);
    parts.put(Component.PRINCIPAL, principal);
    parts.put(Component.INTEREST, interest);
    loan.recovered = true;
    DayFileRecord record = record("RC", EventType.RECOVERY, principal + interest);
    return withSplit(settled(payment(record.withLoanRef(loan.loanRef))), Amounts.of(parts));
  }

  /** Disburses the day's new loans; returns their total principal. */
  private long newLoans(List<Timed> plan, RandomGenerator rng) {
    int count = rng.nextInt(0, 2 * options.loansPerDay() + 1);
    long total = 0;
    for (int i = 0; i < count; i++) {
      long principal = loanAmount(rng);
      int term = TERMS_MONTHS[rng.nextInt(TERMS_MONTHS.length)];
      int rate = rng.nextInt(RATE_BP_MIN, RATE_BP_MAX + 1);
      LocalTime time = randomTime(rng, 8, 21);
      DayFileRecord record = record("DS", EventType.DISBURSEMENT, principal);
      String loanRef = "L-" + record.eventRef().substring(3);
      record =
          withSplit(
              settled(record.withLoanRef(loanRef)), Amounts.only(Component.PRINCIPAL, principal));
      long partner = record.partnerPortions().orZero(Component.PRINCIPAL);
      loans.put(loanRef, new Loan(loanRef, day, principal, partner, rate, term));
      plan.add(timed(time, record));
      total += principal;
    }
    return total;
  }

  /** Log-uniform between the smallest and largest loan, in whole hundreds of yuan. */
  private static long loanAmount(RandomGenerator rng) {
    // StrictMath: the same bits on every platform, so the same seed gives the same files.
    double low = StrictMath.log(LOAN_MIN_FEN);
    double high = StrictMath.log(LOAN_MAX_FEN);
    double fen = StrictMath.exp(low + rng.nextDouble() * (high - low));
    long rounded = StrictMath.round(fen / LOAN_STEP_FEN) * LOAN_STEP_FEN;
    return Math.max(LOAN_MIN_FEN, Math.min(LOAN_MAX_FEN, rounded));
  }

  /**
   * Applies the events in time order to the reserve. A movement that would take it below zero is
   * preceded by a top-up, except on a shortfall day, where the first event below zero is labelled.
   */
  private List<Timed> walk(List<Timed> plan, boolean shortfall, List<BreakLabel> labels) {
    List<Timed> events = new ArrayList<>();
    boolean labelled = false;
    for (Timed event : plan) {
      long effect = reserveEffect(event.record());
      if (!shortfall && reserveFen + effect < 0) {
        long amount = roundUp(targetReserveFen - (reserveFen + effect), RESERVE_STEP_FEN);
        events.add(timed(event.time(), payment(record("RD", EventType.RESERVE_DEPOSIT, amount))));
        reserveFen += amount;
      }
      events.add(event);
      reserveFen += effect;
      if (shortfall && reserveFen < 0 && !labelled) {
        labels.add(
            label(
                InjectedBreak.RESERVE_SHORTFALL,
                event.record(),
                BreakLabel.BOTH_BANKS,
                "reserve drained in the morning; available "
                    + reserveFen
                    + " fen after this event"));
        labelled = true;
      }
    }
    return events;
  }

  /** The day's net settlement of the events carrying its settlement_ref, at 22:30. */
  private void settle(List<Timed> events, RandomGenerator rng, List<BreakLabel> labels) {
    String ref = settlementRef();
    long net = 0;
    boolean any = false;
    for (Timed event : events) {
      if (event.record().settlementRef().equals(Optional.of(ref))) {
        net += reserveEffect(event.record());
        any = true;
      }
    }
    if (!any) {
      return;
    }
    long amount = Math.abs(net);
    DayFileRecord record = record("SE", EventType.SETTLEMENT, amount);
    if (injects(rng, InjectedBreak.SETTLEMENT_MISMATCH)) {
      long delta = rng.nextLong(1, 100 * YUAN);
      amount += delta;
      labels.add(
          label(
              InjectedBreak.SETTLEMENT_MISMATCH,
              record,
              BreakLabel.BOTH_BANKS,
              "settled " + amount + " fen, the batch nets to " + Math.abs(net) + " fen"));
    }
    record =
        payment(record.withSettlementRef(ref))
            .withDirection(net >= 0 ? Direction.IN : Direction.OUT)
            .withAmounts(amount, Amounts.NONE, Amounts.NONE);
    events.add(timed(LocalTime.of(22, 30), record));
  }

  private ClosingBalance closing(RandomGenerator rng, List<BreakLabel> labels) {
    long reported = reserveFen;
    if (injects(rng, InjectedBreak.BALANCE_MISMATCH)) {
      long delta = rng.nextLong(1, 1_000 * YUAN) * (rng.nextBoolean() ? 1 : -1);
      reported += delta;
      labels.add(
          new BreakLabel(
              InjectedBreak.BALANCE_MISMATCH,
              terms.agreement(),
              Optional.empty(),
              Optional.empty(),
              terms.leadBank(),
              day,
              BreakLabel.OPEN,
              "statement closes at " + reported + " fen, postings at " + reserveFen + " fen"));
    }
    return new ClosingBalance(terms.agreement(), terms.leadBank(), day, reported);
  }

  /** The generator's own reading of the posting table: what an event does to the reserve. */
  static long reserveEffect(DayFileRecord r) {
    Amounts p = r.partnerPortions();
    return switch (r.eventType()) {
      case RESERVE_DEPOSIT -> r.amountFen();
      case RESERVE_WITHDRAWAL -> -r.amountFen();
      case DISBURSEMENT -> -p.orZero(Component.PRINCIPAL);
      case REPAYMENT, RECOVERY ->
          p.orZero(Component.PRINCIPAL)
              + p.orZero(Component.INTEREST)
              + p.orZero(Component.PENALTY);
      case FEE -> -p.orZero(Component.FEE);
      case WRITE_OFF, SETTLEMENT -> 0;
    };
  }

  private BreakLabel label(InjectedBreak kind, DayFileRecord record, String bank, String detail) {
    return new BreakLabel(
        kind,
        terms.agreement(),
        Optional.of(record.eventType()),
        Optional.of(record.eventRef()),
        bank,
        day,
        BreakLabel.OPEN,
        detail);
  }

  private DayFileRecord record(String prefix, EventType type, long amount) {
    sequence++;
    String ref =
        String.format(Locale.ROOT, "%s-%s-%s-%05d", prefix, code, DAY.format(day), sequence);
    return DayFileRecord.report(ref, type, terms.agreement(), day, terms.currency(), amount);
  }

  private DayFileRecord withSplit(DayFileRecord record, Amounts components) {
    return record.withAmounts(components.total(), components, Split.portions(terms, components));
  }

  private static DayFileRecord payment(DayFileRecord record) {
    return record.withPaymentRef("PAY-" + record.eventRef());
  }

  private DayFileRecord settled(DayFileRecord record) {
    return record.withSettlementRef(settlementRef());
  }

  private String settlementRef() {
    return "STL-" + code + "-" + DAY.format(day);
  }

  private Timed timed(LocalTime time, DayFileRecord record) {
    return new Timed(time, sequence, record);
  }

  private static LocalTime randomTime(RandomGenerator rng, int fromHour, int toHour) {
    return LocalTime.of(fromHour, 0).plusMinutes(rng.nextInt(0, (toHour - fromHour) * 60));
  }

  private static long roundUp(long fen, long step) {
    return (fen + step - 1) / step * step;
  }
}
