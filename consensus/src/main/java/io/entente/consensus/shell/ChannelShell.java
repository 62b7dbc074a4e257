package io.entente.consensus.shell;

import io.entente.consensus.ConsensusLimits;
import io.entente.consensus.app.Application;
import io.entente.consensus.ledger.BlockChecks;
import io.entente.consensus.ledger.BlockSource;
import io.entente.consensus.ledger.ChannelLedger;
import io.entente.consensus.mempool.Mempool;
import io.entente.consensus.message.Commit;
import io.entente.consensus.message.DurableRecord;
import io.entente.consensus.message.Equivocation;
import io.entente.consensus.message.Message;
import io.entente.consensus.message.Messages;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.consensus.qbft.Action;
import io.entente.consensus.qbft.Event;
import io.entente.consensus.qbft.Execution;
import io.entente.consensus.qbft.Qbft;
import io.entente.consensus.qbft.QbftSetup;
import io.entente.consensus.qbft.Timer;
import io.entente.consensus.wire.ChannelWire;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.GovernanceUpdate;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One member node of one channel: the pure {@link Qbft} machine, the final chain ({@link
 * ChannelLedger}) and the mempool, and the shell around them that carries out the machine's actions
 * in order (DESIGN §2: sign, persist, fsync, send), forwards transactions, announces final blocks
 * and answers and asks for sync. It is deterministic and single-threaded: what it does with the
 * world goes through a {@link ShellEnvironment}. The deterministic simulator runs every validator
 * through this class, and so does the node, so the node's shell is the one the simulation sweeps
 * exercise.
 *
 * <p>Consensus messages and forwarded transactions go to set(h) of the height; announcements and
 * sync requests to every member. A member outside the current validator set follows the chain and
 * votes from the height a change brings it in.
 *
 * @param <P> how the environment names a member node
 */
public final class ChannelShell<P extends Comparable<? super P>> {
  /** Timer names besides the machine's {@link Timer.Kind}s. */
  public static final String FORWARD_TIMER = "forward";

  public static final String FOLLOW_TIMER = "follow";

  /** Counted once per ROUND-CHANGE this validator signs (not per copy re-sent). */
  public static final String ROUND_CHANGE_SIGNED = "validator.round_change_signed";

  private final QbftSetup setup;
  private final CryptoSuite suite;
  private final ChannelMembership<P> membership;
  private final Function<Hash, Optional<PublicKey>> clientKeys;
  private final ShellLimits limits;
  private final ShellEnvironment<P> env;
  private final ShellHooks<P> hooks;
  private final ChannelWire.Decoder decoder;
  private final Mempool<P> mempool;
  private final VerifiedSignatures verified;
  private final ChannelLedger ledger;
  private final Qbft qbft;
  private final TreeMap<Timer.Kind, Timer> timers = new TreeMap<>();
  private final List<Equivocation> evidence = new ArrayList<>();
  private final ArrayDeque<Event> pending = new ArrayDeque<>();
  private final TreeMap<P, Long> announcedAgainMs = new TreeMap<>();
  private final TreeMap<P, Heard> heardFrom = new TreeMap<>();
  private final TreeMap<Long, CertifiedBlock> syncAhead = new TreeMap<>();
  private final List<CommitListener> commitListeners = new ArrayList<>();
  private boolean draining;
  private long forwardArmedMs = -1;
  private long lastForwardMs = Long.MIN_VALUE;
  private boolean followArmed;
  private String halted;
  private long highestHeard;
  private long announcedHeight = -1;
  private Bytes announced;
  private Message lastWireMessage;
  private Bytes lastWire;
  private ValidatorSet nodesCachedFor;
  private List<P> nodesCached;

  /**
   * What this node last heard from one member node: when, and the highest height the member showed
   * it holds or is about to hold as final (a block it announced or sent, a COMMIT it signed for
   * that height, or one below any other consensus message it signed or relayed; 0 until it showed
   * any). Unverified, for status only.
   */
  public record Heard(long height, long atMs) {}

  /** Told of every final block once it is stored and executed, before it is announced. */
  public interface CommitListener {
    void committed(CertifiedBlock block, ChannelLedger.Appended executed);
  }

