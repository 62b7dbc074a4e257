package io.entente.colending.camt;

import com.prowidesoftware.swift.model.MxId;
import com.prowidesoftware.swift.model.mx.MxCamt05300108;
import com.prowidesoftware.swift.model.mx.MxParseUtils;
import com.prowidesoftware.swift.model.mx.dic.AccountIdentification4Choice;
import com.prowidesoftware.swift.model.mx.dic.AccountStatement9;
import com.prowidesoftware.swift.model.mx.dic.ActiveOrHistoricCurrencyAndAmount;
import com.prowidesoftware.swift.model.mx.dic.CashBalance8;
import com.prowidesoftware.swift.model.mx.dic.CreditDebitCode;
import com.prowidesoftware.swift.model.mx.dic.DateAndDateTime2Choice;
import com.prowidesoftware.swift.model.mx.dic.EntryDetails9;
import com.prowidesoftware.swift.model.mx.dic.EntryTransaction10;
import com.prowidesoftware.swift.model.mx.dic.ReportEntry10;
import com.prowidesoftware.swift.model.mx.dic.TransactionReferences6;
import io.entente.colending.EdgeLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads a camt.053 (BankToCustomerStatement, version 001.08) reserve-account statement through
 * Prowide's ISO 20022 model, never a parser of our own.
 *
 * <p>Safety: Prowide's XML readers disallow DOCTYPE declarations (so no external entity is ever
 * resolved); a DOCTYPE is refused here as well, before Prowide sees the document, so the refusal
 * has a clear reason instead of a parse failure.
 */
public final class CamtStatementReader {
  private CamtStatementReader() {}

  static final String SUPPORTED = "camt.053.001.08";

