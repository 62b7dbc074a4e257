package io.entente.simulation.channel;

import io.entente.consensus.message.Message;
import io.entente.core.chain.Transaction;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.NodeId;
import java.util.List;

/**
 * How a validator treats what leaves it: an honest one sends what its machine asked for; a
 * Byzantine one ({@link ByzantineConduct}) rewrites it with nothing but its own signer.
 */
interface Conduct {
  Conduct HONEST = new Conduct() {};

  default boolean isByzantine() {
    return false;
  }

  /** The messages actually sent to {@code to} for one the machine asked to send. */
  default List<Message> outgoing(Context context, NodeId to, Message message) {
    return List.of(message);
  }

  /** The transactions actually proposed out of a batch from the mempool. */
  default List<Transaction> build(Context context, List<Transaction> batch) {
    return batch;
  }

  default boolean forwardsTransactions(Context context) {
    return true;
  }

  /** Sees every consensus message that arrives (a replayer keeps some). */
  default void heard(Message message) {}
}
