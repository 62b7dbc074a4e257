package io.entente.simulation.channel;

import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.ledger.BlockChecks;
import io.entente.consensus.ledger.ChannelLedger;
import io.entente.consensus.mempool.Mempool;
import io.entente.consensus.message.DurableRecord;
import io.entente.consensus.message.Equivocation;
import io.entente.consensus.message.Message;
import io.entente.consensus.message.Messages;
import io.entente.consensus.message.Prepare;
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
import io.entente.core.chain.Transaction;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.Signer;
import io.entente.simulation.world.ChecksummedLog;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.Process;
import io.entente.simulation.world.TimerId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One QBFT validator as a simulated process: the pure {@link Qbft} machine plus a small shell that
 * carries out its actions in order on the world's disk, network and timers (DESIGN §2: sign,
 * persist, fsync, send). The write-ahead log is a {@link ChecksummedLog}; final blocks are stored
 * under {@code block/<height>} with a sync; the mempool lives in memory only.
 *
 * <p>A Byzantine validator is this same process with a {@link Conduct} that rewrites what leaves
 * it; it holds nothing but its own signer. A member outside the current validator set (a spare, or
 * a validator a change removed) is this same process too: it follows the chain and votes from the
 * height a change brings it in. Consensus messages and forwarded transactions go to set(h) of the
 * height; announcements and sync requests to every member.
 */
final class ValidatorProcess implements Process {
  static final String BLOCK_KEY_PREFIX = "block/";
  private static final TimerId FORWARD = TimerId.of("forward");
  private long forwardArmedMs = -1;
  private long lastForwardMs = Long.MIN_VALUE;
  private static final TimerId FOLLOW = TimerId.of("follow");
  private boolean followArmed;

  private final ChannelSpec spec;
  private final Signer signer;
  private final Conduct conduct;
  private final ChannelDiagnostics diagnostics;
  private final ChannelWire.Decoder decoder;
  private final Hash me;
  private Context context;
  private Qbft qbft;
  private ChannelLedger ledger;
  private final Mempool<NodeId> mempool = new Mempool<>(ChannelLimits.MEMPOOL);
  private final TreeMap<Timer.Kind, Timer> timers = new TreeMap<>();
  private final List<Equivocation> evidence = new ArrayList<>();
  private final TreeMap<String, Hash> preparesSeen = new TreeMap<>();
  private final List<String> contractBreaches = new ArrayList<>();
  private String halted;

  ValidatorProcess(ChannelSpec spec, Signer signer, Conduct conduct) {
    this(spec, signer, conduct, ChannelDiagnostics.NONE, new ChannelWire.Decoder(spec.suite()));
  }

  /** {@code decoder} is shared by the validators of one channel of one run. */
  ValidatorProcess(
      ChannelSpec spec,
      Signer signer,
      Conduct conduct,
      ChannelDiagnostics diagnostics,
      ChannelWire.Decoder decoder) {
    this.spec = spec;
    this.signer = signer;
    this.conduct = conduct;
    this.diagnostics = diagnostics;
    this.decoder = decoder;
    this.me = spec.suite().fingerprint(signer.publicKey());
  }

  // ---------------------------------------------------------------------------------------------
  // What the checkers read

  boolean isByzantine() {
    return conduct.isByzantine();
  }

  ChannelLedger ledger() {
    return ledger;
  }

  Mempool<NodeId> mempool() {
    return mempool;
  }

  List<Equivocation> evidence() {
    return evidence;
  }

  /** Conflicting PREPAREs this node received for its current height, as "author/round". */
  List<String> contractBreaches() {
    return contractBreaches;
  }

  java.util.Optional<String> halted() {
    return java.util.Optional.ofNullable(halted);
  }

  Qbft qbft() {
    return qbft;
  }

  // ---------------------------------------------------------------------------------------------
  // Process

  @Override
  public void start(Context context) {
    this.context = context;
    ledger = new ChannelLedger(spec.genesis(), spec.suite(), new CounterApplication(spec.suite()));
    for (Map.Entry<Bytes, Bytes> entry : context.disk().entries().entrySet()) {
      if (new String(entry.getKey().unsafeArray(), StandardCharsets.UTF_8)
          .startsWith(BLOCK_KEY_PREFIX)) {
        ledger.append(CertifiedBlock.CODEC.decode(entry.getValue()));
      }
    }
    ChecksummedLog.Recovery recovery = ChecksummedLog.recover(context.disk());
    if (recovery.truncated()) {
      context.count("validator.wal_torn_tail_cut");
    }
    List<DurableRecord> records = new ArrayList<>();
    for (Bytes payload : recovery.payloads()) {
      records.add(Messages.decodeRecord(payload));
    }
    if (ledger.height() > 0 || !records.isEmpty()) {
      context.count("validator.recovered");
    }
    qbft = Qbft.restart(setup(), ledger.tip(), records);
    if (diagnostics.steps(context.self())) {
      diagnostics.note(
          context.self(),
          now(),
          "started at height " + ledger.height() + " with " + records.size() + " WAL records");
    }
    step(new Event.TransactionsWaiting(0, now(), now()));
    armFollow();
  }

