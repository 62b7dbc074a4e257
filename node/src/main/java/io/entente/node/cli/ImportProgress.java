package io.entente.node.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The import's progress on stderr: records done of total, batches, rate and time left. On a
 * terminal one line redrawn in place (at most every {@link #REDRAW_INTERVAL}); otherwise (a log, a
 * pipe, a test) a plain line each time another {@value #PLAIN_STEP_PERCENT}% is done, and at the
 * end.
 */
final class ImportProgress {
  static final int PLAIN_STEP_PERCENT = 5;
  private static final Duration REDRAW_INTERVAL = Duration.ofMillis(200);
  private static final int BAR_WIDTH = 30;

  /** How progress is shown. */
  enum Mode {
    BAR,
    LINES,
    NONE
  }

  private final PrintWriter err;
  private final Mode mode;
  private final Clock clock;
  private final long totalRecords;
  private final int totalBatches;
  private final Instant started;
  private final String unit;
  private long records;
  private int batches;
  private int lastStep = -1;
  private Instant lastDrawn = Instant.MIN;

  ImportProgress(
      PrintWriter err, Mode mode, Clock clock, long totalRecords, int totalBatches, String unit) {
    this.unit = unit;
    this.err = err;
    this.mode = mode;
    this.clock = clock;
    this.totalRecords = totalRecords;
    this.totalBatches = totalBatches;
    this.started = clock.instant();
  }

  /** One more batch is finished (on the ledger, already there, or refused). */
  void batchDone(int batchRecords) {
    records += batchRecords;
    batches++;
    Instant now = clock.instant();
    boolean last = batches == totalBatches;
    if (mode == Mode.BAR) {
      if (last || Duration.between(lastDrawn, now).compareTo(REDRAW_INTERVAL) >= 0) {
        lastDrawn = now;
        err.print("\r" + bar() + " " + line(now) + "\u001b[K");
        if (last) {
          err.println();
        }
        err.flush();
      }
    } else if (mode == Mode.LINES) {
      int step = (int) (percent() / PLAIN_STEP_PERCENT);
      if (step != lastStep || last) {
        lastStep = step;
        err.println("import: " + line(now));
        err.flush();
      }
    }
  }

  private long percent() {
    return totalRecords == 0 ? 100 : records * 100 / totalRecords;
  }

  private String bar() {
    int filled = (int) (percent() * BAR_WIDTH / 100);
    return "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "]";
  }

  /** "1200/5000 records (24%), batch 3/10, 850 records/s, about 4 s left". */
  String line(Instant now) {
    double seconds = Math.max(1, Duration.between(started, now).toMillis()) / 1000.0;
    double rate = records / seconds;
    StringBuilder text =
        new StringBuilder()
            .append(records)
            .append('/')
            .append(totalRecords)
            .append(' ')
            .append(unit)
            .append("s (")
            .append(percent())
            .append("%), batch ")
            .append(batches)
            .append('/')
            .append(totalBatches)
            .append(", ")
            .append(Math.round(rate))
            .append(' ')
            .append(unit)
            .append("s/s");
    if (records < totalRecords && rate > 0) {
      text.append(", about ").append(duration((long) ((totalRecords - records) / rate)));
      text.append(" left");
    }
    return text.toString();
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }
}
