package io.entente.colending.dayfile;

import io.entente.colending.EdgeLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV day file (UTF-8, RFC 4180, header row, columns in any order) into records and
 * line-numbered errors. Every line is checked, so one pass reports every bad line; the caller
 * decides with an {@link ImportPolicy} what to submit.
 */
public final class DayFileReader {
  private DayFileReader() {}

  // Blank lines are skipped (an editor may leave one at the end); quoting is RFC 4180.
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

  public static DayFileResult read(Path file, Progress progress) throws IOException {
    long size = Files.size(file);
    if (size > EdgeLimits.DAY_FILE_BYTES_MAX) {
      return rejected(
          new LineError(
              0,
              LineError.Reason.FILE_TOO_LARGE,
              "the file has "
                  + size
                  + " bytes, more than DAY_FILE_BYTES_MAX = "
                  + EdgeLimits.DAY_FILE_BYTES_MAX,
              List.of()));
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, progress);
    }
  }

  /** Reads a day file from a stream (not closed here). I/O failures other than limits propagate. */
  public static DayFileResult read(InputStream in, Progress progress) throws IOException {
    Reader reader =
        new BoundedInput.Lines(
            new InputStreamReader(
                new BoundedInput.Bytes(in, EdgeLimits.DAY_FILE_BYTES_MAX),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
    Pass pass = new Pass(progress);
    try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
      pass.run(parser);
    } catch (UncheckedIOException e) {
      return rejected(fileError(e.getCause(), pass.lastLine + 1));
    } catch (BoundedInput.LimitExceeded | CharacterCodingException e) {
      return rejected(fileError(e, pass.lastLine + 1));
    } catch (IllegalStateException e) {
      // Commons CSV reports bad quoting this way.
      return rejected(
          new LineError(
              pass.lastLine + 1, LineError.Reason.MALFORMED_CSV, e.getMessage(), List.of()));
    }
    return pass.result();
  }

  private static LineError fileError(IOException cause, long line) {
    if (cause instanceof BoundedInput.LimitExceeded limit) {
      return new LineError(
          limit.line > 0 ? limit.line : line, limit.reason, limit.getMessage(), List.of());
    }
    if (cause instanceof CharacterCodingException) {
      return new LineError(
          line, LineError.Reason.BAD_ENCODING, "the file is not valid UTF-8", List.of());
    }
    return new LineError(
        line, LineError.Reason.MALFORMED_CSV, "not valid CSV: " + cause.getMessage(), List.of());
  }

  private static DayFileResult rejected(LineError error) {
    return new DayFileResult(List.of(), List.of(), List.of(error), List.of(), true);
  }

  /** One reading of one file: the header, then every event line. */
  private static final class Pass {
    private final Progress progress;
    private final List<DayFileEntry> entries = new ArrayList<>();
    private final List<LineError> errors = new ArrayList<>();
    private final List<Long> repeats = new ArrayList<>();
    private final Map<EventKey, List<DayFileRecord>> seen = new TreeMap<>();
    private List<String> header = List.of();
    private boolean headerRejected;
    private long lastLine;
    private long records;

    Pass(Progress progress) {
      this.progress = progress;
    }

    void run(CSVParser parser) throws IOException {
      Iterator<CSVRecord> lines = parser.iterator();
      if (!lines.hasNext()) {
        errors.add(new LineError(1, LineError.Reason.NO_HEADER, "the file is empty", List.of()));
        headerRejected = true;
        return;
      }
      header = lines.next().toList();
      lastLine = parser.getCurrentLineNumber();
      Optional<LineParser> lineParser = header(header);
      while (lines.hasNext()) {
        CSVRecord record = lines.next();
        long endLine = parser.getCurrentLineNumber();
        long startLine = endLine - lineBreaksInside(record.toList());
        lastLine = endLine;
        records++;
        if (records > EdgeLimits.DAY_FILE_RECORDS_MAX) {
          throw new BoundedInput.LimitExceeded(
              LineError.Reason.TOO_MANY_RECORDS,
              startLine,
              "the file has more than DAY_FILE_RECORDS_MAX = "
                  + EdgeLimits.DAY_FILE_RECORDS_MAX
                  + " records");
        }
        if (lineParser.isPresent()) {
          line(lineParser.get(), startLine, record.toList());
        }
        if (records % EdgeLimits.PROGRESS_EVERY_RECORDS == 0) {
          progress.recordsRead(records);
        }
      }
      progress.recordsRead(records);
    }

    /** Maps the header to columns; on an unknown or repeated column no line can be read. */
    private Optional<LineParser> header(List<String> names) {
      Map<Column, Integer> positions = new EnumMap<>(Column.class);
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        Optional<Column> column = Column.forHeader(name);
        if (column.isEmpty()) {
          errors.add(
              new LineError(
                  1, LineError.Reason.UNKNOWN_COLUMN, "unknown column '" + name + "'", names));
        } else if (positions.put(column.get(), i) != null) {
          errors.add(
              new LineError(
                  1, LineError.Reason.DUPLICATE_COLUMN, "column '" + name + "' repeats", names));
        }
      }
      headerRejected = !errors.isEmpty();
      return headerRejected ? Optional.empty() : Optional.of(new LineParser(positions));
    }

    private void line(LineParser lineParser, long line, List<String> cells) {
      DayFileRecord record;
      try {
        record = lineParser.parse(cells);
      } catch (BadLine bad) {
        errors.add(new LineError(line, bad.reason(), bad.getMessage(), cells));
        return;
      }
      List<DayFileRecord> earlier = seen.computeIfAbsent(record.key(), key -> new ArrayList<>());
      if (earlier.contains(record)) {
        repeats.add(line);
        return;
      }
      boolean conflict = !earlier.isEmpty() && record.action() == Action.REPORT;
      earlier.add(record);
      entries.add(new DayFileEntry(line, record, conflict));
    }

    DayFileResult result() {
      return new DayFileResult(header, entries, errors, repeats, headerRejected);
    }
  }

  /** Line breaks inside quoted cells: the record started that many lines before it ended. */
  private static long lineBreaksInside(List<String> cells) {
    long count = 0;
    for (String cell : cells) {
      count += cell.chars().filter(c -> c == '\n').count();
    }
    return count;
  }
}
