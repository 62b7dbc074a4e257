package io.entente.node.storage;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.qbft.Execution;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.ChainBuilder;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel for storage tests: four validators of two banks (and a fifth key that a set change
 * brings in), real signatures, certified blocks from {@link ChainBuilder}, and the counter
 * application executing them the way a shell would: on the store's committed state.
 */
final class TestChannel {
  static final SuiteId SUITE_ID = SuiteId.STANDARD;
  static final CryptoSuite SUITE = CryptoSuite.of(SUITE_ID);
  static final String CHANNEL = "loans-lead-partner";
  static final long TIME_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  final List<Signer> signers = new ArrayList<>();
  final Genesis genesis;
  final ChainBuilder chain;
  final CounterApplication application = new CounterApplication(SUITE);
  private int transactions;

  TestChannel() {
    this(CHANNEL, TIME_MS);
  }

  TestChannel(String channel, long timeMs) {
    for (int number = 0; number < 5; number++) {
      signers.add(TestKeys.signer(SUITE_ID, number));
    }
    genesis = new Genesis(channel, SUITE_ID, timeMs, 1, set(0, 1, 2, 3), true);
    chain = new ChainBuilder(genesis, signers);
  }

  /** The application's state at height 0, as the simulator's ledger defines it. */
  static Execution initial() {
    return new Execution(
        0, SUITE.hash(), SUITE.hash(Bytes.of("initial state".getBytes(StandardCharsets.UTF_8))));
  }

  ValidatorSet set(int... numbers) {
    List<Validator> validators = new ArrayList<>();
    for (int number : numbers) {
      validators.add(TestKeys.validator(signers.get(number), number % 2 == 0 ? "lead" : "partner"));
    }
    return ValidatorSet.of(validators);
  }

  /** A counter transaction adding {@code delta} to {@code key}. */
  Transaction add(String key, long delta) {
    return transaction(
        CounterApplication.NAME, CounterApplication.ADD, CounterApplication.payload(key, delta));
  }

  /** A transaction replacing the validator set from the next height on. */
  Transaction change(ValidatorSet next) {
    return transaction(
        ValidatorSetChange.APPLICATION,
        ValidatorSetChange.TYPE,
        new ValidatorSetChange(next).toPayload());
  }

  private Transaction transaction(String application, String type, Bytes payload) {
    transactions++;
    TxBody body =
        new TxBody(
            genesis.channel(),
            application,
            type,
            payload,
            SUITE.hash(Bytes.of("client certificate".getBytes(StandardCharsets.UTF_8))),
            "key-" + transactions,
            genesis.genesisTimeMs(),
            genesis.genesisTimeMs() + 3_600_000);
    return Transaction.sign(SUITE, signers.get(0), body);
  }

  /** Appends a certified block with {@code transactions} to the test chain. */
  CertifiedBlock next(List<Transaction> transactions) {
    return chain.append(transactions);
  }

  /** Executes a block on the store's committed state, as the shell does before committing it. */
  BlockResult execute(ChannelStore store, CertifiedBlock block) {
    var header = block.block().header();
    return application.execute(
        store,
        new Application.BlockContext(header.channel(), header.height(), header.timestampMs()),
        block.block().transactions());
  }

  /** Executes and commits {@code block}. */
  Execution commit(ChannelStore store, CertifiedBlock block) {
    BlockResult result = execute(store, block);
    return store.commit(block, result.receipts(), result.writes());
  }
}
