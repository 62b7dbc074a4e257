package io.entente.colending.generator;

import io.entente.colending.dayfile.Action;
import io.entente.colending.dayfile.Amounts;
import io.entente.colending.dayfile.Component;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.EventType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Turns one true event into what each bank reports: normally the same line from both, the lead
 * within minutes and the partner within the hour; sometimes with an injected break or a lead-side
 * mistake that the lead corrects once the partner has reported.
 */
final class ReportMaker {
  private static final List<InjectedBreak> PER_EVENT =
      List.of(
          InjectedBreak.AMOUNT_MISMATCH,
          InjectedBreak.DATE_MISMATCH,
          InjectedBreak.FIELD_MISMATCH,
          InjectedBreak.ONE_SIDED,
          InjectedBreak.SPLIT_MISMATCH,
          InjectedBreak.DUPLICATE_CONFLICT);

  private final GeneratorOptions options;
  private final RandomGenerator rng;

  ReportMaker(GeneratorOptions options, RandomGenerator rng) {
    this.options = options;
    this.rng = rng;
  }

  /** Adds both banks' reports of the event (and the label of any break) to the lists. */
  void report(
      GeneratedEvent event,
      AgreementTerms terms,
      boolean alreadyLabelled,
      List<BankReport> reports,
      List<BreakLabel> labels) {
    DayFileRecord truth = event.record();
    LocalDate day = truth.valueDate();
    Instant leadAt = event.at().plusSeconds(rng.nextLong(0, 180));
    Instant partnerAt = event.at().plusSeconds(rng.nextLong(120, 2_700));
    Reports out = new Reports(terms, day, leadAt, partnerAt, truth);
    double draw = rng.nextDouble();
    List<InjectedBreak> candidates = alreadyLabelled ? List.of() : candidates(truth);
    if (!candidates.isEmpty() && draw < options.breakRate()) {
      InjectedBreak kind = candidates.get(rng.nextInt(candidates.size()));
      labels.add(inject(kind, out, terms));
    } else if (!alreadyLabelled
        && amountCanChange(truth, options)
        && rng.nextDouble() < options.correctionRate()) {
      labels.add(correction(out, terms));
    }
    reports.addAll(out.list());
  }

  private List<InjectedBreak> candidates(DayFileRecord truth) {
    List<InjectedBreak> kinds = new ArrayList<>();
    if (options.fundedAhead() && isReserveMovement(truth)) {
      return kinds;
    }
    for (InjectedBreak kind : PER_EVENT) {
      boolean applies =
          switch (kind) {
            case AMOUNT_MISMATCH, DUPLICATE_CONFLICT -> amountCanChange(truth, options);
            case FIELD_MISMATCH -> truth.loanRef().isPresent();
            case SPLIT_MISMATCH -> splitCanChange(truth).isPresent();
            default -> true;
          };
      if (applies && options.breaks().contains(kind)) {
        kinds.add(kind);
      }
    }
    return kinds;
  }

  private BreakLabel inject(InjectedBreak kind, Reports out, AgreementTerms terms) {
    DayFileRecord truth = out.truth;
    boolean leadSide = rng.nextBoolean();
    String bank = leadSide ? terms.leadBank() : terms.partnerBank();
    String detail;
    switch (kind) {
      case AMOUNT_MISMATCH -> {
        DayFileRecord changed = changeAmount(truth, terms, rng.nextLong(1, 50_000));
        out.replace(leadSide, changed);
        detail = "reported " + changed.amountFen() + " fen instead of " + truth.amountFen();
      }
      case DATE_MISMATCH -> {
        long shift = terms.dateToleranceDays() + 1L + rng.nextInt(0, 3);
        LocalDate wrong =
            rng.nextBoolean()
                ? truth.valueDate().plusDays(shift)
                : truth.valueDate().minusDays(shift);
        out.replace(leadSide, truth.withValueDate(wrong));
        detail = "value date " + wrong + " instead of " + truth.valueDate();
      }
      case FIELD_MISMATCH -> {
        String loanRef = truth.loanRef().orElseThrow();
        String wrong =
            loanRef.substring(0, loanRef.length() - 1) + (loanRef.endsWith("0") ? "1" : "0");
        out.replace(leadSide, truth.withLoanRef(wrong));
        detail = "loan_ref " + wrong + " instead of " + loanRef;
      }
      case ONE_SIDED -> {
        out.drop(leadSide);
        detail = "never reported by " + bank;
      }
      case SPLIT_MISMATCH -> {
        DayFileRecord changed = splitCanChange(truth).orElseThrow();
        out.replace(true, changed);
        out.replace(false, changed);
        bank = BreakLabel.BOTH_BANKS;
        detail =
            "partner portions "
                + changed.partnerPortions().toMap()
                + " instead of "
                + truth.partnerPortions().toMap();
      }
      case DUPLICATE_CONFLICT -> {
        DayFileRecord second = changeAmount(truth, terms, rng.nextLong(1, 50_000));
        out.addLater(leadSide, second, rng.nextLong(600, 3_600));
        detail = "reported again with " + second.amountFen() + " fen";
      }
      default -> throw new AssertionError("not a per-event break: " + kind);
    }
    return new BreakLabel(
        kind,
        terms.agreement(),
        Optional.of(truth.eventType()),
        Optional.of(truth.eventRef()),
        bank,
        out.day,
        BreakLabel.OPEN,
        detail);
  }

