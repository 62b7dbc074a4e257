package io.entente.app.colending;

import java.util.List;

/**
 * After every transaction, for each agreement it touched: the alert level against the warn and
 * critical thresholds, RESERVE_SHORTFALL (open exactly while available is below zero, resolving
 * itself when it is back at or above zero) and the cap on the partner's outstanding principal.
 * Alerts are ledger events.
 */
final class Alerts {
  private Alerts() {}

  static final String ALERT = "alert";

  static void check(Context cx, AgreementTerms terms) {
    Position position = cx.store.get(Position.key(terms.id()));
    long available = position.available();
    Position.Alert level =
        available < terms.reserveCriticalFen()
            ? Position.Alert.CRITICAL
            : available < terms.reserveWarnFen() ? Position.Alert.WARN : Position.Alert.NONE;
    boolean shortfallOpen =
        !position.shortfallBreak.isEmpty()
            && cx.store.get(Break.key(position.shortfallBreak)).isOpen();
    boolean capBreached = position.partnerExposure() > terms.partnerPrincipalCapFen();
    boolean changed =
        level != position.alert
            || (available < 0) != shortfallOpen
            || capBreached != position.capBreached;
    if (!changed) {
      return;
    }
    Position edited = cx.store.edit(Position.key(terms.id()));
    if (level != edited.alert) {
      edited.alert = level;
      cx.emit(ALERT, terms.id(), "RESERVE_" + level.name(), Long.toString(available));
    }
    if (available < 0 && !shortfallOpen) {
      edited.shortfallBreak =
          Breaks.open(
                  cx,
                  terms,
                  BreakType.RESERVE_SHORTFALL,
                  null,
                  Recon.NO_DAY,
                  -available,
                  List.of("available " + Money.yuan(available) + " is below zero"))
              .id;
    } else if (available >= 0 && shortfallOpen) {
      Breaks.resolveIfOpen(cx, edited.shortfallBreak, "available is back at or above zero");
    }
    if (capBreached != edited.capBreached) {
      edited.capBreached = capBreached;
      cx.emit(
          ALERT,
          terms.id(),
          capBreached ? "CAP_BREACH" : "CAP_CLEARED",
          Long.toString(edited.partnerExposure()));
    }
  }
}
