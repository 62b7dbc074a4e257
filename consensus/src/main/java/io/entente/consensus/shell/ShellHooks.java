package io.entente.consensus.shell;

import io.entente.consensus.message.Message;
import io.entente.consensus.qbft.Action;
import io.entente.consensus.qbft.Event;
import io.entente.consensus.qbft.Qbft;
import io.entente.core.chain.Transaction;
import java.util.List;

/**
 * Where the simulator attaches to a {@link ChannelShell}: a Byzantine validator's conduct rewrites
 * what it builds and sends, and the checkers watch what it hears and does. A node uses {@link
 * #HONEST}, whose every method leaves the shell's behaviour as it is.
 *
 * @param <P> how the environment names a member node
 */
public interface ShellHooks<P> {
  /** The honest shell: no rewriting, no probes. */
  @SuppressWarnings("rawtypes")
  ShellHooks HONEST = new ShellHooks() {};

  @SuppressWarnings("unchecked")
  static <P> ShellHooks<P> honest() {
    return (ShellHooks<P>) HONEST;
  }

  /** Whether this validator forwards waiting transactions to the others. */
  default boolean forwardsTransactions() {
    return true;
  }

  /** The transactions proposed for a block, given those the mempool offers. */
  default List<Transaction> build(List<Transaction> batch) {
    return batch;
  }

  /** Once per send or multicast action, before the messages leave. */
  default void sending(Message message) {}

  /** What actually goes to {@code to} for {@code message}. */
  default List<Message> outgoing(P to, Message message) {
    return List.of(message);
  }

  /** A consensus message arrived, before the machine takes it. */
  default void heard(Message message) {}

  /** The machine took {@code event} and gave {@code actions}, before they are carried out. */
  default void stepped(Event event, List<Action> actions, Qbft qbft) {}

  /** Every action of one event has been carried out. */
  default void afterStep() {}
}