  /**
   * Rebuilds the chain by executing the first {@code storedHeight} blocks of {@code stored}, read
   * one page at a time, and restores the machine from the write-ahead log's records of the next
   * height, or, {@code withoutLog}, starts it without them (it then votes only once a block above
   * its height + 1 is final: DESIGN §2 Durability). The ledger keeps the newest {@link
   * ConsensusLimits#LEDGER_RECENT_BLOCKS} blocks in memory and reads older ones from {@code
   * stored}, which must hold every block committed through {@link ShellEnvironment#commitBlock}
   * from then on.
   *
   * @param decoder decodes wire messages; the simulator shares one per channel and run
   */
  public ChannelShell(
      QbftSetup setup,
      Application application,
      ChannelMembership<P> membership,
      Function<Hash, Optional<PublicKey>> clientKeys,
      ShellLimits limits,
      ShellEnvironment<P> env,
      ShellHooks<P> hooks,
      ChannelWire.Decoder decoder,
      BlockSource stored,
      long storedHeight,
      List<DurableRecord> walRecords,
      boolean withoutLog) {
    this.setup = setup;
    this.suite = setup.suite();
    this.membership = membership;
    this.clientKeys = clientKeys;
    this.limits = limits;
    this.env = env;
    this.hooks = hooks;
    this.decoder = decoder;
    this.mempool = new Mempool<>(limits.mempool());
    // Room for every transaction the mempool may hold and a block's worth not (yet) held here.
    this.verified = new VerifiedSignatures(limits.mempool().txsMax() + limits.batchTxsMax());
    this.ledger =
        new ChannelLedger(
            setup.genesis(), suite, application, stored, ConsensusLimits.LEDGER_RECENT_BLOCKS);
    while (ledger.height() < storedHeight) {
      List<CertifiedBlock> page = stored.blocks(ledger.height() + 1, storedHeight);
      if (page.isEmpty()) {
        throw new IllegalStateException(
            "the stored chain lacks block " + (ledger.height() + 1) + " of " + storedHeight);
      }
      for (CertifiedBlock block : page) {
        ledger.append(block);
      }
    }
    if (ledger.height() > 0 || !walRecords.isEmpty()) {
      env.count("validator.recovered");
    }
    this.qbft =
        withoutLog
            ? Qbft.startWithoutLog(setup, ledger.tip())
            : Qbft.restart(setup, ledger.tip(), walRecords);
  }

  /** Takes the first step; call once, right after construction. */
  public void start() {
    step(new Event.TransactionsWaiting(0, now(), now()));
    armFollow();
  }

  public void addCommitListener(CommitListener listener) {
    commitListeners.add(listener);
  }

  // ---------------------------------------------------------------------------------------------
  // What the environment, the checkers and the node's status read

  public ChannelLedger ledger() {
    return ledger;
  }

  public Mempool<P> mempool() {
    return mempool;
  }

  public Qbft qbft() {
    return qbft;
  }

  /**
   * The equivocation evidence reported to this shell, oldest first: the latest {@link
   * io.entente.consensus.ConsensusLimits#EVIDENCE_KEPT_MAX} (the metric {@code validator.evidence}
   * counts them all).
   */
  public List<Equivocation> evidence() {
    return evidence;
  }

  public Optional<String> halted() {
    return Optional.ofNullable(halted);
  }

  /**
   * The highest height heard of as final: an announced or synced block's, or one below a consensus
   * message's height. Unverified, so only for status (how far behind this node may be).
   */
  public long highestHeardHeight() {
    return highestHeard;
  }

  /**
   * What this node last heard from each member node that sent it anything, by node: a read-only
   * view of the shell's own map, for the channel's thread only (copy it to hand it elsewhere).
   */
  public java.util.SortedMap<P, Heard> heardFrom() {
    return java.util.Collections.unmodifiableSortedMap(heardFrom);
  }

  // ---------------------------------------------------------------------------------------------
  // In