  private QbftSetup setup() {
    return new QbftSetup(spec.genesis(), spec.config(), signer, spec.rules(), spec.suite());
  }

  @Override
  public void onMessage(Context context, NodeId from, Bytes wire) {
    this.context = context;
    ChannelWire.Decoded decoded = decoder.decode(wire);
    if (decoded instanceof ChannelWire.Consensus consensus) {
      announceAgainTo(from, consensus.message());
      onConsensus(consensus.message());
    } else if (decoded instanceof ChannelWire.Forwarded forwarded) {
      receiveTransaction(forwarded.transaction(), forwarded.id(), memberOrNull(from));
    } else if (decoded instanceof ChannelWire.ForwardedBatch batch) {
      for (Transaction transaction : batch.transactions()) {
        receiveTransaction(transaction, transaction.id(spec.suite()), memberOrNull(from));
      }
    } else if (decoded instanceof ChannelWire.Announced announced) {
      step(new Event.CertifiedBlockReceived(announced.block(), now()));
    } else if (decoded instanceof ChannelWire.SyncRequest request) {
      answerSync(from, request);
    } else if (decoded instanceof ChannelWire.SyncBlock block) {
      step(new Event.SyncResult(List.of(block.block()), now()));
      keepOrContinueSync(block.block());
    } else if (decoded instanceof ChannelWire.Garbage) {
      context.count("validator.garbage_dropped");
    } else {
      throw new AssertionError("unknown wire message " + decoded);
    }
  }

  @Override
  public void onTimer(Context context, TimerId timerId) {
    this.context = context;
    if (timerId.equals(FORWARD)) {
      forward();
      return;
    }
    if (timerId.equals(FOLLOW)) {
      follow();
      return;
    }
    Timer.Kind kind = Timer.Kind.valueOf(timerId.name());
    Timer timer = timers.remove(kind);
    if (timer != null) {
      step(new Event.TimerFired(timer, now()));
    }
  }

  private NodeId memberOrNull(NodeId from) {
    return spec.members().contains(from) ? from : null;
  }

  /**
   * A client's transaction ({@code fromValidator} null) or one a validator forwarded: admitted,
   * kept and forwarded in the next batch (see {@link Mempool} for what is forwarded when). A
   * validator that forwards a transaction kept here is noted as holding it.
   */
  void receiveTransaction(Transaction transaction, Hash id, NodeId fromValidator) {
    if (mempool.contains(id)) {
      if (fromValidator != null) {
        mempool.heldBy(id, fromValidator);
      }
      return;
    }
    if (ledger.isCommitted(id) || !admissible(transaction)) {
      return;
    }
    int bytes = Transaction.CODEC.encode(transaction).length();
    mempool.add(id, transaction, bytes, now(), fromValidator);
    armForward();
    reportMempool();
  }

  /**
   * Forwarding is best effort over a lossy network, so a transaction that still waits is forwarded
   * again, with back-off, to the validators not known to hold it: otherwise one only some
   * validators hold waits for one of them to propose, and a round change cannot help it. Forwards
   * go out in batches at most every {@link ChannelLimits#FORWARD_GAP_MS}, one message per
   * validator, so that transaction gossip cannot crowd consensus messages off the links.
   */
  private void armForward() {
    OptionalLong due = mempool.nextForwardMs();
    if (due.isEmpty() || !conduct.forwardsTransactions(context)) {
      return;
    }
    long at = Math.max(Math.max(due.getAsLong(), now()), gapEndMs());
    if (forwardArmedMs < 0 || at < forwardArmedMs) {
      forwardArmedMs = at;
      context.setTimer(FORWARD, at);
    }
  }

  private long gapEndMs() {
    return lastForwardMs == Long.MIN_VALUE
        ? Long.MIN_VALUE
        : lastForwardMs + ChannelLimits.FORWARD_GAP_MS;
  }

