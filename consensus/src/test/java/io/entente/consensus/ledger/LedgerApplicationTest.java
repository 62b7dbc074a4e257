package io.entente.consensus.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.app.StateView;
import io.entente.consensus.app.WriteSet;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.ChainBuilder;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.GovernanceFixture;
import io.entente.core.chain.GovernanceUpdate;
import io.entente.core.chain.GovernanceView;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Revocation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A channel anchored to the governance channel imports its decisions through the ledger: a
 * validator change takes effect at the next height, a revocation refuses the revoked submitter, a
 * decision imports once, and plain set changes are refused; the business application sees only its
 * own transactions, with receipts and events back at their places in the block.
 */
class LedgerApplicationTest {
  private static final SuiteId ID = SuiteId.STANDARD;
  private static final CryptoSuite SUITE = CryptoSuite.of(ID);
  private static final String CHANNEL = "x";
  private static final Revocation CLIENT_NAME =
      new Revocation("CN=Lead CA,O=Lead", BigInteger.valueOf(42));

  private final GovernanceFixture governance = new GovernanceFixture(ID);
  private final Signer client = TestKeys.signer(ID, 9);
  private final Hash clientId = SUITE.hash(GovernanceFixture.utf8("lead gateway certificate"));
  private final Function<Hash, Optional<PublicKey>> clientKeys =
      id -> id.equals(clientId) ? Optional.of(client.publicKey()) : Optional.empty();
  private int keys;

  private ChannelLedger ledger(Genesis genesis, Application business) {
    return new ChannelLedger(
        genesis,
        SUITE,
        new LedgerApplication(
            SUITE,
            genesis.governance(),
            business,
            id -> id.equals(clientId) ? Optional.of(CLIENT_NAME) : Optional.empty()));
  }

  private Genesis anchored() {
    return new Genesis(
        CHANNEL,
        ID,
        GovernanceFixture.TIME_MS,
        1,
        governance.set(0, 1, 2, 3),
        true,
        Optional.of(governance.anchor()));
  }

  private ChainBuilder channel(Genesis genesis) {
    List<Signer> signers = new ArrayList<>();
    for (int number = 0; number < 8; number++) {
      signers.add(governance.signer(number));
    }
    return new ChainBuilder(genesis, signers);
  }

  private Transaction transaction(String application, String type, Bytes payload) {
    TxBody body =
        new TxBody(
            CHANNEL,
            application,
            type,
            payload,
            clientId,
            "key-" + keys++,
            GovernanceFixture.TIME_MS,
            GovernanceFixture.TIME_MS + 3_600_000);
    return Transaction.sign(SUITE, client, body);
  }

  private Transaction update(GovernanceUpdate update) {
    return transaction(
        GovernanceUpdate.APPLICATION, GovernanceUpdate.TYPE, GovernanceUpdate.CODEC.encode(update));
  }

  private Transaction counter(String key, long delta) {
    return transaction(
        CounterApplication.NAME, CounterApplication.ADD, CounterApplication.payload(key, delta));
  }

  private static String reason(Check check) {
    return check instanceof Check.Rejected rejected ? rejected.reason() : "accepted";
  }

  private CertifiedBlock commit(ChainBuilder chain, ChannelLedger ledger, List<Transaction> txs) {
    CertifiedBlock block = chain.append(txs);
    assertThat(BlockChecks.admit(SUITE, clientKeys, ledger, block.block()))
        .isEqualTo(Check.accepted());
    ledger.appendReporting(block);
    return block;
  }

  @Test
  void aValidatorDecisionChangesTheSetAtTheNextHeightAndImportsOnce() {
    ValidatorSet next = governance.set(0, 1, 2, 3, 4);
    long decided = governance.decide(new GovernanceDecision.ChannelValidators(CHANNEL, next));
    Genesis genesis = anchored();
    ChainBuilder chain = channel(genesis);
    ChannelLedger ledger = ledger(genesis, new CounterApplication(SUITE));
    Transaction imported = update(governance.update(decided, 1));

    ChannelLedger.Appended appended =
        ledger.appendReporting(
            check(chain, ledger, List.of(counter("a", 1), imported, counter("b", 2))));

    assertThat(ledger.setOf(1)).isEqualTo(genesis.validators());
    assertThat(ledger.setOf(2)).isEqualTo(next);
    List<Receipt> receipts = appended.result().receipts();
    assertThat(receipts).extracting(Receipt::index).containsExactly(0, 1, 2);
    assertThat(receipts).extracting(Receipt::status).containsOnly(Receipt.Status.ACCEPTED);
    assertThat(GovernanceDecision.CODEC.decode(receipts.get(1).result()).sequence()).isEqualTo(1);
    assertThat(appended.result().events())
        .extracting(BlockResult.Event::index)
        .containsExactly(0, 1, 2);
    LedgerApplication application = (LedgerApplication) ledger.application();
    assertThat(application.view(ledger.state()).orElseThrow().lastSequence()).isEqualTo(1);

    Transaction again = update(governance.update(decided, 1));
    assertThat(reason(application.admit(ledger.state(), again)))
        .isEqualTo(GovernanceView.OUT_OF_ORDER);
    assertThat(
            BlockChecks.buildable(
                ledger, List.of(again, counter("c", 3)), GovernanceFixture.TIME_MS))
        .extracting(t -> t.body().type())
        .containsExactly(CounterApplication.ADD);
  }

