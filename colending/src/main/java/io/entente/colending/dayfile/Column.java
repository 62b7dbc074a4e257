package io.entente.colending.dayfile;

import java.util.Locale;
import java.util.Optional;

/** The columns of a day file, in the fixed order the writer uses (the contract's table order). */
public enum Column {
  EVENT_REF,
  EVENT_TYPE,
  AGREEMENT,
  LOAN_REF,
  VALUE_DATE,
  CURRENCY,
  AMOUNT,
  PRINCIPAL,
  INTEREST,
  PENALTY,
  FEE,
  PARTNER_PRINCIPAL,
  PARTNER_INTEREST,
  PARTNER_PENALTY,
  PARTNER_FEE,
  DIRECTION,
  PAYMENT_REF,
  SETTLEMENT_REF,
  ACTION,
  REASON;

  /** The header name, e.g. {@code partner_principal}. */
  public String header() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The column a header names; headers are matched exactly (lower case, no spaces). */
  public static Optional<Column> forHeader(String header) {
    for (Column column : values()) {
      if (column.header().equals(header)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }

  static Column componentColumn(Component component) {
    return switch (component) {
      case PRINCIPAL -> PRINCIPAL;
      case INTEREST -> INTEREST;
      case PENALTY -> PENALTY;
      case FEE -> FEE;
    };
  }

  static Column partnerColumn(Component component) {
    return switch (component) {
      case PRINCIPAL -> PARTNER_PRINCIPAL;
      case INTEREST -> PARTNER_INTEREST;
      case PENALTY -> PARTNER_PENALTY;
      case FEE -> PARTNER_FEE;
    };
  }
}