  /** Refusal of the document, with the reason to report; only used inside this reader. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final CamtResult.Reason reason;

    Refused(CamtResult.Reason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  public static CamtResult read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > EdgeLimits.CAMT_FILE_BYTES_MAX) {
      return new CamtResult.Rejected(
          CamtResult.Reason.TOO_LARGE,
          "the document has "
              + size
              + " bytes, more than CAMT_FILE_BYTES_MAX = "
              + EdgeLimits.CAMT_FILE_BYTES_MAX);
    }
    return read(Files.readString(file, StandardCharsets.UTF_8));
  }

  public static CamtResult read(String xml) {
    try {
      return new CamtResult.Parsed(statement(parse(xml)));
    } catch (Refused refused) {
      return new CamtResult.Rejected(refused.reason, refused.getMessage());
    }
  }

  private static MxCamt05300108 parse(String xml) throws Refused {
    if (xml.length() > EdgeLimits.CAMT_FILE_BYTES_MAX) {
      throw new Refused(
          CamtResult.Reason.TOO_LARGE,
          "the document is larger than CAMT_FILE_BYTES_MAX = " + EdgeLimits.CAMT_FILE_BYTES_MAX);
    }
    String upper = xml.toUpperCase(Locale.ROOT);
    if (upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY")) {
      throw new Refused(
          CamtResult.Reason.DOCTYPE_NOT_ALLOWED,
          "the document declares a DOCTYPE or entity; camt.053 needs neither");
    }
    // Prowide's typed parse accepts a document of another type without complaint, so the message
    // type is checked first from the namespace.
    Optional<MxId> id = MxParseUtils.identifyMessage(xml);
    if (id.isEmpty()) {
      throw new Refused(
          CamtResult.Reason.NOT_CAMT_053, "not an ISO 20022 document with a known message type");
    }
    String type = id.get().id();
    if (!type.startsWith("camt.053.")) {
      throw new Refused(
          CamtResult.Reason.NOT_CAMT_053, "the document is " + type + ", not a camt.053 statement");
    }
    if (!SUPPORTED.equals(type)) {
      throw new Refused(
          CamtResult.Reason.UNSUPPORTED_VERSION,
          "the statement is " + type + "; this reader supports " + SUPPORTED);
    }
    MxCamt05300108 mx = MxCamt05300108.parse(xml);
    if (mx == null || mx.getBkToCstmrStmt() == null) {
      throw new Refused(CamtResult.Reason.MALFORMED, "the camt.053 XML could not be read");
    }
    return mx;
  }

  private static ReserveStatement statement(MxCamt05300108 mx) throws Refused {
    List<AccountStatement9> statements = mx.getBkToCstmrStmt().getStmt();
    if (statements.isEmpty()) {
      throw new Refused(CamtResult.Reason.NO_STATEMENT, "the document has no Stmt");
    }
    String accountId = accountId(statements.get(0));
    String currency = currency(statements.get(0));
    TreeMap<LocalDate, DayBalance> balances = new TreeMap<>();
    List<StatementEntry> entries = new ArrayList<>();
    for (AccountStatement9 statement : statements) {
      String thisAccount = accountId(statement);
      if (!thisAccount.equals(accountId)) {
        throw new Refused(
            CamtResult.Reason.MIXED_ACCOUNTS,
            "statements of two accounts in one document: " + accountId + " and " + thisAccount);
      }
      DayBalance balance = dayBalance(statement, currency);
      if (balances.put(balance.date(), balance) != null) {
        throw new Refused(
            CamtResult.Reason.DUPLICATE_CLOSING_BALANCE,
            "two closing booked balances (CLBD) for " + balance.date());
      }
      for (ReportEntry10 entry : statement.getNtry()) {
        if (entries.size() >= EdgeLimits.CAMT_ENTRIES_MAX) {
          throw new Refused(
              CamtResult.Reason.TOO_MANY_ENTRIES,
              "more than CAMT_ENTRIES_MAX = " + EdgeLimits.CAMT_ENTRIES_MAX + " entries");
        }
        entries.add(entry(entry, balance.date(), currency));
      }
    }
    String messageId =
        mx.getBkToCstmrStmt().getGrpHdr() == null
            ? ""
            : mx.getBkToCstmrStmt().getGrpHdr().getMsgId();
    return new ReserveStatement(
        messageId == null ? "" : messageId,
        accountId,
        currency,
        List.copyOf(balances.values()),
        entries);
  }

  private static String accountId(AccountStatement9 statement) throws Refused {
    AccountIdentification4Choice id =
        statement.getAcct() == null ? null : statement.getAcct().getId();
    if (id != null && id.getIBAN() != null) {
      return id.getIBAN();
    }
    if (id != null && id.getOthr() != null && id.getOthr().getId() != null) {
      return id.getOthr().getId();
    }
    throw new Refused(
        CamtResult.Reason.MISSING_ACCOUNT,
        "statement " + statement.getId() + " names no account (Acct/Id/IBAN or Acct/Id/Othr/Id)");
  }

  /** The account's currency (Acct/Ccy), or else the currency of its closing balance. */
  private static String currency(AccountStatement9 statement) throws Refused {
    if (statement.getAcct().getCcy() != null) {
      return statement.getAcct().getCcy();
    }
    return closing(statement).getAmt().getCcy();
  }

  private static CashBalance8 closing(AccountStatement9 statement) throws Refused {
    return balance(statement, "CLBD")
        .orElseThrow(
            () ->
                new Refused(
                    CamtResult.Reason.MISSING_CLOSING_BALANCE,
                    "statement " + statement.getId() + " has no closing booked balance (CLBD)"));
  }

  private static Optional<CashBalance8> balance(AccountStatement9 statement, String code) {
    return statement.getBal().stream()
        .filter(b -> b.getTp() != null && b.getTp().getCdOrPrtry() != null)
        .filter(b -> code.equals(b.getTp().getCdOrPrtry().getCd()))
        .findFirst();
  }

  private static DayBalance dayBalance(AccountStatement9 statement, String currency)
      throws Refused {
    CashBalance8 closing = closing(statement);
    String where = "CLBD of statement " + statement.getId();
    LocalDate date =
        date(closing.getDt())
            .orElseThrow(() -> new Refused(CamtResult.Reason.MISSING_DATE, where + " has no date"));
    long closingFen = signedFen(closing.getAmt(), closing.getCdtDbtInd(), currency, where);
    OptionalLong opening = OptionalLong.empty();
    Optional<CashBalance8> opbd = balance(statement, "OPBD");
    if (opbd.isPresent()) {
      opening =
          OptionalLong.of(
              signedFen(
                  opbd.get().getAmt(),
                  opbd.get().getCdtDbtInd(),
                  currency,
                  "OPBD of statement " + statement.getId()));
    }
    return new DayBalance(
        date, statement.getId() == null ? "" : statement.getId(), closingFen, opening);
  }

