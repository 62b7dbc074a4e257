package io.entente.simulation.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.wire.ChannelWire;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.Signer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A forwarded batch of transactions on the simulated wire. */
class ChannelWireBatchTest {
  private final SimulatedSuite suite = new SimulatedSuite();
  private final Signer client = suite.newSigner(new SplittableRandom(3));

  private Transaction transaction(int number) {
    TxBody body =
        new TxBody(
            "ch0",
            CounterApplication.NAME,
            CounterApplication.ADD,
            CounterApplication.payload("k", 1 + number),
            suite.fingerprint(client.publicKey()),
            "client-" + number,
            0,
            ChannelScenarios.TX_VALID_UNTIL_MS);
    return Transaction.sign(suite, client, body);
  }

  @Test
  void aBatchCrossesTheWireWholeAndAnOversizedOneIsGarbage() {
    List<Transaction> batch = List.of(transaction(0), transaction(1));
    assertThat(ChannelWire.decode(ChannelWire.transactions(batch), suite))
        .isEqualTo(new ChannelWire.ForwardedBatch(batch));

    Writer writer = new Writer();
    writer.u8(ChannelWire.TRANSACTIONS).u32(ChannelLimits.FORWARD_BATCH_TXS_MAX + 1);
    assertThat(ChannelWire.decode(writer.toBytes(), suite)).isInstanceOf(ChannelWire.Garbage.class);
  }
}
