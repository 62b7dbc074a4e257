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
    int dateToleranceDays) {

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
        seed, 3, 30, LocalDate.of(2026, 3, 2), 20, 0, EnumSet.noneOf(InjectedBreak.class), 0, 1);
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
        dateToleranceDays);
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
        dateToleranceDays);
  }

  public GeneratorOptions withCorrections(double rate) {
    return new GeneratorOptions(
        seed, partners, days, startDate, loansPerDay, breakRate, breaks, rate, dateToleranceDays);
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
        dateToleranceDays);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " = " + value + " is outside " + min + ".." + max);
    }
  }
}
