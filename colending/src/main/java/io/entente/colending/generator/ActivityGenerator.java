package io.entente.colending.generator;

import io.entente.colending.dayfile.EventKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Generates co-lending activity day by day, deterministically: one {@link SplittableRandom} seeded
 * from the options drives every choice, and time is virtual (business days from the start date,
 * Asia/Shanghai), so the same options always give the same days.
 *
 * <p>Single use: {@link #nextDay} advances the generator's state (reserves, loans).
 */
public final class ActivityGenerator {
  public static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");
  public static final String LEAD_BANK = "LEAD";

  private final GeneratorOptions options;
  private final RandomGenerator rng;
  private final List<PartnerBook> books = new ArrayList<>();
  private final ReportMaker reportMaker;
  private int dayIndex;
  private long sequence;

  public ActivityGenerator(GeneratorOptions options) {
    this.options = options;
    this.rng = new SplittableRandom(options.seed());
    this.reportMaker = new ReportMaker(options, rng);
    for (int i = 1; i <= options.partners(); i++) {
      String code = String.format(Locale.ROOT, "P%02d", i);
      books.add(new PartnerBook(terms(code, rng, options), code, options));
    }
  }

  /** The agreements, one per partner, with split shares drawn from the seed. */
  private static AgreementTerms terms(String code, RandomGenerator rng, GeneratorOptions options) {
    int principalBp = 3_000 + 500 * rng.nextInt(0, 9);
    int interestBp = Math.max(1_000, principalBp - 500 * rng.nextInt(0, 3));
    return new AgreementTerms(
        "AGR-" + code,
        LEAD_BANK,
        "PARTNER-" + code,
        "CNY",
        principalBp,
        interestBp,
        interestBp,
        principalBp,
        options.dateToleranceDays());
  }

  public List<AgreementTerms> agreements() {
    return books.stream().map(book -> book.terms).toList();
  }

  public boolean hasNextDay() {
    return dayIndex < options.days();
  }

  public GeneratedDay nextDay() {
    if (!hasNextDay()) {
      throw new NoSuchElementException("all " + options.days() + " days have been generated");
    }
    LocalDate date = options.startDate().plusDays(dayIndex);
    List<GeneratedEvent> events = new ArrayList<>();
    List<BankReport> reports = new ArrayList<>();
    List<ClosingBalance> balances = new ArrayList<>();
    List<BreakLabel> labels = new ArrayList<>();
    for (PartnerBook book : books) {
      PartnerBook.PartnerDay day = book.simulate(date, dayIndex == 0, rng);
      TreeSet<EventKey> labelled = new TreeSet<>();
      for (BreakLabel label : day.labels()) {
        if (label.eventType().isPresent() && label.eventRef().isPresent()) {
          labelled.add(
              new EventKey(label.agreement(), label.eventType().get(), label.eventRef().get()));
        }
      }
      labels.addAll(day.labels());
      balances.add(day.balance());
      for (PartnerBook.Timed timed : day.events()) {
        Instant at = date.atTime(timed.time()).atZone(BUSINESS_ZONE).toInstant();
        GeneratedEvent event = new GeneratedEvent(at, sequence++, timed.record());
        events.add(event);
        reportMaker.report(
            event, book.terms, labelled.contains(timed.record().key()), reports, labels);
      }
    }
    dayIndex++;
    events.sort(
        Comparator.comparing(GeneratedEvent::at).thenComparingLong(GeneratedEvent::sequence));
    reports.sort(Comparator.comparing(BankReport::at));
    return new GeneratedDay(date, events, reports, balances, labels);
  }

  /** The remaining days, generated as the stream is consumed. */
  public Stream<GeneratedDay> days() {
    return Stream.iterate(this, ActivityGenerator::hasNextDay, generator -> generator)
        .map(ActivityGenerator::nextDay);
  }

  /**
   * Every bank's reports of the remaining days in time order, with their virtual timestamps: what a
   * live demo feeds to the banks' nodes.
   */
  public Stream<BankReport> reports() {
    return days().flatMap(day -> day.reports().stream());
  }

  /** All days of a scenario at once. */
  public static List<GeneratedDay> generate(GeneratorOptions options) {
    return new ActivityGenerator(options).days().toList();
  }
}