  private CertifiedBlock check(ChainBuilder chain, ChannelLedger ledger, List<Transaction> txs) {
    CertifiedBlock block = chain.append(txs);
    assertThat(BlockChecks.admit(SUITE, clientKeys, ledger, block.block()))
        .isEqualTo(Check.accepted());
    return block;
  }

  @Test
  void anImportedRevocationRefusesTheRevokedSubmitter() {
    long decided = governance.decide(new GovernanceDecision.Revoke(CLIENT_NAME));
    Genesis genesis = anchored();
    ChainBuilder chain = channel(genesis);
    ChannelLedger ledger = ledger(genesis, new CounterApplication(SUITE));
    assertThat(ledger.application().admit(ledger.state(), counter("a", 1)))
        .isEqualTo(Check.accepted());

    commit(chain, ledger, List.of(update(governance.update(decided, 1))));

    assertThat(reason(ledger.application().admit(ledger.state(), counter("a", 1))))
        .isEqualTo(LedgerApplication.SUBMITTER_REVOKED);
  }

  @Test
  void aBlockImportsAtMostOneDecision() {
    long first = governance.decide(new GovernanceDecision.Revoke(CLIENT_NAME));
    Genesis genesis = anchored();
    ChainBuilder chain = channel(genesis);
    ChannelLedger ledger = ledger(genesis, new CounterApplication(SUITE));
    Transaction one = update(governance.update(first, 1));
    Transaction same = update(governance.update(first, 1));

    CertifiedBlock both = chain.append(List.of(one, same));
    assertThat(reason(BlockChecks.admit(SUITE, clientKeys, ledger, both.block())))
        .isEqualTo(BlockChecks.UPDATES_MORE_THAN_ONE);
    assertThat(BlockChecks.buildable(ledger, List.of(one, same), GovernanceFixture.TIME_MS))
        .containsExactly(one);
  }

  @Test
  void anAnchoredChannelRefusesPlainSetChangesAndAPlainOneRefusesUpdates() {
    Transaction plain =
        transaction(
            ValidatorSetChange.APPLICATION,
            ValidatorSetChange.TYPE,
            new ValidatorSetChange(governance.set(0, 1, 2, 3, 4)).toPayload());
    ChannelLedger anchored = ledger(anchored(), new CounterApplication(SUITE));
    assertThat(reason(anchored.application().admit(anchored.state(), plain)))
        .isEqualTo(LedgerApplication.GOVERNANCE_ONLY);

    Genesis unanchored =
        new Genesis(CHANNEL, ID, GovernanceFixture.TIME_MS, 1, governance.set(0, 1, 2, 3), true);
    ChannelLedger free = ledger(unanchored, new CounterApplication(SUITE));
    assertThat(free.application().admit(free.state(), plain)).isEqualTo(Check.accepted());
    long decided = governance.decide(new GovernanceDecision.Revoke(CLIENT_NAME));
    assertThat(
            reason(free.application().admit(free.state(), update(governance.update(decided, 1)))))
        .isEqualTo(LedgerApplication.NOT_ANCHORED);
  }

  @Test
  void aBusinessApplicationCannotReachTheLedgersKeys() {
    CounterApplication counter = new CounterApplication(SUITE);
    Application intruder =
        new Application() {
          @Override
          public String name() {
            return counter.name();
          }

          @Override
          public Check admit(StateView state, Transaction transaction) {
            return counter.admit(state, transaction);
          }

          @Override
          public BlockResult execute(
              StateView state, BlockContext context, List<Transaction> transactions) {
            BlockResult honest = counter.execute(state, context, transactions);
            return new BlockResult(
                honest.receipts(),
                honest.events(),
                new WriteSet(
                    List.of(
                        new WriteSet.Write(
                            LedgerApplication.VIEW_KEY, Optional.of(Bytes.of(new byte[] {1}))))),
                OptionalLong.empty());
          }

          @Override
          public QueryResult query(StateView state, Caller caller, Bytes request) {
            return counter.query(state, caller, request);
          }
        };
    Genesis genesis = anchored();
    ChainBuilder chain = channel(genesis);
    ChannelLedger ledger = ledger(genesis, intruder);
    LedgerApplication application = (LedgerApplication) ledger.application();
    GovernanceView before = application.view(ledger.state()).orElseThrow();

    ledger.appendReporting(chain.append(List.of(counter("a", 1))));

    assertThat(application.view(ledger.state())).contains(before);
    assertThat(ledger.state().get(LedgerApplication.VIEW_KEY)).isEmpty();
    assertThat(ledger.state().get(LedgerApplication.businessKey(LedgerApplication.VIEW_KEY)))
        .contains(Bytes.of(new byte[] {1}));
  }

