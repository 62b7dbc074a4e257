package io.entente.app.governance;

import io.entente.app.governance.GovernanceState.ChannelRecord;
import io.entente.app.governance.GovernanceState.PendingSet;
import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.StateView;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.pki.Revocation;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The governance application (issue 8): member institutions propose and vote on who joins and
 * leaves, which nodes they run and what role each plays in each channel, revocations, channel
 * definitions and parameters. Approved changes that other channels must import become numbered
 * {@link io.entente.core.chain.GovernanceDecision}s, each the result bytes of the receipt of the
 * transaction whose vote approved it. See {@code docs/governance.md} for the transactions, state
 * keys, voting rule and safety rules.
 *
 * <p>Pure and deterministic: every validator of the governance channel runs it on the same blocks
 * and produces the same receipts and write sets.
 */
public final class GovernanceApplication implements Application {
  public static final String NAME = "governance";
  public static final String PROPOSE = "propose";
  public static final String VOTE = "vote";

  /** The event raised for every decision; its data is the encoded decision. */
  public static final String DECISION_EVENT = "governance-decision";

  private final CryptoSuite suite;
  private final String governanceChannel;
  private final NavigableMap<Hash, String> institutions;
  private final NavigableMap<Hash, Revocation> names;
  private final NavigableMap<Bytes, Bytes> genesis;

  /**
   * @param genesis the governance state the consortium agreed on (every node has the same file)
   * @param parameters the initial parameters (usually {@link Parameters#defaults()})
   * @param governanceChannel the name of the governance channel, one of the genesis channels
   * @param institutions the institution of every client certificate the node trusts, by certificate
   *     id (the suite's hash of its DER): who submitted a transaction
   */
  public GovernanceApplication(
      GovernanceGenesis genesis,
      Parameters parameters,
      String governanceChannel,
      SortedMap<Hash, String> institutions) {
    this(genesis, parameters, governanceChannel, institutions, new TreeMap<>());
  }

