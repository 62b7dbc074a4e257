package io.entente.simulation.channel;

import io.entente.consensus.ledger.BlockChecks;
import io.entente.consensus.wire.ChannelWire;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.GovernanceUpdate;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.crypto.Signer;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.Process;
import io.entente.simulation.world.TimerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A channel's administrator. At random times in its window it names one validator-set change, built
 * from the last set it saw final, signs it as a transaction and sends it to one to three random
 * validators of that set; the network delays, reorders, duplicates and drops it like anything else,
 * so changes arrive late and out of order.
 *
 * <p>It follows the chain as a light client: it asks a random member for the certified blocks above
 * what it holds, accepts the next one only if it names the parent it holds and its certificate
 * verifies against the set it derived, and derives the next set from it. Its view may lag, so a
 * change may reach the validators after another; their admission ({@link BlockChecks#changeFits})
 * takes a change only one step from the set it would apply to.
 *
 * <p>Whatever order changes are applied in, every set is one the administrator named, and each of
 * those is safe on its own: no Byzantine validator is ever removed, the size never drops below the
 * genesis size (so f never drops and Byzantine plus crashed stay within f), and each institution
 * keeps at least its genesis count (so the every-institution seal rule always finds an honest
 * validator of each).
 *
 * <p>{@link Policy#MIXED} adds a spare, swaps an honest validator for a spare of its institution,
 * or removes a validator that joined after genesis, at random, whether or not the spare is lagging
 * (it must sync before it can vote). {@link Policy#GROWTH} adds the spares one by one in order
 * until the set has {@code growthSize} validators, each only once it is ready: it has served this
 * client the block at the client's view height, at most {@link ChannelLimits#READY_LAG_BLOCKS_MAX}
 * blocks ago (qbft.md pitfall 5, readiness before promotion; the simulator's stand-in for the
 * signed readiness message on the chain).
 *
 * <p>With a {@link GovernanceOracle} (a channel anchored to governance), the administrator is the
 * governance channel and its relay: a change is a decision of the oracle, numbered, named relative
 * to the last decision rather than to the view, and reaches the validators as that decision's
 * {@link GovernanceUpdate} transaction. At most {@link #DECISIONS_AHEAD_MAX} decisions wait for
 * their import (one under GROWTH), and every poll re-sends one of the waiting decisions chosen at
 * random, not necessarily the next, so updates arrive late, repeated and out of order; the channel
 * must import them in order, once each.
 */
final class AdminClient implements Process {
  enum Policy {
    MIXED,
    GROWTH
  }

  /** Decisions made but not yet seen imported, at most, before the next one (not under GROWTH). */
  static final int DECISIONS_AHEAD_MAX = 3;

  private static final TimerId DECIDE = TimerId.of("decide");
  private static final TimerId POLL = TimerId.of("poll");

  private final ChannelSpec spec;
  private final Signer signer;
  private final Hash certificateId;
  private final List<Validator> spares;
  private final Set<Hash> byzantine;
  private final Policy policy;
  private final int growthSize;
  private final long stopMs;
  private final TreeMap<String, Integer> institutionFloor = new TreeMap<>();
  private final Optional<GovernanceOracle> governance;

  // The chain as far as this client has seen it final.
  private long viewHeight;
  private Hash viewParent;
  private ValidatorSet viewSet;
  private final TreeMap<Long, CertifiedBlock> ahead = new TreeMap<>();
  private int submitted;
  private long imported;

  // The spare to add next under GROWTH, and the height it last proved to hold.
  private NodeId readyNode;
  private long readyHeight = -1;

  AdminClient(
      ChannelSpec spec,
      Signer signer,
      List<Validator> spares,
      Set<Hash> byzantine,
      Policy policy,
      int growthSize,
      long stopMs,
      Optional<GovernanceOracle> governance) {
    this.spec = spec;
    this.governance = governance;
    this.signer = signer;
    this.certificateId = spec.suite().fingerprint(signer.publicKey());
    this.spares = List.copyOf(spares);
    this.byzantine = new TreeSet<>(byzantine);
    this.policy = policy;
    this.growthSize = growthSize;
    this.stopMs = stopMs;
    for (Validator validator : spec.genesis().validators().validators()) {
      institutionFloor.merge(validator.institution(), 1, Integer::sum);
    }
  }

  @Override
  public void start(Context context) {
    viewHeight = 0;
    viewParent = spec.genesis().hash();
    viewSet = spec.genesis().validators();
    imported = 0;
    ahead.clear();
    scheduleDecision(context);
    context.setTimer(POLL, context.nowMs() + ChannelLimits.ADMIN_POLL_INTERVAL_MS);
  }

  @Override
  public void onMessage(Context context, NodeId from, Bytes message) {
    if (ChannelWire.decode(message, spec.suite()) instanceof ChannelWire.SyncBlock answer) {
      long height = answer.block().block().header().height();
      if (from.equals(readyNode)) {
        readyHeight = Math.max(readyHeight, height);
      }
      if (height > viewHeight && height <= viewHeight + ChannelLimits.SYNC_BLOCKS_PER_ANSWER_MAX) {
        ahead.put(height, answer.block());
      }
      follow();
    }
  }

  @Override
  public void onTimer(Context context, TimerId timer) {
    if (timer.equals(POLL)) {
      poll(context);
    } else if (timer.equals(DECIDE)) {
      decide(context);
      scheduleDecision(context);
    }
  }

  private void poll(Context context) {
    List<NodeId> members = spec.members();
    NodeId to = members.get(context.random().nextInt(members.size()));
    context.send(
        to,
        ChannelWire.syncRequest(
            viewHeight + 1, viewHeight + ChannelLimits.SYNC_BLOCKS_PER_ANSWER_MAX));
    nextSpare()
        .flatMap(spare -> spec.node(spare.fingerprint()))
        .filter(node -> viewHeight > 0)
        .ifPresent(
            node -> {
              if (!node.equals(readyNode)) {
                readyNode = node;
                readyHeight = -1;
              }
              context.send(node, ChannelWire.syncRequest(viewHeight, viewHeight));
            });
    governance.ifPresent(oracle -> resendOneWaiting(context, oracle));
    if (context.nowMs() + ChannelLimits.ADMIN_POLL_INTERVAL_MS < stopMs) {
      context.setTimer(POLL, context.nowMs() + ChannelLimits.ADMIN_POLL_INTERVAL_MS);
    }
  }

  /** Sends again one decision made but not yet seen imported, chosen at random. */
  private void resendOneWaiting(Context context, GovernanceOracle oracle) {
    int waiting = oracle.decisions() - (int) imported;
    if (waiting > 0) {
      long sequence = imported + 1 + context.random().nextInt(waiting);
      sendToValidators(context, oracle.transaction(sequence, signer));
      context.count("admin.decision_resent");
      if (sequence > imported + 1) {
        context.count("admin.decision_sent_ahead_of_its_turn");
      }
    }
  }

  /** Takes the blocks that continue the view, checked against the set derived so far. */
  private void follow() {
    while (ahead.containsKey(viewHeight + 1)) {
      CertifiedBlock block = ahead.remove(viewHeight + 1);
      BlockHeader header = block.block().header();
      boolean continues =
          header.channel().equals(spec.name())
              && header.parentHash().equals(viewParent)
              && block
                  .check(spec.suite(), viewSet, spec.genesis().sealFromEveryInstitution())
                  .isAccepted()
              && ValidatorSetChange.check(viewSet, block.block().transactions()).isAccepted();
      if (!continues) {
        return;
      }
      viewSet = ValidatorSetChange.nextSet(viewSet, block.block().transactions());
      for (Transaction transaction : block.block().transactions()) {
        if (GovernanceUpdate.isUpdate(transaction.body())) {
          imported =
              Math.max(
                  imported,
                  GovernanceUpdate.CODEC
                      .decode(transaction.body().payload())
                      .decision()
                      .sequence());
        }
      }
      viewParent = header.chainHash(spec.suite());
      viewHeight++;
    }
    ahead.headMap(viewHeight + 1).clear();
  }

  private void scheduleDecision(Context context) {
    long next =
        context.nowMs()
            + context
                .random()
                .nextLong(ChannelLimits.ADMIN_GAP_MS_MIN, ChannelLimits.ADMIN_GAP_MS_MAX + 1);
    boolean grown = policy == Policy.GROWTH && base().size() >= growthSize;
    if (next < stopMs && !grown) {
      context.setTimer(DECIDE, next);
    }
  }

  /**
   * The set the next change starts from: the view, or with governance the last decision (decisions
   * apply in order, each one step from the one before).
   */
  private ValidatorSet base() {
    return governance
        .map(oracle -> oracle.lastDecided(spec.genesis().validators()))
        .orElse(viewSet);
  }

  private void decide(Context context) {
    if (governance.isPresent()) {
      int waiting = governance.get().decisions() - (int) imported;
      if (waiting >= (policy == Policy.GROWTH ? 1 : DECISIONS_AHEAD_MAX)) {
        return;
      }
    }
    ValidatorSet base = base();
    List<ValidatorSet> choices = policy == Policy.GROWTH ? growth(base) : mixed(context, base);
    if (choices.isEmpty()) {
      return;
    }
    ValidatorSet next = choices.get(context.random().nextInt(choices.size()));
    String kind = next.size() > base.size() ? "add" : next.size() < base.size() ? "remove" : "swap";
    if (governance.isPresent()) {
      GovernanceOracle oracle = governance.get();
      oracle.decide(next, context.random().nextInt(4) == 0, context.random());
      sendToValidators(context, oracle.transaction(oracle.decisions(), signer));
      context.count("admin." + kind + "_decided");
      if (context.random().nextInt(4) == 0) {
        // The same change as a plain transaction: an anchored channel must refuse it.
        sendToValidators(context, plainChange(context, next));
        context.count("admin.plain_change_sent");
      }
      return;
    }
    sendToValidators(context, plainChange(context, next));
    context.count("admin." + kind + "_submitted");
  }

  /** A plain validator-set change to {@code next}, signed by this administrator. */
  private Transaction plainChange(Context context, ValidatorSet next) {
    TxBody body =
        new TxBody(
            spec.name(),
            ValidatorSetChange.APPLICATION,
            ValidatorSetChange.TYPE,
            new ValidatorSetChange(next).toPayload(),
            certificateId,
            context.self().name() + "-" + submitted++,
            0,
            ChannelScenarios.TX_VALID_UNTIL_MS);
    return Transaction.sign(spec.suite(), signer, body);
  }

  /** Sends {@code transaction} to one to three random validators of the view's set. */
  private void sendToValidators(Context context, Transaction transaction) {
    List<NodeId> validators = new ArrayList<>(spec.nodesOf(viewSet));
    int copies = 1 + context.random().nextInt(Math.min(3, validators.size()));
    for (int i = 0; i < copies; i++) {
      NodeId to = validators.remove(context.random().nextInt(validators.size()));
      context.send(to, ChannelWire.transaction(transaction));
    }
  }

  /** {@code base} plus the first spare it lacks, once that spare is ready. */
  private List<ValidatorSet> growth(ValidatorSet base) {
    Optional<Validator> spare = nextSpare();
    if (spare.isEmpty()) {
      return List.of();
    }
    boolean ready =
        viewHeight == 0
            || (spec.node(spare.get().fingerprint()).orElseThrow().equals(readyNode)
                && readyHeight >= viewHeight - ChannelLimits.READY_LAG_BLOCKS_MAX);
    return ready ? List.of(with(base, spare.get(), null)) : List.of();
  }

  /** Under GROWTH, the first spare the base set lacks while it is below {@code growthSize}. */
  private Optional<Validator> nextSpare() {
    ValidatorSet base = base();
    if (policy != Policy.GROWTH || base.size() >= growthSize) {
      return Optional.empty();
    }
    return spares.stream().filter(spare -> !contains(base, spare)).findFirst();
  }

  /** One kind of change at random among those possible, then one change of that kind. */
  private List<ValidatorSet> mixed(Context context, ValidatorSet base) {
    List<ValidatorSet> adds = new ArrayList<>();
    List<ValidatorSet> swaps = new ArrayList<>();
    List<ValidatorSet> removes = new ArrayList<>();
    for (Validator spare : spares) {
      if (contains(base, spare)) {
        continue;
      }
      adds.add(with(base, spare, null));
      for (Validator out : base.validators()) {
        if (!byzantine.contains(out.fingerprint())
            && out.institution().equals(spare.institution())) {
          swaps.add(with(base, spare, out));
        }
      }
    }
    ValidatorSet genesis = spec.genesis().validators();
    for (Validator out : base.validators()) {
      if (!contains(genesis, out)
          && base.size() > genesis.size()
          && count(base, out.institution()) > institutionFloor.getOrDefault(out.institution(), 0)) {
        removes.add(with(base, null, out));
      }
    }
    List<List<ValidatorSet>> kinds = new ArrayList<>();
    for (List<ValidatorSet> kind : List.of(adds, swaps, removes)) {
      if (!kind.isEmpty()) {
        kinds.add(kind);
      }
    }
    return kinds.isEmpty() ? List.of() : kinds.get(context.random().nextInt(kinds.size()));
  }

  private static boolean contains(ValidatorSet set, Validator validator) {
    return set.byFingerprint(validator.fingerprint()).isPresent();
  }

  private static int count(ValidatorSet set, String institution) {
    return (int) set.validators().stream().filter(v -> v.institution().equals(institution)).count();
  }

  /** {@code set} with {@code in} added and {@code out} removed (either may be null). */
  private static ValidatorSet with(ValidatorSet set, Validator in, Validator out) {
    List<Validator> validators = new ArrayList<>(set.validators());
    if (out != null) {
      validators.remove(out);
    }
    if (in != null) {
      validators.add(in);
    }
    return ValidatorSet.of(validators);
  }
}
