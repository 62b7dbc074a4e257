package io.entente.consensus.app;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Transaction;
import io.entente.core.check.Check;
import java.util.List;

/**
 * What the ledger asks of an application (DESIGN §1). Every method is a deterministic function of
 * its arguments: the state comes in as a read-only view and changes go out as a write set, which
 * the shell applies when the block is final.
 */
public interface Application {

  /** The {@code application} field of the transactions this application executes. */
  String name();

  /** Whether a transaction may enter the mempool and a block (its signature is checked already). */
  Check admit(StateView state, Transaction transaction);

  /** Executes a final block's transactions, in order, on the state after the previous block. */
  BlockResult execute(StateView state, BlockContext context, List<Transaction> transactions);

  /** Answers a read request of an authenticated caller. */
  QueryResult query(StateView state, Caller caller, Bytes request);

  /** Who asks: a user of an institution (roles belong to the institution's nodes). */
  record Caller(String institution, String user) {}

  /** The block being executed: its channel, height and block time. */
  record BlockContext(String channel, long height, long timestampMs) {}

  /** An answer, or the check that refused the request. */
  record QueryResult(Check check, Bytes result) {}
}
