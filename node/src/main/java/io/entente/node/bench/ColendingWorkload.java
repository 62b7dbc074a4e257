package io.entente.node.bench;

import io.entente.app.colending.EventRecord;
import io.entente.node.traffic.ColendingTraffic;
import java.util.ArrayList;
import java.util.List;

/**
 * The co-lending record mix ({@link ColendingTraffic}): the lead proposes an agreement, the partner
 * accepts it, and then both banks attest every record, {@code recordsPerTransaction} records under
 * one signature. A record is reconciled when both attestations are final and match.
 */
final class ColendingWorkload implements Workload {
  /**
   * Checks per transaction on one node: at admission (from a client or forwarded by a validator);
   * block validation finds the signature already checked (ChannelShell's VerifiedSignatures).
   */
  private static final int CHECKS_PER_TRANSACTION_PER_NODE = 1;

  private static final int BANKS = 2;

  private final ColendingTraffic traffic;
  private final int recordsPerTransaction;
  private final long signedAtMs;

  /**
   * {@code signedAtMs} starts every transaction's validity window (the runs are signed up front).
   */
  ColendingWorkload(ColendingTraffic traffic, int recordsPerTransaction, long signedAtMs) {
    this.traffic = traffic;
    this.recordsPerTransaction = recordsPerTransaction;
    this.signedAtMs = signedAtMs;
  }

  @Override
  public String name() {
    return "colending";
  }

  @Override
  public String channel() {
    return traffic.channel();
  }

  @Override
  public double checksPerRecordPerNode() {
    return (double) BANKS * CHECKS_PER_TRANSACTION_PER_NODE / recordsPerTransaction;
  }

  @Override
  public List<Part> setup() {
    List<EventRecord> opening = List.of(traffic.openingDeposit());
    ColendingTraffic.Bank lead = traffic.lead();
    ColendingTraffic.Bank partner = traffic.partner();
    return List.of(
        new Part(lead.institution(), List.of(traffic.propose(signedAtMs))),
        new Part(partner.institution(), List.of(traffic.accept(signedAtMs))),
        new Part(lead.institution(), List.of(traffic.attest(lead, opening, signedAtMs))),
        new Part(partner.institution(), List.of(traffic.attest(partner, opening, signedAtMs))));
  }

  @Override
  public Batch batch(long first, int size) {
    ColendingTraffic.Bank lead = traffic.lead();
    ColendingTraffic.Bank partner = traffic.partner();
    List<Row> rows = new ArrayList<>(BANKS * size);
    List<String> keys = new ArrayList<>(size);
    for (EventRecord record : traffic.records(first, size)) {
      String value = record.loanRef() + "|" + record.valueDate() + "|" + record.components();
      for (ColendingTraffic.Bank bank : List.of(lead, partner)) {
        rows.add(
            new Row(
                record.agreement(),
                record.type().name(),
                record.eventRef(),
                value,
                bank.institution()));
      }
      keys.add(record.eventRef());
    }
    return new Batch(
        List.of(
            new Part(
                lead.institution(),
                traffic.attestations(lead, first, size, recordsPerTransaction, signedAtMs)),
            new Part(
                partner.institution(),
                traffic.attestations(partner, first, size, recordsPerTransaction, signedAtMs))),
        rows,
        keys);
  }
}
