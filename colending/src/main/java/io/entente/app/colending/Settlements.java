package io.entente.app.colending;

import java.util.List;

/**
 * SETTLEMENT N:1: the events carrying a settlement_ref add their reserve effect to the batch's net;
 * a settlement whose signed amount differs from that net is an AMOUNT_MISMATCH on the settlement's
 * own key. The settlement names its batch by its own settlement_ref (colending.md: the events
 * "carrying its settlement_ref"), or, when it has none, by its event_ref. The break follows the
 * batch: it resolves itself when the net and the settlement agree again.
 */
final class Settlements {
  private Settlements() {}

  static void apply(Context cx, AgreementTerms terms, Recon recon) {
    EventRecord effective = recon.effective();
    String ref = "";
    long contribution = 0;
    if (effective != null && effective.type() != EventType.SETTLEMENT) {
      ref = effective.settlementRef();
      contribution = ref.isEmpty() ? 0 : Books.reserveDelta(Books.legs(effective));
    }
    if (!ref.equals(recon.settlementApplied) || contribution != recon.settlementContribution) {
      String old = recon.settlementApplied;
      if (!old.isEmpty()) {
        add(cx, recon.key.agreement(), old, -recon.settlementContribution, -1);
      }
      if (!ref.isEmpty()) {
        add(cx, recon.key.agreement(), ref, contribution, 1);
      }
      recon.settlementApplied = ref;
      recon.settlementContribution = contribution;
      if (!old.isEmpty() && !old.equals(ref)) {
        check(cx, terms, old);
      }
      if (!ref.isEmpty()) {
        check(cx, terms, ref);
      }
    }
    if (recon.key.type() == EventType.SETTLEMENT) {
      String batch =
          effective == null || effective.settlementRef().isEmpty()
              ? recon.key.eventRef()
              : effective.settlementRef();
      if (!batch.equals(recon.key.eventRef())) {
        Store.Key<Indexes.SettlementName> name =
            Indexes.SettlementName.key(recon.key.agreement(), batch);
        Indexes.SettlementName known = cx.store.get(name);
        if (known == null || !known.eventRef().equals(recon.key.eventRef())) {
          cx.store.put(name, new Indexes.SettlementName(recon.key.eventRef()));
        }
      }
      check(cx, terms, batch);
    }
  }

  private static void add(Context cx, String agreement, String ref, long net, int members) {
    Store.Key<Indexes.SettlementBatch> key = Indexes.SettlementBatch.key(agreement, ref);
    Indexes.SettlementBatch batch = cx.store.get(key);
    long before = batch == null ? 0 : batch.net();
    long count = batch == null ? 0 : batch.members();
    cx.store.put(key, new Indexes.SettlementBatch(before + net, count + members));
  }

  /**
   * Compares the settlement of batch {@code ref}, if reported, with the net of its batch. A
   * settlement names its batch by its settlement_ref, or, without one, by its own event_ref.
   */
  private static void check(Context cx, AgreementTerms terms, String ref) {
    Indexes.SettlementName named = cx.store.get(Indexes.SettlementName.key(terms.id(), ref));
    RecordKey key =
        new RecordKey(terms.id(), EventType.SETTLEMENT, named == null ? ref : named.eventRef());
    Recon settlement = cx.store.edit(Recon.key(key));
    if (settlement == null) {
      return;
    }
    EventRecord effective = settlement.effective();
    Indexes.SettlementBatch batch = cx.store.get(Indexes.SettlementBatch.key(terms.id(), ref));
    long net = batch == null ? 0 : batch.net();
    long members = batch == null ? 0 : batch.members();
    if (effective == null || effective.signedSettlementAmount() == net) {
      Breaks.resolveIfOpen(cx, settlement.netBreak, "the settlement equals the net of its batch");
      return;
    }
    long amount = effective.signedSettlementAmount();
    List<String> diffs =
        List.of(
            "settlement amount "
                + Money.yuan(amount)
                + ", net of "
                + members
                + " events "
                + Money.yuan(net));
    settlement.netBreak =
        Breaks.openOrUpdate(
            cx,
            terms,
            settlement.netBreak,
            BreakType.AMOUNT_MISMATCH,
            key,
            Math.abs(amount - net),
            diffs);
  }
}
