package io.entente.app.colending;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The statement CSV of one agreement and date, a fixed format both banks can hash and compare:
 *
 * <ul>
 *   <li>UTF-8 without BOM, LF line endings (also after the last row), comma separated, RFC 4180
 *       quoting (never needed for the reference alphabet, but applied if a cell holds a comma,
 *       quote, CR or LF);
 *   <li>a header row, then one row per record, sorted by event_ref, then event_type;
 *   <li>columns: {@value #HEADER};
 *   <li>amounts in yuan with exactly two decimals; dates yyyy-MM-dd; status the record's
 *       reconciliation state; lead/partner_reported Y or N; prior_date Y for a record whose value
 *       date is before the statement date (a late record or a late correction).
 * </ul>
 *
 * <p>A withdrawn record (every report reversed) has empty amount and portion cells.
 */
final class StatementCsv {
  private StatementCsv() {}

  static final String HEADER =
      "event_ref,event_type,loan_ref,value_date,currency,amount,partner_principal,"
          + "partner_interest,partner_penalty,partner_fee,status,lead_reported,partner_reported,"
          + "prior_date";

  /** One row's content. */
  record Row(
      RecordKey key,
      EventRecord effective,
      Recon.State state,
      boolean leadReported,
      boolean partnerReported,
      boolean prior) {}

  static String render(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(Row::key, RecordKey.ROW_ORDER));
    StringBuilder out = new StringBuilder(64 + rows.size() * 96);
    out.append(HEADER).append('\n');
    for (Row row : sorted) {
      EventRecord e = row.effective();
      List<String> cells = new ArrayList<>();
      cells.add(row.key().eventRef());
      cells.add(row.key().type().name());
      cells.add(e == null ? "" : e.loanRef());
      cells.add(e == null ? "" : ShanghaiCalendar.iso(e.valueDate()));
      cells.add(e == null ? "" : e.currency());
      cells.add(e == null ? "" : Money.yuan(e.amount()));
      Components p = e == null ? null : e.partnerPortion();
      cells.add(p == null ? "" : Money.yuan(p.principal()));
      cells.add(p == null ? "" : Money.yuan(p.interest()));
      cells.add(p == null ? "" : Money.yuan(p.penalty()));
      cells.add(p == null ? "" : Money.yuan(p.fee()));
      cells.add(row.state().name());
      cells.add(row.leadReported() ? "Y" : "N");
      cells.add(row.partnerReported() ? "Y" : "N");
      cells.add(row.prior() ? "Y" : "N");
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(quote(cells.get(i)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  static String quote(String cell) {
    boolean needs =
        cell.indexOf(',') >= 0
            || cell.indexOf('"') >= 0
            || cell.indexOf('\n') >= 0
            || cell.indexOf('\r') >= 0;
    return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }
}