  /**
   * As above; {@code names} gives the (issuer, serial) of those client certificates, so a
   * certificate governance revoked is refused as a submitter whether it came from the node's files
   * or from the governance state. A certificate without a name here is judged by institution only.
   */
  public GovernanceApplication(
      GovernanceGenesis genesis,
      Parameters parameters,
      String governanceChannel,
      SortedMap<Hash, String> institutions,
      SortedMap<Hash, Revocation> names) {
    if (genesis.channel(governanceChannel).isEmpty()) {
      throw new IllegalArgumentException(
          "the governance genesis defines no channel " + governanceChannel);
    }
    this.suite = CryptoSuite.of(genesis.suite());
    this.governanceChannel = governanceChannel;
    this.institutions = new TreeMap<>(institutions);
    this.names = new TreeMap<>(names);
    this.genesis = GenesisState.entries(genesis, parameters);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Check admit(StateView state, Transaction transaction) {
    Store store = store(state);
    return admitOn(store, transaction);
  }

  private Check admitOn(Store store, Transaction transaction) {
    TxBody body = transaction.body();
    if (!body.channel().equals(governanceChannel)) {
      return Check.rejected(
          GovernanceReasons.WRONG_CHANNEL,
          "a transaction of " + body.channel() + ", not of " + governanceChannel);
    }
    if (ValidatorSetChange.isPlain(body)) {
      return checkSetChange(store, body);
    }
    return Submission.read(store, suite.id(), institutions, names, transaction).check();
  }

  /**
   * A plain set change of the governance channel is admitted only when it makes exactly the change
   * governance approved and is waiting for.
   */
  private static Check checkSetChange(Store store, TxBody body) {
    ValidatorSet next;
    try {
      next = ValidatorSetChange.CODEC.decode(body.payload()).next();
    } catch (CodecException e) {
      return Check.rejected(ValidatorSetChange.MALFORMED, e.getMessage());
    }
    Optional<PendingSet> pending = store.pendingSet();
    return Check.require(
        pending.isPresent() && pending.get().next().equals(next),
        GovernanceReasons.SET_NOT_APPROVED,
        () ->
            pending.isEmpty()
                ? "no change of the governance validators is approved"
                : "the set differs from the one proposal "
                    + pending.get().proposalId()
                    + " approved");
  }

  @Override
  public BlockResult execute(
      StateView state, BlockContext context, List<Transaction> transactions) {
    Store block = store(state);
    if (!GenesisState.isWritten(state)) {
      genesis.forEach(block::put);
    }
    Ballots.expire(block, context.timestampMs());
    List<Receipt> receipts = new ArrayList<>(transactions.size());
    List<BlockResult.Event> events = new ArrayList<>();
    for (int index = 0; index < transactions.size(); index++) {
      Transaction transaction = transactions.get(index);
      Store store = block.child();
      Ballots.Place place =
          new Ballots.Place(
              new Changes.Context(store, suite, governanceChannel),
              context.height(),
              context.timestampMs(),
              index,
              transaction.id(suite));
      Ballots.Outcome outcome = executeOne(place, transaction);
      receipts.add(receipt(place, outcome));
      if (outcome.check().isAccepted()) {
        store.mergeInto(block);
        outcome
            .decision()
            .ifPresent(d -> events.add(new BlockResult.Event(place.index(), DECISION_EVENT, d)));
      }
    }
    return new BlockResult(receipts, events, block.writeSet(), deadline(block, context, events));
  }

  /**
   * The earliest proposal expiry; and after a block that made a decision, the next moment: a
   * decision's receipt is committed only by the next header, which other channels need to import
   * it, and an idle governance chain would otherwise not make that block.
   */
  private static OptionalLong deadline(
      Store block, BlockContext context, List<BlockResult.Event> events) {
    OptionalLong expiry = Ballots.nextDeadline(block);
    boolean decided = events.stream().anyMatch(e -> e.type().equals(DECISION_EVENT));
    if (!decided) {
      return expiry;
    }
    long soon = context.timestampMs() + 1;
    return OptionalLong.of(expiry.isPresent() ? Math.min(expiry.getAsLong(), soon) : soon);
  }

  private Ballots.Outcome executeOne(Ballots.Place place, Transaction transaction) {
    Store store = place.store();
    Check admitted = admitOn(store, transaction);
    if (!admitted.isAccepted()) {
      return Ballots.Outcome.rejected(admitted);
    }
    if (ValidatorSetChange.isPlain(transaction.body())) {
      makePendingChange(store);
      return Ballots.Outcome.accepted("", "", Bytes.EMPTY);
    }
    Submission submission =
        Submission.read(store, suite.id(), institutions, names, transaction)
            .submission()
            .orElseThrow();
    if (submission.request() instanceof Submission.Propose propose) {
      return Ballots.propose(place, submission, propose.change());
    } else if (submission.request() instanceof Submission.Cast cast) {
      return Ballots.vote(place, submission, cast);
    }
    throw new AssertionError("unknown request " + submission.request());
  }

  /** The set change governance approved is in this block: the channel's roles follow it now. */
  private void makePendingChange(Store store) {
    PendingSet pending = store.pendingSet().orElseThrow();
    ChannelRecord channel = store.channel(governanceChannel).orElseThrow();
    List<String> validators =
        pending.promote()
            ? Changes.plus(channel.validators(), pending.nodeId())
            : Changes.minus(channel.validators(), pending.nodeId());
    List<String> observers =
        pending.promote()
            ? Changes.minus(channel.observers(), pending.nodeId())
            : Changes.plus(channel.observers(), pending.nodeId());
    store.put(channel.withRoles(validators, observers));
    store.delete(StateKeys.PENDING_SET);
  }

  private static Receipt receipt(Ballots.Place place, Ballots.Outcome outcome) {
    if (outcome.check() instanceof Check.Rejected rejected) {
      return new Receipt(
          place.txId(),
          place.index(),
          Receipt.Status.REJECTED,
          rejected.reason(),
          Encodings.clip(rejected.detail(), GovernanceAppLimits.DETAIL_BYTES_MAX),
          Bytes.EMPTY);
    }
    return new Receipt(
        place.txId(),
        place.index(),
        Receipt.Status.ACCEPTED,
        outcome.code(),
        Encodings.clip(outcome.detail(), GovernanceAppLimits.DETAIL_BYTES_MAX),
        outcome.result());
  }

  @Override
  public QueryResult query(StateView state, Caller caller, Bytes request) {
    return GovernanceQueries.answer(store(state), request);
  }

  private Store store(StateView state) {
    return new Store(GenesisState.over(state, genesis), suite.id());
  }
}