  /**
   * A wire message from {@code from}. The node's environment passes on only frames from the
   * channel's member nodes, so blocks and sync answers never reach a node outside the channel.
   */
  public void onWire(P from, Bytes wire) {
    ChannelWire.Decoded decoded = decoder.decode(wire);
    heard(from, decoded);
    if (decoded instanceof ChannelWire.Consensus consensus) {
      highestHeard = Math.max(highestHeard, consensus.message().height() - 1);
      announceAgainTo(from, consensus.message());
      onConsensus(consensus.message());
    } else if (decoded instanceof ChannelWire.Forwarded forwarded) {
      receiveTransaction(forwarded.transaction(), forwarded.id(), memberOrNull(from));
    } else if (decoded instanceof ChannelWire.ForwardedBatch batch) {
      checkSignaturesAhead(batch.transactions());
      for (Transaction transaction : batch.transactions()) {
        receiveTransaction(transaction, transaction.id(suite), memberOrNull(from));
      }
    } else if (decoded instanceof ChannelWire.Announced announced) {
      highestHeard = Math.max(highestHeard, announced.block().block().header().height());
      step(new Event.CertifiedBlockReceived(announced.block(), now()));
    } else if (decoded instanceof ChannelWire.SyncRequest request) {
      answerSync(from, request);
    } else if (decoded instanceof ChannelWire.SyncBlock block) {
      step(new Event.SyncResult(List.of(block.block()), now()));
      keepOrContinueSync(block.block());
    } else if (decoded instanceof ChannelWire.Garbage) {
      env.count("validator.garbage_dropped");
    } else {
      throw new AssertionError("unknown wire message " + decoded);
    }
  }

  /** A timer set through {@link ShellEnvironment#setTimer} fired. */
  public void onTimer(String name) {
    if (name.equals(FORWARD_TIMER)) {
      forward();
      return;
    }
    if (name.equals(FOLLOW_TIMER)) {
      follow();
      return;
    }
    Timer timer = timers.remove(Timer.Kind.valueOf(name));
    if (timer != null) {
      step(new Event.TimerFired(timer, now()));
    }
  }

  private void heard(P from, ChannelWire.Decoded decoded) {
    if (!membership.isMember(from)) {
      return;
    }
    long height = 0;
    if (decoded instanceof ChannelWire.Consensus consensus) {
      Message message = consensus.message();
      // A COMMIT the sender signed itself for h: it holds h's block prepared by a quorum, and on an
      // idle channel it is the last thing a validator says about h.
      boolean ownCommit =
          message instanceof Commit
              && membership.node(message.signed().author()).filter(from::equals).isPresent();
      height = ownCommit ? message.height() : message.height() - 1;
    } else if (decoded instanceof ChannelWire.Announced announced) {
      height = announced.block().block().header().height();
    } else if (decoded instanceof ChannelWire.SyncBlock block) {
      height = block.block().block().header().height();
    }
    Heard before = heardFrom.get(from);
    heardFrom.put(from, new Heard(Math.max(height, before == null ? 0 : before.height()), now()));
  }

  private P memberOrNull(P from) {
    return membership.isMember(from) ? from : null;
  }

  /**
   * Checks a client's transaction as it would be checked on arrival: the signature of a known
   * client, the channel, the application's admission and, for a validator-set change, that it fits.
   */
  public Check admission(Transaction transaction) {
    return admission(transaction, transaction.id(suite));
  }

  private Check admission(Transaction transaction, Hash id) {
    Optional<PublicKey> key = clientKeys.apply(transaction.body().submitterCertificateId());
    if (key.isEmpty()) {
      return Check.rejected(
          BlockChecks.UNKNOWN_CLIENT, transaction.body().submitterCertificateId().shortHex());
    }
    if (!transaction.body().channel().equals(setup.genesis().channel())) {
      return Check.rejected(BlockChecks.WRONG_CHANNEL, transaction.body().channel());
    }
    if (transaction.body().validUntilMs() <= now()) {
      return Check.rejected(
          TxBody.EXPIRED, "valid until " + transaction.body().validUntilMs() + ", now " + now());
    }
    return verified
        .verify(suite, transaction, id, key.get())
        .and(() -> ledger.application().admit(ledger.state(), transaction))
        .and(() -> BlockChecks.changeFits(ledger.setOf(ledger.height() + 1), transaction));
  }

