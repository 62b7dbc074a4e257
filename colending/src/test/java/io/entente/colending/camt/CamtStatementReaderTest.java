package io.entente.colending.camt;

import static org.assertj.core.api.Assertions.assertThat;

import com.prowidesoftware.swift.model.mx.MxCamt05300108;
import io.entente.colending.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CamtStatementReaderTest {
  private static final Path SAMPLE =
      RepositoryFiles.resolve("docs/examples/camt053/reserve-statement.xml");
  private static String sample;

  @BeforeAll
  static void readSample() throws IOException {
    sample = Files.readString(SAMPLE);
  }

  static ReserveStatement parsed(CamtResult result) {
    assertThat(result).isInstanceOf(CamtResult.Parsed.class);
    return ((CamtResult.Parsed) result).statement();
  }

  static CamtResult.Rejected rejected(CamtResult result) {
    assertThat(result).isInstanceOf(CamtResult.Rejected.class);
    return (CamtResult.Rejected) result;
  }

  @Test
  void readsTheExampleStatement() throws IOException {
    ReserveStatement statement = parsed(CamtStatementReader.read(SAMPLE));

    assertThat(statement.messageId()).isEqualTo("HRSTMT-20260303-0001");
    assertThat(statement.accountId()).isEqualTo("6216610200016688999");
    assertThat(statement.currency()).isEqualTo("CNY");
    assertThat(statement.balances())
        .containsExactly(
            new DayBalance(
                LocalDate.of(2026, 3, 2), "HRSTMT-20260302", 498_730_667L, OptionalLong.of(0)),
            new DayBalance(
                LocalDate.of(2026, 3, 3),
                "HRSTMT-20260303",
                378_730_667L,
                OptionalLong.of(498_730_667L)));
    assertThat(statement.entries())
        .extracting(StatementEntry::signedFen)
        .containsExactly(500_000_000L, -1_269_333L, -120_000_000L);
    StatementEntry deposit = statement.entries().get(0);
    assertThat(deposit.statementDate()).isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(deposit.creditDebit()).isEqualTo(CreditDebit.CREDIT);
    assertThat(deposit.status()).contains("BOOK");
    assertThat(deposit.reversal()).isFalse();
    assertThat(deposit.bookingDate()).contains(LocalDate.of(2026, 3, 2));
    assertThat(deposit.valueDate()).contains(LocalDate.of(2026, 3, 2));
    assertThat(deposit.accountServicerRef()).contains("HR20260302000417");
    assertThat(deposit.endToEndIds()).containsExactly("RD-20260302-0001");
    assertThat(deposit.otherPaymentRefs()).containsExactly("CNAPS-20260302-000417");
    assertThat(statement.entries().get(1).otherPaymentRefs()).containsExactly("STL-20260302-HR");
  }

  @Test
  void eachDaysOpeningPlusItsEntriesIsItsClosing() throws IOException {
    ReserveStatement statement = parsed(CamtStatementReader.read(SAMPLE));

    for (DayBalance day : statement.balances()) {
      long movements =
          statement.entries().stream()
              .filter(e -> e.statementDate().equals(day.date()))
              .mapToLong(StatementEntry::signedFen)
              .sum();
      assertThat(day.openingBookedFen().getAsLong() + movements).isEqualTo(day.closingBookedFen());
    }
  }

  @Test
  void aDebitBalanceIsNegativeAndAnIbanIsTheAccountId() {
    String xml =
        sample
            .replace(
                "<Amt Ccy=\"CNY\">3787306.67</Amt>\n        <CdtDbtInd>CRDT",
                "<Amt Ccy=\"CNY\">3787306.67</Amt>\n        <CdtDbtInd>DBIT")
            .replace(
                "<Othr>\n            <Id>6216610200016688999</Id>\n          </Othr>",
                "<IBAN>DE89370400440532013000</IBAN>");

    ReserveStatement statement = parsed(CamtStatementReader.read(xml));

    assertThat(statement.accountId()).isEqualTo("DE89370400440532013000");
    assertThat(statement.balances().get(1).closingBookedFen()).isEqualTo(-378_730_667L);
  }

  @Test
  void anotherMessageTypeIsRefused() {
    String pacs = sample.replace("camt.053.001.08", "pacs.008.001.08");

    CamtResult.Rejected result = rejected(CamtStatementReader.read(pacs));

    assertThat(result.reason()).isEqualTo(CamtResult.Reason.NOT_CAMT_053);
    assertThat(result.detail()).contains("pacs.008.001.08");
    assertThat(rejected(CamtStatementReader.read("<hello/>")).reason())
        .isEqualTo(CamtResult.Reason.NOT_CAMT_053);
  }

  @Test
  void anotherVersionOfCamt053IsNamed() {
    CamtResult.Rejected result =
        rejected(CamtStatementReader.read(sample.replace("camt.053.001.08", "camt.053.001.02")));

    assertThat(result.reason()).isEqualTo(CamtResult.Reason.UNSUPPORTED_VERSION);
    assertThat(result.detail()).contains("camt.053.001.02", "camt.053.001.08");
  }

  @Test
  void aStatementWithoutClosingBookedBalanceIsRefused() {
    String xml = sample.replaceFirst("<Cd>CLBD</Cd>", "<Cd>CLAV</Cd>");

    CamtResult.Rejected result = rejected(CamtStatementReader.read(xml));

    assertThat(result.reason()).isEqualTo(CamtResult.Reason.MISSING_CLOSING_BALANCE);
    assertThat(result.detail()).contains("HRSTMT-20260302", "CLBD");
  }

  @Test
  void anAmountWithMoreThanTwoDecimalsIsRefused() {
    String xml = sample.replace(">12693.33<", ">12693.333<");

    CamtResult.Rejected result = rejected(CamtStatementReader.read(xml));

    assertThat(result.reason()).isEqualTo(CamtResult.Reason.BAD_AMOUNT);
    assertThat(result.detail()).contains("HR20260302009001", "12693.333", "more than 2 decimals");
  }

  @Test
  void trailingZerosBeyondTwoDecimalsAreStillExact() {
    String xml = sample.replace(">12693.33<", ">12693.330<");

    assertThat(parsed(CamtStatementReader.read(xml)).entries().get(1).amountFen())
        .isEqualTo(1_269_333L);
  }

  @Test
  void anAmountInAnotherCurrencyIsRefused() {
    String xml = sample.replace("<Amt Ccy=\"CNY\">12693.33", "<Amt Ccy=\"USD\">12693.33");

    CamtResult.Rejected result = rejected(CamtStatementReader.read(xml));

    assertThat(result.reason()).isEqualTo(CamtResult.Reason.CURRENCY_MISMATCH);
    assertThat(result.detail()).contains("USD", "CNY");
  }

  @Test
  void twoAccountsInOneDocumentAreRefused() {
    String xml = sample.replaceFirst("6216610200016688999", "6216610200016688000");

    assertThat(rejected(CamtStatementReader.read(xml)).reason())
        .isEqualTo(CamtResult.Reason.MIXED_ACCOUNTS);
  }

  @Test
  void anExternalEntityIsNeverResolved(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOPSECRET");
    String xxe =
        sample
            .replace(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM \""
                    + secret.toUri()
                    + "\">]>")
            .replace("<Id>HRSTMT-20260302</Id>", "<Id>&xxe;</Id>");

    // Our reader refuses the DOCTYPE before parsing ...
    CamtResult.Rejected ours = rejected(CamtStatementReader.read(xxe));
    assertThat(ours.reason()).isEqualTo(CamtResult.Reason.DOCTYPE_NOT_ALLOWED);

    // ... and Prowide on its own refuses it too (its readers disallow DOCTYPE declarations).
    MxCamt05300108 prowide = MxCamt05300108.parse(xxe);
    assertThat(
            Optional.ofNullable(prowide)
                .map(mx -> mx.getBkToCstmrStmt().getStmt().get(0).getId())
                .orElse(""))
        .doesNotContain("TOPSECRET");
    assertThat(prowide).isNull();
  }

  @Test
  void aFileLargerThanTheLimitIsRefusedUnread(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.xml");
    try (var out = Files.newOutputStream(big)) {
      byte[] chunk = new byte[1024 * 1024];
      for (int i = 0;
          i <= io.entente.colending.EdgeLimits.CAMT_FILE_BYTES_MAX / chunk.length;
          i++) {
        out.write(chunk);
      }
    }

    assertThat(rejected(CamtStatementReader.read(big)).reason())
        .isEqualTo(CamtResult.Reason.TOO_LARGE);
  }
}
