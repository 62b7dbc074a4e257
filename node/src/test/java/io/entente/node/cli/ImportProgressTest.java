package io.entente.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The progress lines: done of total, batches, rate and time left, from an injected clock. */
class ImportProgressTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-03-02T01:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void withoutATerminalALineComesEveryFewPercentAndAtTheEnd() {
    HandClock clock = new HandClock();
    StringWriter err = new StringWriter();
    ImportProgress progress =
        new ImportProgress(
            new PrintWriter(err), ImportProgress.Mode.LINES, clock, 1000, 100, "record");

    for (int batch = 0; batch < 100; batch++) {
      clock.now = clock.now.plus(Duration.ofMillis(100));
      progress.batchDone(10);
    }

    String[] lines = err.toString().split("\n");
    assertThat(lines).hasSize(100 / ImportProgress.PLAIN_STEP_PERCENT + 1);
    assertThat(lines[1])
        .isEqualTo("import: 50/1000 records (5%), batch 5/100, 100 records/s, about 9 s left");
    assertThat(lines[lines.length - 1])
        .isEqualTo("import: 1000/1000 records (100%), batch 100/100, 100 records/s");
  }

  @Test
  void onATerminalOneLineIsRedrawnAndNothingWithNone() {
    HandClock clock = new HandClock();
    StringWriter bar = new StringWriter();
    ImportProgress drawn =
        new ImportProgress(new PrintWriter(bar), ImportProgress.Mode.BAR, clock, 2, 2, "statement");
    clock.now = clock.now.plusSeconds(1);
    drawn.batchDone(1);
    clock.now = clock.now.plusSeconds(1);
    drawn.batchDone(1);

    assertThat(bar.toString())
        .startsWith("\r[###############               ] 1/2 statements (50%)")
        .contains("\r[##############################] 2/2 statements (100%)")
        .endsWith(System.lineSeparator());

    StringWriter none = new StringWriter();
    ImportProgress silent =
        new ImportProgress(new PrintWriter(none), ImportProgress.Mode.NONE, clock, 1, 1, "record");
    silent.batchDone(1);
    assertThat(none.toString()).isEmpty();
  }

  @Test
  void durationsReadAsAPersonWouldSayThem() {
    assertThat(ImportProgress.duration(42)).isEqualTo("42 s");
    assertThat(ImportProgress.duration(125)).isEqualTo("2 min 5 s");
    assertThat(ImportProgress.duration(7260)).isEqualTo("2 h 1 min");
  }
}