  /**
   * Checks at once, through {@link ShellEnvironment#verifySignatures} (which may spread them over
   * cores), the signatures of those of {@code transactions} that are not final, not waiting here
   * and not checked before, and remembers the valid ones; the checks that follow one transaction at
   * a time then find them done. Changes nothing else: an invalid signature is refused later, by the
   * same check as before.
   */
  public void checkSignaturesAhead(List<Transaction> transactions) {
    List<VerifiedSignatures.Pending> pending = new ArrayList<>();
    for (Transaction transaction : transactions) {
      Hash id = transaction.id(suite);
      if (mempool.contains(id) || ledger.isCommitted(id)) {
        continue;
      }
      Optional<PublicKey> key = clientKeys.apply(transaction.body().submitterCertificateId());
      if (key.isPresent() && !verified.isKnownValid(transaction, id, key.get())) {
        pending.add(new VerifiedSignatures.Pending(transaction, id, key.get()));
      }
    }
    if (pending.size() > 1) {
      verified.keepAccepted(
          pending, env.verifySignatures(suite, VerifiedSignatures.asChecks(pending)));
    }
  }

  /**
   * A client's transaction ({@code fromValidator} null) or one a validator forwarded: admitted,
   * kept and forwarded in the next batch (see {@link Mempool} for what is forwarded when). A
   * validator that forwards a transaction kept here is noted as holding it. Returns whether it is
   * now kept (false: already final, refused by a check, or no room).
   */
  public boolean receiveTransaction(Transaction transaction, Hash id, P fromValidator) {
    if (mempool.contains(id)) {
      if (fromValidator != null) {
        mempool.heldBy(id, fromValidator);
      }
      return true;
    }
    if (ledger.isCommitted(id) || !admission(transaction, id).isAccepted()) {
      return false;
    }
    return keep(transaction, id, fromValidator);
  }

  /**
   * Keeps a client's transaction that {@link #admission} accepted in the same task (nothing can
   * have changed in between), without checking it again. Returns whether there was room.
   */
  public boolean keepAdmitted(Transaction transaction, Hash id) {
    return mempool.contains(id) || keep(transaction, id, null);
  }

