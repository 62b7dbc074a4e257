package io.entente.colending.dayfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.colending.EdgeLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class DayFileProperties {

  @Property
  void yuanTextRoundTripsExactly(
      @ForAll @LongRange(min = 0, max = EdgeLimits.AMOUNT_FEN_MAX) long fen) throws Yuan.BadAmount {
    assertThat(Yuan.parseFen(Yuan.format(fen))).isEqualTo(fen);
  }

  @Property(tries = 200)
  void writtenRecordsReadBackWithTheirLineNumbers(@ForAll("records") List<DayFileRecord> records)
      throws IOException {
    String text = DayFileWriter.toText(records);

    DayFileResult result =
        DayFileReader.read(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Progress.NONE);

    assertThat(result.errors()).isEmpty();
    assertThat(result.entries())
        .extracting(DayFileEntry::record)
        .containsExactlyElementsOf(records);
    // Each record starts on the line after the previous one ended, quoted line breaks included.
    long line = 2;
    for (int i = 0; i < records.size(); i++) {
      assertThat(result.entries().get(i).line()).isEqualTo(line);
      line += 1 + records.get(i).reason().orElse("").chars().filter(c -> c == '\n').count();
    }
  }

  @Provide
  Arbitrary<List<DayFileRecord>> records() {
    Arbitrary<String> reasons =
        Arbitraries.strings()
            .withChars("ab ,\"\n'中文")
            .ofMinLength(1)
            .ofMaxLength(40)
            .filter(s -> !s.isBlank());
    Arbitrary<DayFileRecord> repayment =
        Combinators.combine(
                Arbitraries.longs().between(0, 10_000_000),
                Arbitraries.longs().between(0, 100_000),
                Arbitraries.integers().between(0, 3650),
                reasons.injectNull(0.5))
            .as(
                (principal, interest, day, reason) -> {
                  Amounts components =
                      Amounts.of(
                          Map.of(Component.PRINCIPAL, principal, Component.INTEREST, interest));
                  DayFileRecord r =
                      DayFileRecord.report(
                              "R",
                              EventType.REPAYMENT,
                              "AGR",
                              LocalDate.of(2020, 1, 1).plusDays(day),
                              "CNY",
                              principal + interest)
                          .withLoanRef("L1")
                          .withAmounts(
                              principal + interest,
                              components,
                              Amounts.only(Component.INTEREST, interest / 2));
                  return reason == null ? r : r.withAction(Action.CORRECT, reason);
                });
    return repayment.list().ofMaxSize(8).map(DayFileProperties::distinctRefs);
  }

  /** Gives each record its own event ref, so no line is a repeat of another. */
  private static List<DayFileRecord> distinctRefs(List<DayFileRecord> records) {
    List<DayFileRecord> out = new ArrayList<>();
    for (DayFileRecord r : records) {
      out.add(
          new DayFileRecord(
              "R" + out.size(),
              r.eventType(),
              r.agreement(),
              r.loanRef(),
              r.valueDate(),
              r.currency(),
              r.amountFen(),
              r.components(),
              r.partnerPortions(),
              r.direction(),
              r.paymentRef(),
              r.settlementRef(),
              r.action(),
              r.reason()));
    }
    return out;
  }
}
