package io.entente.colending.dayfile;

import io.entente.colending.EdgeLimits;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.csv.CSVPrinter;

/**
 * Reads a day file and turns what may be submitted into batches, writing a rejects file when the
 * policy keeps the valid lines of an invalid file. Submitting the batches is the caller's job.
 */
public final class DayFileImport {
  private DayFileImport() {}

  /**
   * How to import: {@code rejectsFile} is where rejected lines go under {@link
   * ImportPolicy#KEEP_VALID_LINES} (required with that policy).
   */
  public record Options(ImportPolicy policy, Optional<Path> rejectsFile, int batchSize) {
    public Options {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(rejectsFile, "rejectsFile");
      if (policy == ImportPolicy.KEEP_VALID_LINES && rejectsFile.isEmpty()) {
        throw new IllegalArgumentException("keeping valid lines needs a rejects file");
      }
      if (batchSize < 1 || batchSize > EdgeLimits.BATCH_RECORDS_MAX) {
        throw new IllegalArgumentException(
            "batch size "
                + batchSize
                + " is outside 1.."
                + EdgeLimits.BATCH_RECORDS_MAX
                + " (BATCH_RECORDS_MAX)");
      }
    }

    /** The default: nothing from an invalid file. */
    public static Options allOrNothing(int batchSize) {
      return new Options(ImportPolicy.NOTHING_FROM_AN_INVALID_FILE, Optional.empty(), batchSize);
    }

    public static Options keepValidLines(Path rejectsFile, int batchSize) {
      return new Options(ImportPolicy.KEEP_VALID_LINES, Optional.of(rejectsFile), batchSize);
    }
  }

  /** The outcome: what was read, the batches to submit, and the rejects file if one was written. */
  public record Outcome(DayFileResult result, List<Batch> batches, Optional<Path> rejectsWritten) {
    public Outcome {
      batches = List.copyOf(batches);
    }
  }

  public static Outcome run(Path file, Options options, Progress progress) throws IOException {
    DayFileResult result = DayFileReader.read(file, progress);
    List<Batch> batches = Batches.split(result.submittable(options.policy()), options.batchSize());
    Optional<Path> rejects = Optional.empty();
    if (!result.isValid() && options.policy() == ImportPolicy.KEEP_VALID_LINES) {
      rejects = options.rejectsFile();
      writeRejects(rejects.get(), result.header(), result.errors());
    }
    return new Outcome(result, batches, rejects);
  }

  /**
   * Writes rejected lines as CSV: columns {@code line} and {@code reject_reason} (reason code and
   * detail), then the file's own header and the rejected line's cells as read; dropping the first
   * two columns gives a day file to fix and send again. A header problem is one row with the
   * header's cells.
   */
  public static void writeRejects(Path file, List<String> header, List<LineError> errors)
      throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      CSVPrinter printer = new CSVPrinter(out, DayFileWriter.FORMAT);
      List<String> names = new ArrayList<>(List.of("line", "reject_reason"));
      names.addAll(header);
      printer.printRecord(names);
      for (LineError error : errors) {
        List<String> row = new ArrayList<>();
        row.add(Long.toString(error.line()));
        row.add(error.reason() + ": " + error.detail());
        row.addAll(error.cells());
        printer.printRecord(row);
      }
      printer.flush();
    }
  }
}
