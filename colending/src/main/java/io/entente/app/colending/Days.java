package io.entente.app.colending;

import io.entente.core.bytes.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Statement days. Each record gets a row in the statement of its value date while that day is open;
 * a record whose date has already closed (or that changes after its day closed) goes into the open
 * day as a prior-date adjustment. Day D closes by a close transaction from either bank, or by
 * itself in the first block at or after D+1 00:00 Shanghai plus the agreement's grace period.
 */
final class Days {
  private Days() {}

  static final String CLOSED = "statement-closed";
  static final String AUTO = "auto";

  static String rowsPrefix(String agreement, int day) {
    return "rows/" + agreement + "/" + day;
  }

  static void addRow(Context cx, Recon recon) {
    DayBook book = cx.store.get(DayBook.key(recon.key.agreement()));
    int open = book.openDay;
    EventRecord effective = recon.effective();
    int valueDate = effective == null ? open : effective.valueDate();
    int day;
    boolean prior;
    if (recon.statementDay == Recon.NO_DAY) {
      day = Math.max(valueDate, open);
      prior = valueDate < open;
    } else if (recon.statementDay < open) {
      day = open;
      prior = true;
    } else {
      return; // its row is in a day still open, which reads the record's state when it closes
    }
    Chunks.append(
        cx.store,
        rowsPrefix(recon.key.agreement(), day),
        new Chunks.Entry(prior ? 1 : 0, recon.key.type().name() + "/" + recon.key.eventRef()));
    recon.statementDay = day;
  }

  /** When the agreement's open day closes by itself. */
  static long autoCloseAt(Store store, String agreement) {
    DayBook book = store.get(DayBook.key(agreement));
    AgreementTerms terms = store.get(AgreementState.key(agreement)).terms();
    return ShanghaiCalendar.startOfDay(book.openDay + 1) + terms.closeGraceMs();
  }

  static void autoClose(Context cx, AgreementTerms terms) {
    while (cx.nowMs >= autoCloseAt(cx.store, terms.id())) {
      close(cx, terms, AUTO);
    }
  }

  /**
   * Closes days up to {@code day}, each only once it has ended. Returns the receipt's result: the
   * number of days closed, then {@code yyyy-MM-dd=<CSV SHA-256>} for the first {@value
   * #HASHES_IN_RECEIPT_MAX} of them (every one is also in its statement and its event).
   */
  static List<String> closeUpTo(Context cx, AgreementTerms terms, int day, String closedBy) {
    List<String> hashes = new ArrayList<>();
    int closed = 0;
    DayBook book = cx.store.get(DayBook.key(terms.id()));
    while (book.openDay <= day && book.openDay < cx.today) {
      int closing = book.openDay;
      Bytes sha = close(cx, terms, closedBy);
      if (hashes.size() < HASHES_IN_RECEIPT_MAX) {
        hashes.add(ShanghaiCalendar.iso(closing) + "=" + sha.toHex());
      }
      closed++;
      book = cx.store.get(DayBook.key(terms.id()));
    }
    hashes.add(0, Integer.toString(closed));
    return hashes;
  }

  /** Statement hashes a close transaction's receipt lists (the event-data list holds 32). */
  static final int HASHES_IN_RECEIPT_MAX = 16;

  private static Bytes close(Context cx, AgreementTerms terms, String closedBy) {
    DayBook book = cx.store.edit(DayBook.key(terms.id()));
    int day = book.openDay;
    List<StatementCsv.Row> rows = new ArrayList<>();
    long[] counts = new long[Recon.State.values().length];
    for (Chunks.Entry entry : Chunks.all(cx.store, rowsPrefix(terms.id(), day))) {
      int slash = entry.text().indexOf('/');
      RecordKey key =
          new RecordKey(
              terms.id(),
              EventType.valueOf(entry.text().substring(0, slash)),
              entry.text().substring(slash + 1));
      Recon recon = cx.store.get(Recon.key(key));
      counts[recon.state.ordinal()]++;
      rows.add(
          new StatementCsv.Row(
              key,
              recon.effective(),
              recon.state,
              recon.lead != null,
              recon.partner != null,
              entry.number() == 1));
    }
    String csv = StatementCsv.render(rows);
    Bytes sha = Books.sha256(csv.getBytes(StandardCharsets.UTF_8));
    Position position = cx.store.get(Position.key(terms.id()));
    long closing = position.postedReserve();
    List<Long> movements = new ArrayList<>();
    for (long movement : book.movements) {
      movements.add(movement);
    }
    Statement statement =
        new Statement(
            terms.id(),
            day,
            book.openingReserve,
            closing,
            movements,
            rows.size(),
            counts[Recon.State.MATCHED.ordinal()] + counts[Recon.State.ADJUSTED.ordinal()],
            counts[Recon.State.AWAITING_COUNTERPART.ordinal()],
            counts[Recon.State.MISMATCHED.ordinal()],
            position.openBreaks,
            sha,
            cx.nowMs,
            closedBy);
    cx.store.put(Statement.key(terms.id(), day), statement);
    cx.store.put(Statement.csvKey(terms.id(), day), new Statement.Text(csv));
    book.openDay = day + 1;
    book.openingReserve = closing;
    java.util.Arrays.fill(book.movements, 0);
    Breaks.closeResolved(cx, terms.id(), day);
    BankStatements.compareAtClose(cx, terms, day, closing);
    cx.emit(CLOSED, terms.id(), ShanghaiCalendar.iso(day), sha.toHex(), closedBy);
    return sha;
  }
}