  private boolean keep(Transaction transaction, Hash id, P fromValidator) {
    int bytes = Transaction.CODEC.encode(transaction).length();
    if (!mempool.add(id, transaction, bytes, now(), fromValidator)) {
      env.count("validator.mempool_full");
      return false;
    }
    armForward();
    reportMempool();
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Forwarding

  /**
   * Forwarding is best effort over a lossy network, so a transaction that still waits is forwarded
   * again, with back-off, to the validators not known to hold it: otherwise one only some
   * validators hold waits for one of them to propose, and a round change cannot help it. Forwards
   * go out in batches at most every {@link ShellLimits#forwardGapMsMin}, one message per validator,
   * so that transaction gossip cannot crowd consensus messages off the links.
   */
  private void armForward() {
    OptionalLong due = mempool.nextForwardMs();
    if (due.isEmpty() || !hooks.forwardsTransactions()) {
      return;
    }
    long at = Math.max(Math.max(due.getAsLong(), now()), gapEndMs());
    if (forwardArmedMs < 0 || at < forwardArmedMs) {
      forwardArmedMs = at;
      env.setTimer(FORWARD_TIMER, at);
    }
  }

  private long gapEndMs() {
    return lastForwardMs == Long.MIN_VALUE
        ? Long.MIN_VALUE
        : lastForwardMs + limits.forwardGapMsMin();
  }

  private void forward() {
    forwardArmedMs = -1;
    if (!hooks.forwardsTransactions()) {
      return;
    }
    List<P> peers = new ArrayList<>();
    for (P member : validatorsAt(ledger.height() + 1)) {
      if (!member.equals(env.self())) {
        peers.add(member);
      }
    }
    TreeMap<P, List<Transaction>> batches = mempool.forwardsDue(now(), peers);
    if (!batches.isEmpty()) {
      lastForwardMs = now();
    }
    for (Map.Entry<P, List<Transaction>> batch : batches.entrySet()) {
      env.count("validator.forward_batches");
      send(batch.getKey(), ChannelWire.transactions(batch.getValue()));
    }
    armForward();
  }

  /** Sends one encoding to every other member of the channel, in the order of the members. */
  private void sendToOtherMembers(Bytes wire) {
    for (P member : membership.members()) {
      if (!member.equals(env.self())) {
        send(member, wire);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Announcements and sync

  /**
   * A validator that sends a message for a height already final here missed its announcement (the
   * machine drops such messages, and with one validator ahead nothing starts its sync): it gets the
   * certified block again, at most once per re-send interval.
   */
  private void announceAgainTo(P from, Message message) {
    long height = message.height();
    if (height < 1 || height > ledger.height() || !membership.isMember(from)) {
      return;
    }
    Long last = announcedAgainMs.get(from);
    if (last != null && now() - last < setup.config().roundChangeResendMs()) {
      return;
    }
    if (!message.signed().verify(suite, ledger.validatorsOf(height)).isAccepted()) {
      return;
    }
    announcedAgainMs.put(from, now());
    env.count("validator.announced_again");
    send(from, announcement(height));
  }

  /**
   * The announcement of the final block at {@code height}; the last one is kept, as laggards are
   * mostly sent the newest block, again and again until they have it.
   */
  private Bytes announcement(long height) {
    if (height != announcedHeight) {
      announcedHeight = height;
      announced = ChannelWire.announce(ledger.block(height));
    }
    return announced;
  }

  /**
   * Sync answers come one block per message, and the network reorders them; the machine takes only
   * the block of its height. A block above it waits here (bounded, in memory) and goes to the
   * machine once the blocks below it did, so one answer can bring a lagging node up by many blocks
   * instead of the few that happened to arrive in order.
   */
  private void keepOrContinueSync(CertifiedBlock block) {
    long height = block.block().header().height();
    if (height > qbft.height()) {
      if (height - qbft.height() <= limits.syncBlocksAheadMax()) {
        syncAhead.put(height, block);
      }
      return;
    }
    while (!qbft.isHalted() && syncAhead.containsKey(qbft.height())) {
      long before = qbft.height();
      step(new Event.SyncResult(List.of(syncAhead.remove(before)), now()));
      if (qbft.height() == before) {
        break;
      }
      env.count("validator.sync_block_kept_in_order");
    }
    syncAhead.headMap(qbft.height()).clear();
  }

  /**
   * Asks {@code peer} for the final blocks from the height being decided on: what a node does when
   * it (re)connects to a member, since an idle channel announces nothing that would tell it it is
   * behind. The answer goes through the machine's sync, which checks every certificate.
   */
  public void syncWith(P peer) {
    if (qbft.isHalted() || peer.equals(env.self())) {
      return;
    }
    long from = qbft.height();
    send(peer, ChannelWire.syncRequest(from, from + limits.syncBlocksPerAnswerMax() - 1));
  }

  private void requestSync(long fromHeight, long toHeight) {
    env.count("validator.sync_requested");
    sendToOtherMembers(ChannelWire.syncRequest(fromHeight, toHeight));
  }

  /**
   * At most {@link ShellLimits#syncBlocksPerAnswerMax} blocks. Whom to answer is the environment's
   * call: the node passes on only its channel members' frames.
   */
  private void answerSync(P from, ChannelWire.SyncRequest request) {
    long first = Math.max(1, request.fromHeight());
    long last =
        Math.min(
            ledger.height(),
            Math.min(request.toHeight(), first + limits.syncBlocksPerAnswerMax() - 1));
    for (long height = first; height <= last; height++) {
      send(from, ChannelWire.syncBlock(ledger.block(height)));
    }
  }

  /**
   * A member outside the validator set hears no consensus messages, so nothing tells it that it
   * missed a block announcement: a spare the last block brought in (the only validator after a
   * 1-validator swap) would wait forever. While it does not vote it asks a random member for the
   * blocks above its height now and then; answers go through the machine's sync, which checks them.
   */
  private void armFollow() {
    if (!followArmed && !qbft.isVoting() && !qbft.isHalted()) {
      followArmed = true;
      env.setTimer(FOLLOW_TIMER, now() + limits.followPollIntervalMs());
    }
  }

  private void follow() {
    followArmed = false;
    if (qbft.isVoting()) {
      return;
    }
    List<P> others = new ArrayList<>(membership.members());
    others.remove(env.self());
    if (!others.isEmpty()) {
      env.count("validator.follow_poll");
      long from = qbft.height();
      send(
          others.get(env.randomInt(others.size())),
          ChannelWire.syncRequest(from, from + limits.syncBlocksPerAnswerMax() - 1));
    }
    armFollow();
  }

  // ---------------------------------------------------------------------------------------------
  // The machine

  private void onConsensus(Message message) {
    hooks.heard(message);
    long height = qbft.height();
    int round = qbft.round();
    step(new Event.MessageReceived(message, now()));
    if (message instanceof RoundChange && qbft.height() == height && qbft.round() > round) {
      env.count("validator.round_jump");
    }
  }

  /**
   * Hands an event to the machine and carries out its actions in order. Events that carrying out
   * produces (a built block, a verdict, an execution result) wait until the list is done, as a
   * shell's event queue would make them.
   */
  private void step(Event event) {
    pending.addLast(event);
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!pending.isEmpty()) {
        Event next = pending.removeFirst();
        List<Action> actions = qbft.step(next);
        hooks.stepped(next, actions, qbft);
        for (Action action : actions) {
          carryOut(action);
        }
        countRefusals();
        hooks.afterStep();
      }
    } finally {
      draining = false;
    }
  }

  /** Counted per consensus message the core refused: {@value #MESSAGE_REFUSED} plus the reason. */
  public static final String MESSAGE_REFUSED = "validator.message_refused.";

  private void countRefusals() {
    for (java.util.Map.Entry<String, Integer> refused : qbft.drainRefusals().entrySet()) {
      for (int i = 0; i < refused.getValue(); i++) {
        env.count(MESSAGE_REFUSED + refused.getKey());
      }
    }
  }

  private void carryOut(Action action) {
    if (action instanceof Action.Persist persist) {
      env.walAppend(persist.record().height(), Messages.encodeRecord(persist.record()));
      if (persist.record() instanceof RoundChange) {
        env.count(ROUND_CHANGE_SIGNED);
      }
    } else if (action instanceof Action.Multicast multicast) {
      Message message = multicast.message();
      hooks.sending(message);
      for (P member : validatorsAt(message.height())) {
        if (!member.equals(env.self())) {
          sendOwn(member, message);
        }
      }
    } else if (action instanceof Action.Send send) {
      Message message = send.message();
      Optional<P> to = membership.node(send.validator());
      if (to.isPresent()) {
        hooks.sending(message);
        sendOwn(to.get(), message);
      }
    } else if (action instanceof Action.ScheduleTimer schedule) {
      Timer timer = schedule.timer();
      timers.put(timer.kind(), timer);
      env.setTimer(timer.kind().name(), timer.atMs());
    } else if (action instanceof Action.CommitBlock commit) {
      commit(commit.block());
    } else if (action instanceof Action.BuildBlock build) {
      List<Transaction> batch =
          hooks.build(BlockChecks.buildable(ledger, mempool.batch(limits.batchTxsMax()), now()));
      step(new Event.BlockBuilt(build.height(), build.round(), batch, now()));
    } else if (action instanceof Action.ValidateBlock validate) {
      checkSignaturesAhead(validate.block().transactions());
      step(
          new Event.BlockValidated(
              validate.block().header().height(),
              validate.block().hash(suite),
              BlockChecks.admit(
                  suite,
                  clientKeys,
                  (transaction, id, key) -> verified.verify(suite, transaction, id, key),
                  ledger,
                  validate.block()),
              now()));
    } else if (action instanceof Action.RequestSync sync) {
      requestSync(sync.fromHeight(), sync.toHeight());
    } else if (action instanceof Action.ReportEvidence report) {
      if (evidence.size() >= io.entente.consensus.ConsensusLimits.EVIDENCE_KEPT_MAX) {
        evidence.remove(0);
      }
      evidence.add(report.evidence());
      env.count("validator.evidence");
    } else if (action instanceof Action.Halt halt) {
      halted = halt.reason() + ": " + halt.detail();
      env.count("validator.halted");
    } else {
      throw new AssertionError("unknown action " + action);
    }
  }

  private void sendOwn(P to, Message message) {
    for (Message out : hooks.outgoing(to, message)) {
      countRarePaths(to, out);
      send(to, wireOf(out));
    }
  }

  /**
   * The encoding of a consensus message; a multicast sends the same message object to every other
   * validator, so the last one is encoded once (by reference: a message is an immutable record).
   */
  private Bytes wireOf(Message message) {
    if (message != lastWireMessage) {
      lastWireMessage = message;
      lastWire = ChannelWire.consensus(message);
    }
    return lastWire;
  }

  /** Counts, once per message (for the first recipient), the rare paths a sweep must reach. */
  private void countRarePaths(P to, Message message) {
    if (!to.equals(firstOtherValidator(message.height()))
        || !message.signed().author().equals(qbft.validator())) {
      return;
    }
    if (message instanceof RoundChange) {
      env.count("validator.round_change_sent");
    } else if (message instanceof Proposal proposal && !proposal.prepares().isEmpty()) {
      env.count("validator.reproposal_of_prepared");
    }
  }

  private P firstOtherValidator(long height) {
    for (P member : validatorsAt(height)) {
      if (!member.equals(env.self())) {
        return member;
      }
    }
    return env.self();
  }

  /** Sync before the first send after any write: nothing leaves that a crash could undo. */
  private void send(P to, Bytes wire) {
    if (env.walDirty()) {
      env.walSync();
    }
    env.send(to, wire);
  }

  private void commit(CertifiedBlock block) {
    long height = block.block().header().height();
    ChannelLedger.Appended appended = ledger.appendReporting(block);
    env.commitBlock(block, appended);
    Execution executed = appended.execution();
    for (Transaction transaction : block.block().transactions()) {
      Hash id = transaction.id(suite);
      mempool.remove(id);
      verified.forget(id);
    }
    dropChangesThatNoLongerFit();
    dropUnfit(block);
    for (CommitListener listener : commitListeners) {
      listener.committed(block, appended);
    }
    sendToOtherMembers(announcement(height));
    step(
        new Event.BlockExecuted(
            height,
            executed.receiptRoot(),
            executed.stateDigest(),
            appended.result().nextDeadlineMs(),
            now()));
    reportMempool();
    armFollow();
  }

  /** Set changes waiting here that the new set makes stale: no block may take them any more. */
  private void dropChangesThatNoLongerFit() {
    ValidatorSet next = ledger.setOf(ledger.height() + 1);
    if (next == ledger.setOf(ledger.height())) {
      return;
    }
    int dropped = mempool.removeIf(t -> !BlockChecks.changeFits(next, t).isAccepted());
    for (int i = 0; i < dropped; i++) {
      env.count("validator.stale_change_dropped");
    }
  }

  /**
   * Transactions the new block made unfit to wait here: those whose window has closed by the
   * block's time, and, after a block that imported a governance decision (a revocation, say, or a
   * decision other nodes also relayed), those the application no longer admits. Otherwise every
   * proposer would keep offering them and every validator refusing its block.
   */
  private void dropUnfit(CertifiedBlock block) {
    long timeMs = block.block().header().timestampMs();
    int expired = mempool.removeIf(t -> t.body().validUntilMs() <= timeMs);
    for (int i = 0; i < expired; i++) {
      env.count("validator.expired_dropped");
    }
    if (block.block().transactions().stream().noneMatch(t -> GovernanceUpdate.isUpdate(t.body()))) {
      return;
    }
    int refused =
        mempool.removeIf(t -> !ledger.application().admit(ledger.state(), t).isAccepted());
    for (int i = 0; i < refused; i++) {
      env.count("validator.no_longer_admitted_dropped");
    }
  }

  /** The nodes of set(h), this one included if it is in it; h at most the height being decided. */
  private List<P> validatorsAt(long height) {
    ValidatorSet set = ledger.setOf(Math.min(height, ledger.height() + 1));
    if (set != nodesCachedFor) {
      nodesCachedFor = set;
      nodesCached = membership.nodesOf(set);
    }
    return nodesCached;
  }

  private void reportMempool() {
    step(new Event.TransactionsWaiting(mempool.size(), mempool.oldestArrivalMs(now()), now()));
  }

  private long now() {
    return env.nowMs();
  }
}