  @Test
  void anEventOfNoTransactionGoesOnePastTheBlocksLast() {
    CounterApplication counter = new CounterApplication(SUITE);
    Application withDeadlines =
        new Application() {
          @Override
          public String name() {
            return counter.name();
          }

          @Override
          public Check admit(StateView state, Transaction transaction) {
            return counter.admit(state, transaction);
          }

          @Override
          public BlockResult execute(
              StateView state, BlockContext context, List<Transaction> transactions) {
            BlockResult honest = counter.execute(state, context, transactions);
            List<BlockResult.Event> events = new ArrayList<>(honest.events());
            events.add(new BlockResult.Event(transactions.size(), "deadline", Bytes.EMPTY));
            return new BlockResult(
                honest.receipts(), events, honest.writes(), honest.nextDeadlineMs());
          }

          @Override
          public QueryResult query(StateView state, Caller caller, Bytes request) {
            return counter.query(state, caller, request);
          }
        };
    long decided = governance.decide(new GovernanceDecision.Revoke(CLIENT_NAME));
    Genesis genesis = anchored();
    ChainBuilder chain = channel(genesis);
    ChannelLedger ledger = ledger(genesis, withDeadlines);

    ChannelLedger.Appended appended =
        ledger.appendReporting(
            check(chain, ledger, List.of(counter("a", 1), update(governance.update(decided, 1)))));
    ChannelLedger.Appended idle = ledger.appendReporting(check(chain, ledger, List.of()));

    assertThat(appended.result().events())
        .filteredOn(event -> event.type().equals("deadline"))
        .extracting(BlockResult.Event::index)
        .containsExactly(2);
    assertThat(idle.result().events()).extracting(BlockResult.Event::index).containsExactly(0);
  }

  /** A business application that reports one event at {@code offset} past its transactions. */
  private static Application eventsAt(CounterApplication counter, int offset) {
    return new Application() {
      @Override
      public String name() {
        return counter.name();
      }

      @Override
      public Check admit(StateView state, Transaction transaction) {
        return counter.admit(state, transaction);
      }

      @Override
      public BlockResult execute(
          StateView state, BlockContext context, List<Transaction> transactions) {
        BlockResult honest = counter.execute(state, context, transactions);
        List<BlockResult.Event> events = new ArrayList<>(honest.events());
        events.add(new BlockResult.Event(transactions.size() + offset, "stray", Bytes.EMPTY));
        return new BlockResult(honest.receipts(), events, honest.writes(), honest.nextDeadlineMs());
      }

      @Override
      public QueryResult query(StateView state, Caller caller, Bytes request) {
        return counter.query(state, caller, request);
      }
    };
  }

  @Test
  void anEventPastTheDeadlineIndexIsABrokenApplicationAndFailsFast() {
    Genesis genesis = anchored();
    ChainBuilder chain = channel(genesis);
    ChannelLedger ledger = ledger(genesis, eventsAt(new CounterApplication(SUITE), 1));
    CertifiedBlock block = chain.append(List.of(counter("a", 1)));
    assertThatThrownBy(() -> ledger.appendReporting(block))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("index 2 of 1 transactions");
  }

  @Test
  void aBlockCarryingAnotherChannelsTransactionIsRefused() {
    ValidatorSet next = governance.set(0, 1, 2, 3, 4);
    long decided = governance.decide(new GovernanceDecision.ChannelValidators("y", next));
    Genesis genesis = anchored();
    ChainBuilder chain = channel(genesis);
    ChannelLedger ledger = ledger(genesis, new CounterApplication(SUITE));
    Transaction wrapped =
        Transaction.sign(
            SUITE,
            client,
            new TxBody(
                "y",
                GovernanceUpdate.APPLICATION,
                GovernanceUpdate.TYPE,
                GovernanceUpdate.CODEC.encode(governance.update(decided, 1)),
                clientId,
                "wrapped",
                GovernanceFixture.TIME_MS,
                GovernanceFixture.TIME_MS + 3_600_000));

    CertifiedBlock block = chain.append(List.of(wrapped));

    assertThat(reason(BlockChecks.admit(SUITE, clientKeys, ledger, block.block())))
        .isEqualTo(BlockChecks.WRONG_CHANNEL);
  }
}