  /** The lead keys a wrong amount and corrects it after the partner's (right) report. */
  private BreakLabel correction(Reports out, AgreementTerms terms) {
    DayFileRecord truth = out.truth;
    DayFileRecord wrong = changeAmount(truth, terms, rng.nextLong(1, 50_000));
    out.replace(true, wrong);
    out.correctAfterPartner(
        truth.withAction(Action.CORRECT, "amount keyed wrongly"), rng.nextLong(300, 1_800));
    return new BreakLabel(
        InjectedBreak.AMOUNT_MISMATCH,
        terms.agreement(),
        Optional.of(truth.eventType()),
        Optional.of(truth.eventRef()),
        terms.leadBank(),
        out.day,
        BreakLabel.RESOLVED,
        "first reported " + wrong.amountFen() + " fen, then corrected");
  }

  private static boolean isReserveMovement(DayFileRecord r) {
    return r.eventType() == EventType.RESERVE_DEPOSIT
        || r.eventType() == EventType.RESERVE_WITHDRAWAL;
  }

  /**
   * Events whose amount can change without touching a loan's principal; with the reserve funded
   * ahead, disbursements too (their principal, re-split), and reserve movements not.
   */
  private static boolean amountCanChange(DayFileRecord r, GeneratorOptions options) {
    if (options.fundedAhead() && isReserveMovement(r)) {
      return false;
    }
    return switch (r.eventType()) {
      case RESERVE_DEPOSIT, RESERVE_WITHDRAWAL, SETTLEMENT, FEE -> true;
      case REPAYMENT, RECOVERY -> r.components().interest().isPresent();
      case DISBURSEMENT -> options.fundedAhead();
      case WRITE_OFF -> false;
    };
  }

  /** The record with {@code delta} more in its amount (and in its fee or interest, re-split). */
  private static DayFileRecord changeAmount(DayFileRecord r, AgreementTerms terms, long delta) {
    Component part =
        switch (r.eventType()) {
          case FEE -> Component.FEE;
          case REPAYMENT, RECOVERY -> Component.INTEREST;
          case DISBURSEMENT -> Component.PRINCIPAL;
          default -> null;
        };
    if (part == null) {
      return r.withAmounts(r.amountFen() + delta, r.components(), r.partnerPortions());
    }
    long value = r.components().orZero(part) + delta;
    Amounts components = r.components().with(part, value);
    Amounts portions = r.partnerPortions().with(part, Split.share(value, terms.bp(part)));
    return r.withAmounts(r.amountFen() + delta, components, portions);
  }

  /** The record with its first partner portion one fen off the rule, if there is room. */
  private static Optional<DayFileRecord> splitCanChange(DayFileRecord r) {
    for (var entry : r.partnerPortions().toMap().entrySet()) {
      long component = r.components().orZero(entry.getKey());
      long portion = entry.getValue();
      long wrong = portion + 1 <= component ? portion + 1 : portion - 1;
      if (wrong >= 0 && wrong != portion) {
        Amounts portions = r.partnerPortions().with(entry.getKey(), wrong);
        return Optional.of(r.withAmounts(r.amountFen(), r.components(), portions));
      }
    }
    return Optional.empty();
  }

  /** The two banks' reports of one event while they are being decided. */
  private static final class Reports {
    final AgreementTerms terms;
    final LocalDate day;
    final DayFileRecord truth;
    private final Instant leadAt;
    private final Instant partnerAt;
    private DayFileRecord lead;
    private DayFileRecord partner;
    private final List<BankReport> later = new ArrayList<>();

    Reports(
        AgreementTerms terms,
        LocalDate day,
        Instant leadAt,
        Instant partnerAt,
        DayFileRecord truth) {
      this.terms = terms;
      this.day = day;
      this.leadAt = leadAt;
      this.partnerAt = partnerAt;
      this.truth = truth;
      this.lead = truth;
      this.partner = truth;
    }

    void replace(boolean leadSide, DayFileRecord record) {
      if (leadSide) {
        lead = record;
      } else {
        partner = record;
      }
    }

    void drop(boolean leadSide) {
      replace(leadSide, null);
    }

    void addLater(boolean leadSide, DayFileRecord record, long afterSeconds) {
      Instant at = (leadSide ? leadAt : partnerAt).plusSeconds(afterSeconds);
      later.add(new BankReport(at, leadSide ? terms.leadBank() : terms.partnerBank(), day, record));
    }

    void correctAfterPartner(DayFileRecord record, long afterSeconds) {
      later.add(new BankReport(partnerAt.plusSeconds(afterSeconds), terms.leadBank(), day, record));
    }

    List<BankReport> list() {
      List<BankReport> all = new ArrayList<>();
      if (lead != null) {
        all.add(new BankReport(leadAt, terms.leadBank(), day, lead));
      }
      if (partner != null) {
        all.add(new BankReport(partnerAt, terms.partnerBank(), day, partner));
      }
      all.addAll(later);
      return all;
    }
  }
}
