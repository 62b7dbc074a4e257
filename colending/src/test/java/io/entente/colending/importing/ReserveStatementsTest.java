package io.entente.colending.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.app.colending.Requests;
import io.entente.colending.RepositoryFiles;
import io.entente.colending.camt.CamtResult;
import io.entente.colending.camt.CamtStatementReader;
import io.entente.colending.camt.CreditDebit;
import io.entente.colending.camt.DayBalance;
import io.entente.colending.camt.ReserveStatement;
import io.entente.colending.camt.StatementEntry;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** camt.053 statements become one {@code reserve-statement} per closing balance date. */
class ReserveStatementsTest {
  private static final LocalDate MARCH_2 = LocalDate.of(2026, 3, 2);
  private static final LocalDate MARCH_3 = LocalDate.of(2026, 3, 3);

  private static StatementEntry entry(
      LocalDate day,
      long fen,
      CreditDebit sign,
      String status,
      String servicerRef,
      String... refs) {
    return new StatementEntry(
        day,
        fen,
        sign,
        Optional.ofNullable(status),
        false,
        Optional.of(day),
        Optional.empty(),
        Optional.ofNullable(servicerRef),
        List.of(),
        List.of(refs));
  }

  private static ReserveStatement statement(List<StatementEntry> entries) {
    return new ReserveStatement(
        "MSG-1",
        "RSV-AGR-1",
        "CNY",
        List.of(
            new DayBalance(MARCH_2, "S1", 150_00L, OptionalLong.of(0)),
            new DayBalance(MARCH_3, "S2", -25_00L, OptionalLong.of(150_00L))),
        entries);
  }

  @Test
  void theExampleStatementGivesOneContentPerDayWithItsBookedEntries() throws IOException {
    ReserveStatement read =
        ((CamtResult.Parsed)
                CamtStatementReader.read(
                    RepositoryFiles.resolve("docs/examples/camt053/reserve-statement.xml")))
            .statement();

    ReserveStatements.Mapped mapped = ReserveStatements.map("AGR-HR-001", read);

    assertThat(mapped.entriesNotBooked()).isZero();
    assertThat(mapped.statements())
        .extracting(Requests.ReserveStatement::valueDate)
        .containsExactly((int) MARCH_2.toEpochDay(), (int) MARCH_3.toEpochDay());
    Requests.ReserveStatement first = mapped.statements().get(0);
    assertThat(first.agreement()).isEqualTo("AGR-HR-001");
    assertThat(first.account()).isEqualTo("6216610200016688999");
    assertThat(first.closingBookedFen()).isEqualTo(498_730_667L);
    assertThat(first.entries())
        .containsExactly(
            new Requests.StatementEntry(
                "HR20260302000417",
                "CNAPS-20260302-000417",
                500_000_000L,
                true,
                (int) MARCH_2.toEpochDay()),
            new Requests.StatementEntry(
                "HR20260302009001",
                "STL-20260302-HR",
                1_269_333L,
                false,
                (int) MARCH_2.toEpochDay()));
    assertThat(mapped.statements().get(1).entries())
        .singleElement()
        .satisfies(
            withdrawal -> {
              assertThat(withdrawal.paymentRef()).isEqualTo("CNAPS-20260302-002931");
              assertThat(withdrawal.credit()).isFalse();
              assertThat(withdrawal.amount()).isEqualTo(120_000_000L);
            });
    for (Requests.ReserveStatement content : mapped.statements()) {
      assertThat(
              Requests.ReserveStatement.CODEC.decode(
                  Requests.ReserveStatement.CODEC.encode(content)))
          .isEqualTo(content);
    }
  }

  @Test
  void pendingEntriesAreLeftOutAndANegativeClosingBalanceStaysNegative() {
    ReserveStatement statement =
        statement(
            List.of(
                entry(MARCH_2, 150_00L, CreditDebit.CREDIT, "BOOK", "A1", "PAY-1"),
                entry(MARCH_3, 175_00L, CreditDebit.DEBIT, null, "A2", "PAY-2"),
                entry(MARCH_3, 99_00L, CreditDebit.CREDIT, "PDNG", "A3", "PAY-3")));

    ReserveStatements.Mapped mapped = ReserveStatements.map("AGR-1", statement);

    assertThat(mapped.entriesNotBooked()).isEqualTo(1);
    assertThat(mapped.statements().get(1).closingBookedFen()).isEqualTo(-25_00L);
    assertThat(mapped.statements().get(1).entries())
        .extracting(Requests.StatementEntry::entryRef)
        .containsExactly("A2");
  }

  @Test
  void entriesAreNamedByPositionWhenServicerRefsCannotNameThemAll() {
    ReserveStatement statement =
        statement(
            List.of(
                entry(MARCH_2, 100_00L, CreditDebit.CREDIT, "BOOK", "SAME", "PAY-1"),
                entry(MARCH_2, 50_00L, CreditDebit.CREDIT, "BOOK", "SAME", "bad ref", "PAY-2"),
                entry(MARCH_3, 175_00L, CreditDebit.DEBIT, "BOOK", null)));

    ReserveStatements.Mapped mapped = ReserveStatements.map("AGR-1", statement);

    assertThat(mapped.statements().get(0).entries())
        .extracting(Requests.StatementEntry::entryRef, Requests.StatementEntry::paymentRef)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("entry-000001", "PAY-1"),
            org.assertj.core.groups.Tuple.tuple("entry-000002", "PAY-2"));
    assertThat(mapped.statements().get(1).entries())
        .extracting(Requests.StatementEntry::entryRef, Requests.StatementEntry::paymentRef)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("entry-000001", ""));
  }

  @Test
  void anAgreementOrAccountOutsideTheReferenceAlphabetIsRefused() {
    ReserveStatement statement = statement(List.of());
    assertThatThrownBy(() -> ReserveStatements.map("AGR 1", statement))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agreement");
    ReserveStatement spaced =
        new ReserveStatement("M", "ACC 1", "CNY", statement.balances(), List.of());
    assertThatThrownBy(() -> ReserveStatements.map("AGR-1", spaced))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account id ACC 1");
  }

  @Test
  void keysDependOnContentOnlyAndFitTheNodesLimit() {
    ReserveStatement statement =
        statement(List.of(entry(MARCH_2, 150_00L, CreditDebit.CREDIT, "BOOK", "A1", "PAY-1")));
    Requests.ReserveStatement once = ReserveStatements.map("AGR-1", statement).statements().get(0);
    Requests.ReserveStatement again = ReserveStatements.map("AGR-1", statement).statements().get(0);
    Requests.ReserveStatement otherBalance =
        new Requests.ReserveStatement(
            once.agreement(), once.account(), once.valueDate(), 150_01L, once.entries());

    assertThat(ImportKeys.statement(once))
        .isEqualTo(ImportKeys.statement(again))
        .isNotEqualTo(ImportKeys.statement(otherBalance))
        .startsWith("rst1:")
        .hasSizeLessThanOrEqualTo(ImportKeys.KEY_CHARS_MAX);
  }
}
