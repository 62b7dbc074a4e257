package io.entente.colending.camt;

import java.util.List;
import java.util.Objects;

/**
 * What a camt.053 document says about one reserve account: its id (IBAN or Othr/Id), currency, the
 * balances per date (sorted by date) and every entry in document order.
 */
public record ReserveStatement(
    String messageId,
    String accountId,
    String currency,
    List<DayBalance> balances,
    List<StatementEntry> entries) {

  public ReserveStatement {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(currency, "currency");
    balances = List.copyOf(balances);
    entries = List.copyOf(entries);
  }
}
