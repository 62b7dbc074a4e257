package io.entente.app.colending;

import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.WriteSet;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Sending the same records again changes nothing that matters, however they are regrouped (an
 * import resumed with another batch size, a bank re-sending a file): the second pass is accepted,
 * emits no event, and leaves every key's reports, state, agreed record, transfers and breaks, every
 * transfer, break and balance as they were. What it writes is the last block time and the keys'
 * attestation history, which keeps every attestation as received (with its outcome, an identical
 * repeat). Whole transactions sent again are stopped before the application, by their idempotency
 * key (the node round trip checks that).
 */
class ResubmissionProperties {

  /** One key: its type, which banks report it, and each bank's amount (equal most of the time). */
  record Key(int type, boolean lead, boolean partner, long leadAmount, long partnerAmount) {}

  private static final EventType[] TYPES = {
    EventType.RESERVE_DEPOSIT,
    EventType.RESERVE_WITHDRAWAL,
    EventType.DISBURSEMENT,
    EventType.REPAYMENT,
    EventType.FEE,
    EventType.SETTLEMENT
  };

  @Provide
  Arbitrary<List<Key>> keys() {
    Arbitrary<Long> amount = Arbitraries.of(1L, 99L, 100_00L, 5_000_00L);
    return Combinators.combine(
            Arbitraries.integers().between(0, TYPES.length - 1),
            Arbitraries.of(true, true, false),
            Arbitraries.of(true, true, false),
            amount,
            amount)
        .as(Key::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  @Property(tries = 60)
  void theSameRecordsAgainChangeNothing(
      @ForAll("keys") List<Key> keys, @ForAll boolean partnerFirst) {
    Fixture f = Fixture.active();
    List<EventRecord> lead = new ArrayList<>();
    List<EventRecord> partner = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Key key = keys.get(i);
      if (key.lead()) {
        lead.add(record(key, i, key.leadAmount()));
      }
      if (key.partner()) {
        partner.add(record(key, i, key.partnerAmount()));
      }
    }
    f.block(batches(f, lead, partner, partnerFirst, Math.max(1, lead.size() + partner.size())));

    List<EventRecord> leadAgain = new ArrayList<>(lead);
    List<EventRecord> partnerAgain = new ArrayList<>(partner);
    List<String> before = business(f, keys);
    Collections.reverse(leadAgain);
    Collections.reverse(partnerAgain);
    BlockResult again = f.block(batches(f, leadAgain, partnerAgain, !partnerFirst, 3));

    assertThat(again.receipts())
        .extracting(Receipt::status)
        .doesNotContain(Receipt.Status.REJECTED);
    assertThat(again.events()).isEmpty();
    for (WriteSet.Write write : again.writes().writes()) {
      String key = new String(write.key().unsafeArray(), StandardCharsets.UTF_8);
      assertThat(key.equals("clock") || key.startsWith("att/") || key.startsWith("rec/"))
          .as("written again: " + key)
          .isTrue();
    }
    assertThat(business(f, keys)).isEqualTo(before);
  }

  /** What each key and the agreement stand at, leaving out the count of attestations received. */
  private static List<String> business(Fixture f, List<Key> keys) {
    List<String> facts = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      EventType type = TYPES[keys.get(i).type()];
      Recon r = f.recon(type, type.name().substring(0, 3) + i);
      if (r == null) {
        continue;
      }
      facts.add(
          String.join(
              " ",
              r.key.path(),
              String.valueOf(r.lead == null ? null : r.lead.record()),
              String.valueOf(r.partner == null ? null : r.partner.record()),
              r.state.name(),
              String.valueOf(r.agreed),
              r.legs.toString(),
              r.pairingBreak,
              r.splitBreak,
              r.duplicateBreak,
              r.netBreak,
              Integer.toString(r.transfers)));
    }
    Position p = f.position();
    facts.add(
        java.util.Arrays.toString(p.posted)
            + " "
            + p.pendingOut
            + " "
            + p.pendingIn
            + " "
            + p.held
            + " "
            + p.openBreaks);
    return facts;
  }

  private static EventRecord record(Key key, int index, long amount) {
    EventType type = TYPES[key.type()];
    Components components =
        switch (type) {
          case RESERVE_DEPOSIT, RESERVE_WITHDRAWAL, SETTLEMENT -> Components.ZERO;
          case FEE -> new Components(0, 0, 0, amount);
          case REPAYMENT -> new Components(amount, amount / 3, 0, 0);
          default -> Components.principal(amount);
        };
    long total = type.hasNoComponents() ? amount : components.sum();
    String loan = type == EventType.DISBURSEMENT || type == EventType.REPAYMENT ? "L" + index : "";
    EventRecord record =
        Samples.record(type, type.name().substring(0, 3) + index, loan, total, components);
    // Disbursements and repayments carry the day's settlement batch, so its net moves too.
    return type == EventType.DISBURSEMENT || type == EventType.REPAYMENT
        ? Samples.refs(record, "", "S" + (index % 2), "")
        : record;
  }

  /** The two banks' records as attest transactions of at most {@code size} records each. */
  private static Transaction[] batches(
      Fixture f,
      List<EventRecord> lead,
      List<EventRecord> partner,
      boolean partnerFirst,
      int size) {
    List<Transaction> transactions = new ArrayList<>();
    List<List<EventRecord>> order = partnerFirst ? List.of(partner, lead) : List.of(lead, partner);
    for (List<EventRecord> records : order) {
      boolean isLead = records == lead;
      for (int from = 0; from < records.size(); from += size) {
        List<EventRecord> batch = records.subList(from, Math.min(records.size(), from + size));
        transactions.add(
            f.attest(isLead ? LEAD_CERT : PARTNER_CERT, batch.toArray(new EventRecord[0])));
      }
    }
    return transactions.toArray(new Transaction[0]);
  }
}
