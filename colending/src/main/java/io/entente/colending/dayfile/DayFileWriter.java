package io.entente.colending.dayfile;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes day files in one fixed form: every column of {@link Column} in that order, amounts with
 * two decimals, absent fields as empty cells, RFC 4180 quoting only where needed, LF line endings,
 * UTF-8 without byte order mark. The same records always give the same bytes, which the batch
 * idempotency key relies on.
 */
public final class DayFileWriter {
  private DayFileWriter() {}

  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  public static void write(Path file, List<DayFileRecord> records) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out, records);
    }
  }

  /** Writes the header and the records; the writer is flushed, not closed. */
  public static void write(Writer out, List<DayFileRecord> records) throws IOException {
    CSVPrinter printer = new CSVPrinter(out, FORMAT);
    printer.printRecord(header());
    for (DayFileRecord record : records) {
      printer.printRecord(cells(record));
    }
    printer.flush();
  }

  /** The day file text of the records, header included. */
  public static String toText(List<DayFileRecord> records) {
    StringWriter out = new StringWriter();
    try {
      write(out, records);
    } catch (IOException e) {
      throw new AssertionError("a StringWriter does not fail", e);
    }
    return out.toString();
  }

  /** One record as its line in the fixed form, with its LF: the canonical text of the record. */
  public static String canonicalLine(DayFileRecord record) {
    StringWriter out = new StringWriter();
    try {
      new CSVPrinter(out, FORMAT).printRecord(cells(record));
    } catch (IOException e) {
      throw new AssertionError("a StringWriter does not fail", e);
    }
    return out.toString();
  }

  static List<String> header() {
    List<String> names = new ArrayList<>();
    for (Column column : Column.values()) {
      names.add(column.header());
    }
    return names;
  }

  static List<String> cells(DayFileRecord r) {
    List<String> cells = new ArrayList<>();
    for (Column column : Column.values()) {
      cells.add(cell(r, column));
    }
    return cells;
  }

  private static String cell(DayFileRecord r, Column column) {
    return switch (column) {
      case EVENT_REF -> r.eventRef();
      case EVENT_TYPE -> r.eventType().name();
      case AGREEMENT -> r.agreement();
      case LOAN_REF -> text(r.loanRef());
      case VALUE_DATE -> r.valueDate().toString();
      case CURRENCY -> r.currency();
      case AMOUNT -> Yuan.format(r.amountFen());
      case PRINCIPAL -> money(r.components().principal());
      case INTEREST -> money(r.components().interest());
      case PENALTY -> money(r.components().penalty());
      case FEE -> money(r.components().fee());
      case PARTNER_PRINCIPAL -> money(r.partnerPortions().principal());
      case PARTNER_INTEREST -> money(r.partnerPortions().interest());
      case PARTNER_PENALTY -> money(r.partnerPortions().penalty());
      case PARTNER_FEE -> money(r.partnerPortions().fee());
      case DIRECTION -> r.direction().map(Enum::name).orElse("");
      case PAYMENT_REF -> text(r.paymentRef());
      case SETTLEMENT_REF -> text(r.settlementRef());
      case ACTION -> r.action().name();
      case REASON -> text(r.reason());
    };
  }

  private static String text(Optional<String> value) {
    return value.orElse("");
  }

  private static String money(OptionalLong fen) {
    return fen.isPresent() ? Yuan.format(fen.getAsLong()) : "";
  }
}