  private void forward() {
    forwardArmedMs = -1;
    if (!conduct.forwardsTransactions(context)) {
      return;
    }
    List<NodeId> peers = new ArrayList<>();
    for (NodeId member : validatorsAt(ledger.height() + 1)) {
      if (!member.equals(context.self())) {
        peers.add(member);
      }
    }
    TreeMap<NodeId, List<Transaction>> batches = mempool.forwardsDue(now(), peers);
    if (!batches.isEmpty()) {
      lastForwardMs = now();
    }
    for (Map.Entry<NodeId, List<Transaction>> batch : batches.entrySet()) {
      context.count("validator.forward_batches");
      send(batch.getKey(), ChannelWire.transactions(batch.getValue()));
    }
    armForward();
  }

  /** Sends one encoding to every other member of the channel, in the order of the members. */
  private void sendToOtherMembers(Bytes wire) {
    for (NodeId member : spec.members()) {
      if (!member.equals(context.self())) {
        send(member, wire);
      }
    }
  }

  private boolean admissible(Transaction transaction) {
    var key = spec.clientKeys().get(transaction.body().submitterCertificateId());
    return key != null
        && transaction.body().channel().equals(spec.name())
        && transaction.verifySignature(spec.suite(), key).isAccepted()
        && ledger.application().admit(ledger.state(), transaction).isAccepted()
        && BlockChecks.changeFits(ledger.setOf(ledger.height() + 1), transaction).isAccepted();
  }

