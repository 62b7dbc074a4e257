package io.entente.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.colending.dayfile.EventType;
import io.entente.colending.generator.BankReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What makes a resumed demo send exactly what it had not sent: the stream, dates and keys. */
class DemoActivityTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

  @Test
  void theStreamFromACursorIsTheRestOfTheWholeStream() {
    DemoActivity activity = new DemoActivity(7);
    List<DemoActivity.Report> whole = take(activity.from(0, () -> TODAY), 300);
    List<DemoActivity.Report> resumed = take(new DemoActivity(7).from(180, () -> TODAY), 120);
    assertThat(resumed).isEqualTo(whole.subList(180, 300));
    assertThat(resumed.get(0).number()).isEqualTo(180);
    assertThat(whole)
        .extracting(DemoActivity.Report::institution)
        .contains("lead-bank", "partner-a", "partner-b", "partner-c");
    for (DemoActivity.Report report : whole) {
      assertThat(report.channel()).startsWith("lead-bank--partner-");
      if (!report.institution().equals("lead-bank")) {
        assertThat(report.channel()).isEqualTo("lead-bank--" + report.institution());
      }
    }
  }

  @Test
  void valueDatesMoveOntoTheDayOfSendingKeepingTheirDistance() {
    LocalDate fileDate = LocalDate.of(2026, 3, 5);
    DayFileRecord onItsDay =
        DayFileRecord.report("RD1", EventType.RESERVE_DEPOSIT, "AGR-P01", fileDate, "CNY", 500_000);
    DayFileRecord dayBefore = onItsDay.withValueDate(fileDate.minusDays(1));
    assertThat(DemoActivity.onDay(report(onItsDay, fileDate), TODAY).valueDate()).isEqualTo(TODAY);
    assertThat(DemoActivity.onDay(report(dayBefore, fileDate), TODAY).valueDate())
        .isEqualTo(TODAY.minusDays(1));
  }

  @Test
  void recordsAreTheDayFileCellsAndKeysFollowTheBody() {
    DayFileRecord record =
        DayFileRecord.report("RD1", EventType.RESERVE_DEPOSIT, "AGR-P01", TODAY, "CNY", 500_000);
    ObjectNode json = DemoActivity.json(record);
    assertThat(json.path("event_ref").asText()).isEqualTo("RD1");
    assertThat(json.path("event_type").asText()).isEqualTo("RESERVE_DEPOSIT");
    assertThat(json.path("value_date").asText()).isEqualTo("2026-11-27");
    assertThat(json.path("amount").asText()).isEqualTo("5000.00");
    assertThat(json.has("loan_ref")).isFalse();

    ObjectNode body = DemoApi.JSON.createObjectNode();
    body.putArray("records").add(json);
    ObjectNode same = body.deepCopy();
    ObjectNode other = body.deepCopy();
    ((ObjectNode) other.path("records").get(0)).put("amount", "5000.01");
    assertThat(DemoDriver.idempotencyKey(body))
        .isEqualTo(DemoDriver.idempotencyKey(same))
        .isNotEqualTo(DemoDriver.idempotencyKey(other))
        .startsWith("demo-")
        .hasSize(45);
  }

  private static BankReport report(DayFileRecord record, LocalDate fileDate) {
    return new BankReport(Instant.EPOCH, "LEAD", fileDate, record);
  }

  private static List<DemoActivity.Report> take(Iterator<DemoActivity.Report> reports, int n) {
    List<DemoActivity.Report> taken = new ArrayList<>();
    while (taken.size() < n && reports.hasNext()) {
      taken.add(reports.next());
    }
    assertThat(taken).hasSize(n);
    return taken;
  }
}
