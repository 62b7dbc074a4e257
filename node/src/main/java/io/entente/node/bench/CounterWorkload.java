package io.entente.node.bench;

import io.entente.consensus.app.CounterApplication;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import java.util.ArrayList;
import java.util.List;

/**
 * Counter records, one individually signed transaction each: {@code add(record-N, 1)}, signed by
 * the lead's client key. Each is checked once when a node admits it and once when it validates the
 * block.
 */
final class CounterWorkload implements Workload {
  private static final int CHECKS_PER_RECORD_PER_NODE = 2;

  private final String channel;
  private final CryptoSuite suite;
  private final Signer signer;
  private final Hash certificateId;
  private final String runId;

  /** {@code runId} keeps the records of two runs on one consortium apart. */
  CounterWorkload(
      String channel, CryptoSuite suite, Signer signer, Hash certificateId, String runId) {
    this.channel = channel;
    this.suite = suite;
    this.signer = signer;
    this.certificateId = certificateId;
    this.runId = runId;
  }

  @Override
  public String name() {
    return CounterApplication.NAME;
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public int checksPerRecordPerNode() {
    return CHECKS_PER_RECORD_PER_NODE;
  }

  @Override
  public Batch batch(long first, int size) {
    List<Transaction> transactions = new ArrayList<>(size);
    List<Row> rows = new ArrayList<>(size);
    long now = System.currentTimeMillis();
    for (int i = 0; i < size; i++) {
      String key = "record-" + runId + "-" + (first + i);
      transactions.add(
          Transaction.sign(
              suite,
              signer,
              new TxBody(
                  channel,
                  CounterApplication.NAME,
                  CounterApplication.ADD,
                  CounterApplication.payload(key, 1),
                  certificateId,
                  key,
                  now - BenchLimits.TX_VALID_BEFORE_MS,
                  now + BenchLimits.TX_VALID_AFTER_MS)));
      rows.add(new Row(channel, CounterApplication.ADD, key, "1"));
    }
    return new Batch(transactions, rows);
  }
}