  /**
   * A validator that sends a message for a height already final here missed its announcement (the
   * machine drops such messages, and with one validator ahead nothing starts its sync): it gets the
   * certified block again, at most once per re-send interval.
   */
  private void announceAgainTo(NodeId from, Message message) {
    long height = message.height();
    if (height < 1 || height > ledger.height() || !spec.members().contains(from)) {
      return;
    }
    Long last = announcedAgainMs.get(from);
    if (last != null && now() - last < spec.config().roundChangeResendMs()) {
      return;
    }
    if (!message.signed().verify(spec.suite(), ledger.validatorsOf(height)).isAccepted()) {
      return;
    }
    announcedAgainMs.put(from, now());
    context.count("validator.announced_again");
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

  private long announcedHeight = -1;
  private Bytes announced;

  private final TreeMap<NodeId, Long> announcedAgainMs = new TreeMap<>();

  /**
   * Sync answers come one block per message, and the network reorders them; the machine takes only
   * the block of its height. A block above it waits here (bounded, in memory) and goes to the
   * machine once the blocks below it did, so one answer can bring a lagging node up by many blocks
   * instead of the few that happened to arrive in order.
   */
  private void keepOrContinueSync(CertifiedBlock block) {
    long height = block.block().header().height();
    if (height > qbft.height()) {
      if (height - qbft.height() <= ChannelLimits.SYNC_BLOCKS_AHEAD_MAX) {
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
      context.count("validator.sync_block_kept_in_order");
    }
    syncAhead.headMap(qbft.height()).clear();
  }

  private final TreeMap<Long, CertifiedBlock> syncAhead = new TreeMap<>();

  private void onConsensus(Message message) {
    conduct.heard(message);
    watchConflictingPrepares(message);
    long height = qbft.height();
    int round = qbft.round();
    step(new Event.MessageReceived(message, now()));
    if (message instanceof io.entente.consensus.message.RoundChange
        && qbft.height() == height
        && qbft.round() > round) {
      context.count("validator.round_jump");
    }
  }

  /**
   * Remembers the PREPAREs of the height being decided by (author, round); a second, different one
   * with a valid signature is an equivocation the machine must have reported after this step,
   * unless a PREPARE of a higher round from that author came first: the machine keeps each
   * validator's highest-round message only, and does not detect an equivocation in a round that
   * validator has left (docs/consensus.md, known limits). Old messages replayed by a Byzantine
   * validator arrive exactly so.
   */
  private void watchConflictingPrepares(Message message) {
    if (!(message instanceof Prepare prepare)
        || qbft.isHalted()
        || prepare.height() != ledger.height() + 1
        || !prepare
            .signed()
            .verify(spec.suite(), ledger.validatorsOf(ledger.height() + 1))
            .isAccepted()) {
      return;
    }
    String key = prepare.height() + "/" + prepare.author().toHex() + "/" + prepare.round();
    Hash before = preparesSeen.putIfAbsent(key, prepare.payload().digest());
    String author = prepare.height() + "/" + prepare.author().toHex();
    Integer highest = highestPrepareRounds.get(author);
    boolean detectable = highest == null || prepare.round() >= highest;
    highestPrepareRounds.merge(author, prepare.round(), Math::max);
    if (before != null && !before.equals(prepare.payload().digest()) && detectable) {
      pendingEquivocation = prepare.author();
    }
  }

  private Hash pendingEquivocation;
  private final TreeMap<String, Integer> highestPrepareRounds = new TreeMap<>();

  // ---------------------------------------------------------------------------------------------
  // Carrying out actions

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
        if (diagnostics.steps(context.self())) {
          diagnostics.step(context.self(), now(), next, actions, qbft);
        }
        for (Action action : actions) {
          carryOut(action);
        }
        checkEvidence();
      }
    } finally {
      draining = false;
    }
  }

  private final java.util.ArrayDeque<Event> pending = new java.util.ArrayDeque<>();
  private boolean draining;

  private void checkEvidence() {
    if (pendingEquivocation != null) {
      Hash author = pendingEquivocation;
      pendingEquivocation = null;
      if (!qbft.isHalted() && evidence.stream().noneMatch(e -> author.equals(e.first().author()))) {
        contractBreaches.add("conflicting PREPAREs of " + author.shortHex() + " not reported");
      }
    }
  }

  private void carryOut(Action action) {
    if (action instanceof Action.Persist persist) {
      ChecksummedLog.append(context.disk(), Messages.encodeRecord(persist.record()));
    } else if (action instanceof Action.Multicast multicast) {
      Message message = multicast.message();
      boolean unpersisted = ownAndUnpersisted(message);
      for (NodeId member : validatorsAt(message.height())) {
        if (!member.equals(context.self())) {
          sendOwn(member, message, unpersisted);
        }
      }
    } else if (action instanceof Action.Send send) {
      Message message = send.message();
      spec.node(send.validator()).ifPresent(to -> sendOwn(to, message, ownAndUnpersisted(message)));
    } else if (action instanceof Action.ScheduleTimer schedule) {
      Timer timer = schedule.timer();
      timers.put(timer.kind(), timer);
      context.setTimer(TimerId.of(timer.kind().name()), timer.atMs());
    } else if (action instanceof Action.CommitBlock commit) {
      commit(commit.block());
    } else if (action instanceof Action.BuildBlock build) {
      List<Transaction> batch =
          conduct.build(
              context, BlockChecks.buildable(ledger, mempool.batch(ChannelLimits.BATCH_TXS_MAX)));
      step(new Event.BlockBuilt(build.height(), build.round(), batch, now()));
    } else if (action instanceof Action.ValidateBlock validate) {
      step(
          new Event.BlockValidated(
              validate.block().header().height(),
              validate.block().hash(spec.suite()),
              BlockChecks.admit(
                  spec.suite(),
                  key -> java.util.Optional.ofNullable(spec.clientKeys().get(key)),
                  ledger,
                  validate.block()),
              now()));
    } else if (action instanceof Action.RequestSync sync) {
      requestSync(sync.fromHeight(), sync.toHeight());
    } else if (action instanceof Action.ReportEvidence report) {
      evidence.add(report.evidence());
      context.count("validator.evidence");
    } else if (action instanceof Action.Halt halt) {
      halted = halt.reason() + ": " + halt.detail();
      context.count("validator.halted");
    } else {
      throw new AssertionError("unknown action " + action);
    }
  }

  /**
   * The shell contract: a message this validator signed leaves only once its record is durable. A
   * message it sends again (a re-sent ROUND-CHANGE) was persisted when first signed. Whether it is
   * persisted cannot change while one action is carried out, so it is looked up once per action.
   */
  private boolean ownAndUnpersisted(Message message) {
    return message.signed().author().equals(me) && !persisted(message);
  }

  private void sendOwn(NodeId to, Message message, boolean unpersisted) {
    if (unpersisted) {
      contractBreaches.add(
          message.type() + " h" + message.height() + " r" + message.round() + " sent unpersisted");
    }
    for (Message out : conduct.outgoing(context, to, message)) {
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

  private Message lastWireMessage;
  private Bytes lastWire;

  /** Counts, once per message (for the first recipient), the rare paths a sweep must reach. */
  private void countRarePaths(NodeId to, Message message) {
    if (!to.equals(firstOtherValidator(message.height()))
        || !message.signed().author().equals(me)) {
      return;
    }
    if (message instanceof io.entente.consensus.message.RoundChange) {
      context.count("validator.round_change_sent");
    } else if (message instanceof io.entente.consensus.message.Proposal proposal
        && !proposal.prepares().isEmpty()) {
      context.count("validator.reproposal_of_prepared");
    }
  }

  private NodeId firstOtherValidator(long height) {
    for (NodeId member : validatorsAt(height)) {
      if (!member.equals(context.self())) {
        return member;
      }
    }
    return context.self();
  }

  private boolean persisted(Message message) {
    Bytes encoded = Messages.encodeRecord(message);
    List<Bytes> log = context.disk().log();
    for (int i = log.size() - 1;
        i >= 0 && i >= log.size() - ChannelLimits.WAL_LOOKBACK_RECORDS;
        i--) {
      if (ChecksummedLog.payload(log.get(i)).equals(encoded)) {
        return true;
      }
    }
    return false;
  }

  /** Sync before the first send after any write: nothing leaves that a crash could undo. */
  private void send(NodeId to, Bytes wire) {
    if (context.disk().lastWriteSequence() > context.disk().lastSyncedSequence()) {
      context.disk().sync();
    }
    context.send(to, wire);
  }

  private void commit(CertifiedBlock block) {
    long height = block.block().header().height();
    context.disk().put(blockKey(height), CertifiedBlock.CODEC.encode(block));
    context.disk().truncateLog(0);
    context.disk().sync();
    Execution executed = ledger.append(block);
    for (Transaction transaction : block.block().transactions()) {
      mempool.remove(transaction.id(spec.suite()));
    }
    dropChangesThatNoLongerFit();
    preparesSeen.headMap(height + 1 + "/").clear();
    highestPrepareRounds.headMap(height + 1 + "/").clear();
    sendToOtherMembers(announcement(height));
    step(
        new Event.BlockExecuted(
            height, executed.receiptRoot(), executed.stateDigest(), OptionalLong.empty(), now()));
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
      context.count("validator.stale_change_dropped");
    }
  }

  /** The nodes of set(h), this one included if it is in it; h at most the height being decided. */
  private List<NodeId> validatorsAt(long height) {
    ValidatorSet set = ledger.setOf(Math.min(height, ledger.height() + 1));
    if (set != nodesCachedFor) {
      nodesCachedFor = set;
      nodesCached = spec.nodesOf(set);
    }
    return nodesCached;
  }

  private ValidatorSet nodesCachedFor;
  private List<NodeId> nodesCached;

  /**
   * A member outside the validator set hears no consensus messages, so nothing tells it that it
   * missed a block announcement: a spare the last block brought in (the only validator after a
   * 1-validator swap) would wait forever. While it does not vote it asks a random member for the
   * blocks above its height now and then; answers go through the machine's sync, which checks them.
   */
  private void armFollow() {
    if (!followArmed && !qbft.isVoting() && !qbft.isHalted()) {
      followArmed = true;
      context.setTimer(FOLLOW, now() + ChannelLimits.FOLLOW_POLL_INTERVAL_MS);
    }
  }

  private void follow() {
    followArmed = false;
    if (qbft.isVoting()) {
      return;
    }
    List<NodeId> others = new ArrayList<>(spec.members());
    others.remove(context.self());
    if (!others.isEmpty()) {
      context.count("validator.follow_poll");
      long from = qbft.height();
      send(
          others.get(context.random().nextInt(others.size())),
          ChannelWire.syncRequest(from, from + ChannelLimits.SYNC_BLOCKS_PER_ANSWER_MAX - 1));
    }
    armFollow();
  }

  private void reportMempool() {
    step(new Event.TransactionsWaiting(mempool.size(), mempool.oldestArrivalMs(now()), now()));
  }

  private void requestSync(long fromHeight, long toHeight) {
    context.count("validator.sync_requested");
    sendToOtherMembers(ChannelWire.syncRequest(fromHeight, toHeight));
  }

  private void answerSync(NodeId from, ChannelWire.SyncRequest request) {
    long first = Math.max(1, request.fromHeight());
    long last =
        Math.min(
            ledger.height(),
            Math.min(request.toHeight(), first + ChannelLimits.SYNC_BLOCKS_PER_ANSWER_MAX - 1));
    for (long height = first; height <= last; height++) {
      send(from, ChannelWire.syncBlock(ledger.block(height)));
    }
  }

  /** {@code block/} and the height in 20 digits ({@code %020d}, written out: it runs per block). */
  static Bytes blockKey(long height) {
    if (height < 0) {
      throw new IllegalArgumentException("height " + height);
    }
    String digits = Long.toString(height);
    return Bytes.wrapUnsafe(
        (BLOCK_KEY_PREFIX + "0".repeat(20 - digits.length()) + digits)
            .getBytes(StandardCharsets.UTF_8));
  }

  private long now() {
    return context.nowMs();
  }
}
