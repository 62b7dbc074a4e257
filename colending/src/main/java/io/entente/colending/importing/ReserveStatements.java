package io.entente.colending.importing;

import io.entente.app.colending.ColendingLimits;
import io.entente.app.colending.Requests;
import io.entente.colending.camt.CreditDebit;
import io.entente.colending.camt.DayBalance;
import io.entente.colending.camt.ReserveStatement;
import io.entente.colending.camt.StatementEntry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Maps a camt.053 statement, as {@code CamtStatementReader} read it, to the co-lending
 * application's {@code reserve-statement} contents: one {@link Requests.ReserveStatement} per
 * closing booked balance (CLBD) date, with the booked entries of that date. Pure: no I/O.
 *
 * <ul>
 *   <li>{@code agreement} is given by the caller: a statement names an account, not an agreement.
 *   <li>{@code account} is the statement's account id (IBAN or Othr/Id).
 *   <li>Only booked entries count ({@code Sts/Cd} BOOK, or no status): pending and information-only
 *       entries are not in a closing booked balance. A reversal ({@code RvslInd}) is taken as
 *       booked: its credit/debit indicator already says which way it moved the account.
 *   <li>An entry's reference is its {@code AcctSvcrRef} when every booked entry of the day has a
 *       distinct one that is a ledger reference; otherwise every entry of that day is named by its
 *       position, {@code entry-000001} and on, so names never collide.
 *   <li>An entry's payment reference is the first of its transactions' {@code TxId}, {@code
 *       InstrId}, {@code UETR} that is a ledger reference (the day file's {@code payment_ref} is
 *       what the ledger matches it with), else none.
 *   <li>An entry's date is its value date, else its booking date, else the statement's date.
 * </ul>
 */
public final class ReserveStatements {
  private ReserveStatements() {}

  /** The application's reference alphabet (docs/colending.md, Encodings). */
  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  static final String POSITION_PREFIX = "entry-";

  /** The contents to submit, in date order, and the entries left out (not booked). */
  public record Mapped(List<Requests.ReserveStatement> statements, int entriesNotBooked) {
    public Mapped {
      statements = List.copyOf(statements);
    }
  }

  /**
   * Maps {@code statement} for {@code agreement}.
   *
   * @throws IllegalArgumentException naming what the ledger could not take: an agreement or account
   *     id outside the reference alphabet, more than {@link ColendingLimits#STATEMENT_ENTRIES_MAX}
   *     entries on one date
   */
  public static Mapped map(String agreement, ReserveStatement statement) {
    requireReference(agreement, "agreement");
    requireReference(statement.accountId(), "account id " + statement.accountId());
    TreeMap<LocalDate, List<StatementEntry>> byDate = new TreeMap<>();
    for (DayBalance balance : statement.balances()) {
      byDate.put(balance.date(), new ArrayList<>());
    }
    int notBooked = 0;
    for (StatementEntry entry : statement.entries()) {
      if (!booked(entry)) {
        notBooked++;
        continue;
      }
      List<StatementEntry> day = byDate.get(entry.statementDate());
      if (day == null) {
        throw new IllegalArgumentException(
            "an entry of " + entry.statementDate() + " has no closing balance of that date");
      }
      day.add(entry);
    }
    List<Requests.ReserveStatement> statements = new ArrayList<>();
    for (DayBalance balance : statement.balances()) {
      statements.add(
          new Requests.ReserveStatement(
              agreement,
              statement.accountId(),
              Math.toIntExact(balance.date().toEpochDay()),
              balance.closingBookedFen(),
              entries(balance.date(), byDate.get(balance.date()))));
    }
    return new Mapped(statements, notBooked);
  }

  private static boolean booked(StatementEntry entry) {
    return entry.status().map("BOOK"::equals).orElse(true);
  }

  private static List<Requests.StatementEntry> entries(LocalDate date, List<StatementEntry> day) {
    if (day.size() > ColendingLimits.STATEMENT_ENTRIES_MAX) {
      throw new IllegalArgumentException(
          date
              + " has "
              + day.size()
              + " booked entries, more than the ledger's STATEMENT_ENTRIES_MAX = "
              + ColendingLimits.STATEMENT_ENTRIES_MAX);
    }
    boolean byServicerRef = servicerRefsUsable(day);
    TreeMap<String, Requests.StatementEntry> sorted = new TreeMap<>();
    for (int i = 0; i < day.size(); i++) {
      StatementEntry entry = day.get(i);
      String ref =
          byServicerRef
              ? entry.accountServicerRef().orElseThrow()
              : POSITION_PREFIX + String.format(Locale.ROOT, "%06d", i + 1);
      sorted.put(
          ref,
          new Requests.StatementEntry(
              ref,
              paymentRef(entry).orElse(""),
              entry.amountFen(),
              entry.creditDebit() == CreditDebit.CREDIT,
              Math.toIntExact(entry.valueDate().or(entry::bookingDate).orElse(date).toEpochDay())));
    }
    return List.copyOf(sorted.values());
  }

  /** Every entry has an AcctSvcrRef, each a reference, none repeated. */
  private static boolean servicerRefsUsable(List<StatementEntry> day) {
    TreeSet<String> seen = new TreeSet<>();
    for (StatementEntry entry : day) {
      Optional<String> ref = entry.accountServicerRef();
      if (ref.isEmpty() || !isReference(ref.get()) || !seen.add(ref.get())) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> paymentRef(StatementEntry entry) {
    return entry.otherPaymentRefs().stream().filter(ReserveStatements::isReference).findFirst();
  }

  static boolean isReference(String value) {
    return REFERENCE.matcher(value).matches();
  }

  private static void requireReference(String value, String what) {
    if (!isReference(value)) {
      throw new IllegalArgumentException(
          what + " is not a ledger reference (1 to 64 characters of A-Z a-z 0-9 . _ : -)");
    }
  }
}
