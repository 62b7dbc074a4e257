package io.entente.colending.generator;

import io.entente.colending.EdgeLimits;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What to generate. {@code breakRate}: the chance that one event (or, for reserve shortfalls and
 * balance mismatches, one agreement-day) gets a break of one of {@code breaks}; {@code
 * correctionRate}: the chance that the lead first reports an event wrongly and corrects it after
 * the partner has reported. Same options, same output, byte for byte.
 *
 * <p>{@code fundedAhead}: the partner funds its reserve before it is needed, as a ledger that
 * counts a deposit only once both banks have reported it requires. The first day only funds the
 * reserve; every evening a top-up brings it back to half again its target when it is below the
 * target, so the posted reserve at the start of a day covers the day's outflows whatever order the
 * two banks' reports arrive in; reserve deposits and withdrawals carry no injected break (a broken
 * deposit would leave the ledger's reserve short of the truth); and disbursements may carry amount
 * breaks and corrections (their principal changes, re-split), so every break kind still has events
 * to fall on. Off, the output is what it was before this option existed.
 */
public record GeneratorOptions(
    long seed,
    int partners,
    int days,
    LocalDate startDate,
    int loansPerDay,
    double breakRate,
    Set<InjectedBreak> breaks,
    double correctionRate,
    int dateToleranceDays,
    boolean fundedAhead) {

  public GeneratorOptions {
    Objects.requireNonNull(startDate, "startDate");
    breaks = Set.copyOf(breaks);
    requireRange("partners", partners, 1, EdgeLimits.GENERATOR_PARTNERS_MAX);
    requireRange("days", days, 1, EdgeLimits.GENERATOR_DAYS_MAX);
    requireRange("loansPerDay", loansPerDay, 0, EdgeLimits.GENERATOR_LOANS_PER_DAY_MAX);
    requireRange("dateToleranceDays", dateToleranceDays, 0, 30);
    if (!(breakRate >= 0 && breakRate <= 1) || !(correctionRate >= 0 && correctionRate <= 1)) {
      throw new IllegalArgumentException("rates are probabilities in 0..1");
    }
  }

  /** A clean scenario: 3 partners, 30 days from 2026-03-02, 20 loans a day each, no breaks. */
  public static GeneratorOptions defaults(long seed) {
    return new GeneratorOptions(
        seed,
        3,
        30,
        LocalDate.of(2026, 3, 2),
        20,
        0,
        EnumSet.noneOf(InjectedBreak.class),
        0,
        1,
        false);
  }

  public GeneratorOptions withSize(int newPartners, int newDays, int newLoansPerDay) {
    return new GeneratorOptions(
        seed,
        newPartners,
        newDays,
        startDate,
        newLoansPerDay,
        breakRate,
        breaks,
        correctionRate,
        dateToleranceDays,
        fundedAhead);
  }

  /** Breaks of the given kinds at the given rate. */
  public GeneratorOptions withBreaks(double rate, Set<InjectedBreak> kinds) {
    return new GeneratorOptions(
        seed,
        partners,
        days,
        startDate,
        loansPerDay,
        rate,
        kinds,
        correctionRate,
        dateToleranceDays,
        fundedAhead);
  }

  public GeneratorOptions withCorrections(double rate) {
    return new GeneratorOptions(
        seed,
        partners,
        days,
        startDate,
        loansPerDay,
        breakRate,
        breaks,
        rate,
        dateToleranceDays,
        fundedAhead);
  }

  /** These options with the reserve funded ahead of need (see the class comment), or not. */
  public GeneratorOptions withFundedAhead(boolean funded) {
    return new GeneratorOptions(
        seed,
        partners,
        days,
        startDate,
        loansPerDay,
        breakRate,
        breaks,
        correctionRate,
        dateToleranceDays,
        funded);
  }

  /** These options from another first value date. */
  public GeneratorOptions withStartDate(LocalDate date) {
    return new GeneratorOptions(
        seed,
        partners,
        days,
        date,
        loansPerDay,
        breakRate,
        breaks,
        correctionRate,
        dateToleranceDays,
        fundedAhead);
  }

  public GeneratorOptions withSeed(long newSeed) {
    return new GeneratorOptions(
        newSeed,
        partners,
        days,
        startDate,
        loansPerDay,
        breakRate,
        breaks,
        correctionRate,
        dateToleranceDays,
        fundedAhead);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " = " + value + " is outside " + min + ".." + max);
    }
  }
}
