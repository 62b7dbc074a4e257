package io.entente.consensus.shell;

import io.entente.consensus.ledger.ChannelLedger;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link ChannelShell} needs from the world it runs in: the deterministic simulator gives it
 * a simulated disk, network and clock; the node gives it RocksDB, a write-ahead log file, TLS peers
 * and the system clock. Every call comes from the thread that owns the shell.
 *
 * @param <P> how the environment names a member node
 */
public interface ShellEnvironment<P> {
  /** The current time in ms. */
  long nowMs();

  /** This node. */
  P self();

  /**
   * Sends {@code wire} to {@code to}, best effort (the network may lose it). The shell calls {@link
   * #walSync} first whenever {@link #walDirty} says so.
   */
  void send(P to, Bytes wire);

  /**
   * Fires {@link ChannelShell#onTimer} with {@code name} at or after {@code atMs}; a later set of
   * the same name replaces it.
   */
  void setTimer(String name, long atMs);

  /**
   * Appends one record, of the height being decided, to the write-ahead log; durable only after
   * {@link #walSync}.
   */
  void walAppend(long height, Bytes record);

  /** Whether something was appended since the last {@link #walSync}. */
  boolean walDirty();

  /** Makes every appended record durable (fsync). */
  void walSync();

  /**
   * Stores a final block, with what executing it gave, durably in one synced write and empties the
   * write-ahead log (its records are for heights now decided), before the shell tells anyone.
   */
  void commitBlock(CertifiedBlock block, ChannelLedger.Appended executed);

  /** Counts an occurrence (coverage in the simulator, a metric in the node). */
  void count(String name);

  /** A random int in [0, bound), from the run's seed in the simulator. */
  int randomInt(int bound);

  /** One client signature to check: whether {@code key} signed {@code message}. */
  record SignatureCheck(PublicKey key, Bytes message, Signature signature) {}

  /**
   * Checks each signature and returns the outcomes in the same order. The shell hands over a batch
   * (a forwarded batch, a proposed block, a client's submission) at once so that an environment
   * with several cores can spread the checks over them; the outcome is the same however it is done.
   * By default they are checked one after another on the calling thread, as the simulator does.
   */
  default List<Check> verifySignatures(CryptoSuite suite, List<SignatureCheck> checks) {
    List<Check> outcomes = new ArrayList<>(checks.size());
    for (SignatureCheck check : checks) {
      outcomes.add(suite.verify(check.key(), check.message(), check.signature()));
    }
    return outcomes;
  }
}