  private static StatementEntry entry(ReportEntry10 entry, LocalDate statementDate, String currency)
      throws Refused {
    String where =
        "entry " + Optional.ofNullable(entry.getAcctSvcrRef()).orElse("(no AcctSvcrRef)");
    long fen = fen(entry.getAmt(), currency, where);
    if (entry.getCdtDbtInd() == null) {
      throw new Refused(CamtResult.Reason.BAD_AMOUNT, where + " has no CdtDbtInd");
    }
    List<String> endToEnd = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (EntryDetails9 details : entry.getNtryDtls()) {
      for (EntryTransaction10 transaction : details.getTxDtls()) {
        references(transaction.getRefs(), endToEnd, other);
      }
    }
    return new StatementEntry(
        statementDate,
        fen,
        creditDebit(entry.getCdtDbtInd()),
        Optional.ofNullable(entry.getSts() == null ? null : entry.getSts().getCd()),
        Boolean.TRUE.equals(entry.isRvslInd()),
        date(entry.getBookgDt()),
        date(entry.getValDt()),
        Optional.ofNullable(entry.getAcctSvcrRef()),
        endToEnd,
        other);
  }

  // "NOTPROVIDED" is the ISO 20022 placeholder for an absent end-to-end id, not a reference.
  private static void references(
      TransactionReferences6 refs, List<String> endToEnd, List<String> other) {
    if (refs == null) {
      return;
    }
    if (refs.getEndToEndId() != null && !"NOTPROVIDED".equals(refs.getEndToEndId())) {
      endToEnd.add(refs.getEndToEndId());
    }
    for (String ref : new String[] {refs.getTxId(), refs.getInstrId(), refs.getUETR()}) {
      if (ref != null) {
        other.add(ref);
      }
    }
  }

  private static Optional<LocalDate> date(DateAndDateTime2Choice choice) {
    if (choice == null) {
      return Optional.empty();
    }
    if (choice.getDt() != null) {
      return Optional.of(choice.getDt());
    }
    return Optional.ofNullable(choice.getDtTm()).map(at -> at.toLocalDate());
  }

  private static long signedFen(
      ActiveOrHistoricCurrencyAndAmount amount, CreditDebitCode sign, String currency, String where)
      throws Refused {
    long fen = fen(amount, currency, where);
    if (sign == null) {
      throw new Refused(CamtResult.Reason.BAD_AMOUNT, where + " has no CdtDbtInd");
    }
    return creditDebit(sign).signed(fen);
  }

  /** An amount in fen: in the account's currency, not negative, at most two decimals. */
  private static long fen(ActiveOrHistoricCurrencyAndAmount amount, String currency, String where)
      throws Refused {
    if (amount == null || amount.getValue() == null) {
      throw new Refused(CamtResult.Reason.BAD_AMOUNT, where + " has no amount");
    }
    if (!currency.equals(amount.getCcy())) {
      throw new Refused(
          CamtResult.Reason.CURRENCY_MISMATCH,
          where + " is in " + amount.getCcy() + ", the account is in " + currency);
    }
    BigDecimal value = amount.getValue();
    if (value.signum() < 0) {
      throw new Refused(
          CamtResult.Reason.BAD_AMOUNT,
          where + " amount " + value + " is negative (use CdtDbtInd)");
    }
    BigDecimal exact = value.stripTrailingZeros();
    if (exact.scale() > 2) {
      throw new Refused(
          CamtResult.Reason.BAD_AMOUNT, where + " amount " + value + " has more than 2 decimals");
    }
    BigDecimal fen = exact.movePointRight(2);
    if (fen.compareTo(BigDecimal.valueOf(EdgeLimits.AMOUNT_FEN_MAX)) > 0) {
      throw new Refused(
          CamtResult.Reason.BAD_AMOUNT, where + " amount " + value + " exceeds AMOUNT_FEN_MAX");
    }
    return fen.longValueExact();
  }

  private static CreditDebit creditDebit(CreditDebitCode code) {
    return code == CreditDebitCode.CRDT ? CreditDebit.CREDIT : CreditDebit.DEBIT;
  }
}
