package io.entente.simulation.channel;

import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.wire.ChannelWire;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.crypto.Signer;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.Process;
import io.entente.simulation.world.TimerId;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of one channel: at random times until {@code stopMs} it signs a counter transaction and
 * submits it to a random validator, remembering what it submitted.
 */
final class ChannelClient implements Process {
  private static final TimerId NEXT = TimerId.of("submit");

  private final ChannelSpec spec;
  private final Signer signer;
  private final Hash certificateId;
  private final long stopMs;
  private final long gapMsMax;
  private final List<Hash> submitted = new ArrayList<>();

  ChannelClient(ChannelSpec spec, Signer signer, long stopMs, long gapMsMax) {
    this.spec = spec;
    this.signer = signer;
    this.certificateId = spec.suite().fingerprint(signer.publicKey());
    this.stopMs = stopMs;
    this.gapMsMax = gapMsMax;
  }

  List<Hash> submitted() {
    return submitted;
  }

  @Override
  public void start(Context context) {
    schedule(context);
  }

  @Override
  public void onMessage(Context context, NodeId from, Bytes message) {}

  @Override
  public void onTimer(Context context, TimerId timer) {
    int number = submitted.size();
    TxBody body =
        new TxBody(
            spec.name(),
            CounterApplication.NAME,
            CounterApplication.ADD,
            CounterApplication.payload("k" + context.random().nextInt(8), 1 + number),
            certificateId,
            context.self().name() + "-" + number,
            0,
            ChannelScenarios.TX_VALID_UNTIL_MS);
    Transaction transaction = Transaction.sign(spec.suite(), signer, body);
    submitted.add(transaction.id(spec.suite()));
    NodeId to = spec.validators().get(context.random().nextInt(spec.validators().size()));
    context.send(to, ChannelWire.transaction(transaction));
    schedule(context);
  }

  private void schedule(Context context) {
    long next = context.nowMs() + context.random().nextLong(1, gapMsMax + 1);
    if (next < stopMs) {
      context.setTimer(NEXT, next);
    }
  }
}
