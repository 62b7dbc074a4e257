package io.entente.colending.generator;

import com.prowidesoftware.swift.model.mx.MxCamt05300108;
import com.prowidesoftware.swift.model.mx.dic.AccountIdentification4Choice;
import com.prowidesoftware.swift.model.mx.dic.AccountStatement9;
import com.prowidesoftware.swift.model.mx.dic.ActiveOrHistoricCurrencyAndAmount;
import com.prowidesoftware.swift.model.mx.dic.BalanceType10Choice;
import com.prowidesoftware.swift.model.mx.dic.BalanceType13;
import com.prowidesoftware.swift.model.mx.dic.BankToCustomerStatementV08;
import com.prowidesoftware.swift.model.mx.dic.CashAccount39;
import com.prowidesoftware.swift.model.mx.dic.CashBalance8;
import com.prowidesoftware.swift.model.mx.dic.CreditDebitCode;
import com.prowidesoftware.swift.model.mx.dic.DateAndDateTime2Choice;
import com.prowidesoftware.swift.model.mx.dic.EntryDetails9;
import com.prowidesoftware.swift.model.mx.dic.EntryStatus1Choice;
import com.prowidesoftware.swift.model.mx.dic.EntryTransaction10;
import com.prowidesoftware.swift.model.mx.dic.GenericAccountIdentification1;
import com.prowidesoftware.swift.model.mx.dic.GroupHeader81;
import com.prowidesoftware.swift.model.mx.dic.ReportEntry10;
import com.prowidesoftware.swift.model.mx.dic.TransactionReferences6;
import io.entente.colending.dayfile.DayFileRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Writes the reserve account's bank statement of one day as camt.053.001.08 (through Prowide): one
 * booked entry per event that moves the reserve, with the event ref as EndToEndId and its payment
 * ref as TxId, the opening balance (yesterday's reported close) and the reported closing balance.
 * When the reported close differs from opening plus entries (an injected balance mismatch, and its
 * reversal the next day), the difference appears as an entry no event explains, so every statement
 * adds up as a real one would.
 */
final class StatementWriter {
  private StatementWriter() {}

  static String accountId(String agreement) {
    return "RSV-" + agreement;
  }

  static String statement(
      AgreementTerms terms,
      LocalDate date,
      long openingFen,
      long closingFen,
      List<DayFileRecord> events) {
    OffsetDateTime created =
        date.plusDays(1)
            .atTime(LocalTime.of(1, 0))
            .atZone(ActivityGenerator.BUSINESS_ZONE)
            .toOffsetDateTime();
    String id = "STMT-" + terms.agreement() + "-" + date;
    AccountStatement9 statement =
        new AccountStatement9()
            .setId(id)
            .setCreDtTm(created)
            .setAcct(
                new CashAccount39()
                    .setId(
                        new AccountIdentification4Choice()
                            .setOthr(
                                new GenericAccountIdentification1()
                                    .setId(accountId(terms.agreement()))))
                    .setCcy(terms.currency()))
            .addBal(balance("OPBD", openingFen, date, terms.currency()))
            .addBal(balance("CLBD", closingFen, date, terms.currency()));
    long booked = openingFen;
    int sequence = 0;
    for (DayFileRecord event : events) {
      long effect = PartnerBook.reserveEffect(event);
      if (effect != 0) {
        sequence++;
        statement.addNtry(entry(effect, date, terms, id, sequence, event));
        booked += effect;
      }
    }
    if (booked != closingFen) {
      statement.addNtry(entry(closingFen - booked, date, terms, id, sequence + 1, null));
    }
    BankToCustomerStatementV08 body =
        new BankToCustomerStatementV08()
            .setGrpHdr(new GroupHeader81().setMsgId(id).setCreDtTm(created))
            .addStmt(statement);
    return new MxCamt05300108().setBkToCstmrStmt(body).message();
  }

  private static CashBalance8 balance(String code, long fen, LocalDate date, String currency) {
    return new CashBalance8()
        .setTp(new BalanceType13().setCdOrPrtry(new BalanceType10Choice().setCd(code)))
        .setAmt(amount(fen, currency))
        .setCdtDbtInd(fen >= 0 ? CreditDebitCode.CRDT : CreditDebitCode.DBIT)
        .setDt(new DateAndDateTime2Choice().setDt(date));
  }

  /** An entry of the signed amount; {@code event} null: an entry no event explains. */
  private static ReportEntry10 entry(
      long signedFen,
      LocalDate date,
      AgreementTerms terms,
      String id,
      int sequence,
      DayFileRecord event) {
    ReportEntry10 entry =
        new ReportEntry10()
            .setAmt(amount(signedFen, terms.currency()))
            .setCdtDbtInd(signedFen >= 0 ? CreditDebitCode.CRDT : CreditDebitCode.DBIT)
            .setSts(new EntryStatus1Choice().setCd("BOOK"))
            .setBookgDt(new DateAndDateTime2Choice().setDt(date))
            .setValDt(new DateAndDateTime2Choice().setDt(date))
            .setAcctSvcrRef(String.format(Locale.ROOT, "%s-%05d", id, sequence));
    if (event != null) {
      TransactionReferences6 refs = new TransactionReferences6().setEndToEndId(event.eventRef());
      event.paymentRef().ifPresent(refs::setTxId);
      entry.addNtryDtls(new EntryDetails9().addTxDtls(new EntryTransaction10().setRefs(refs)));
    } else {
      entry.setAddtlNtryInf("unexplained entry");
    }
    return entry;
  }

  private static ActiveOrHistoricCurrencyAndAmount amount(long signedFen, String currency) {
    return new ActiveOrHistoricCurrencyAndAmount()
        .setValue(BigDecimal.valueOf(Math.abs(signedFen), 2))
        .setCcy(currency);
  }
}
