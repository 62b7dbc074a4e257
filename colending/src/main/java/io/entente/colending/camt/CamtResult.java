package io.entente.colending.camt;

import java.util.Objects;

/** A camt.053 document read into a {@link ReserveStatement}, or the reason it was refused. */
public sealed interface CamtResult permits CamtResult.Parsed, CamtResult.Rejected {

  record Parsed(ReserveStatement statement) implements CamtResult {
    public Parsed {
      Objects.requireNonNull(statement, "statement");
    }
  }

  record Rejected(Reason reason, String detail) implements CamtResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return reason + ": " + detail;
    }
  }

  /** Why a document was refused (a detail says more). */
  enum Reason {
    TOO_LARGE,
    DOCTYPE_NOT_ALLOWED,
    NOT_CAMT_053,
    UNSUPPORTED_VERSION,
    MALFORMED,
    NO_STATEMENT,
    MISSING_ACCOUNT,
    MIXED_ACCOUNTS,
    MISSING_CLOSING_BALANCE,
    DUPLICATE_CLOSING_BALANCE,
    BAD_AMOUNT,
    CURRENCY_MISMATCH,
    MISSING_DATE,
    TOO_MANY_ENTRIES
  }
}
