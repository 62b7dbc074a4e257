package io.entente.simulation.channel;

import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.ledger.BlockSource;
import io.entente.consensus.ledger.ChannelLedger;
import io.entente.consensus.mempool.Mempool;
import io.entente.consensus.message.Equivocation;
import io.entente.consensus.message.Message;
import io.entente.consensus.message.Messages;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.qbft.Action;
import io.entente.consensus.qbft.Event;
import io.entente.consensus.qbft.Qbft;
import io.entente.consensus.qbft.QbftSetup;
import io.entente.consensus.shell.ChannelShell;
import io.entente.consensus.shell.ShellEnvironment;
import io.entente.consensus.shell.ShellHooks;
import io.entente.consensus.shell.ShellLimits;
import io.entente.consensus.wire.ChannelWire;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Transaction;
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
import java.util.Optional;
import java.util.TreeMap;

/**
 * One validator as a simulated process: the node's own {@link ChannelShell} (the pure {@link Qbft}
 * machine, the ledger, the mempool and the shell that carries out the machine's actions) on the
 * world's disk, network and timers. The write-ahead log is a {@link ChecksummedLog}; final blocks
 * are stored under {@code block/<height>} with a sync; the mempool lives in memory only.
 *
 * <p>A Byzantine validator is this same process with a {@link Conduct} that rewrites what leaves
 * it; it holds nothing but its own signer. The checkers' probes sit in the shell's {@link
 * ShellHooks}: the shell contract (a message this validator signed leaves only once its record is
 * durable) and conflicting PREPAREs the machine must report.
 */
final class ValidatorProcess implements Process {
  static final String BLOCK_KEY_PREFIX = "block/";

  private final ChannelSpec spec;
  private final Signer signer;
  private final Conduct conduct;
  private final ChannelDiagnostics diagnostics;
  private final ChannelWire.Decoder decoder;
  private final Hash me;
  private final List<String> contractBreaches = new ArrayList<>();
  private final TreeMap<String, Hash> preparesSeen = new TreeMap<>();
  private final TreeMap<String, Integer> highestPrepareRounds = new TreeMap<>();
  private Context context;
  private ChannelShell<NodeId> shell;

  /**
   * This incarnation's final blocks, the ledger's source of those below its window: the simulator
   * has no store to read them from, and its disk is the world's to fail.
   */
  private BlockSource.InMemory stored;

  private Hash pendingEquivocation;
  private boolean sendingUnpersisted;

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

  static final ShellLimits LIMITS =
      new ShellLimits(
          ChannelLimits.BATCH_TXS_MAX,
          ChannelLimits.SYNC_BLOCKS_PER_ANSWER_MAX,
          ChannelLimits.SYNC_BLOCKS_AHEAD_MAX,
          ChannelLimits.FORWARD_GAP_MS,
          ChannelLimits.FOLLOW_POLL_INTERVAL_MS,
          ChannelLimits.MEMPOOL);

  // ---------------------------------------------------------------------------------------------
  // What the checkers read

  boolean isByzantine() {
    return conduct.isByzantine();
  }

  ChannelLedger ledger() {
    return shell == null ? null : shell.ledger();
  }

  Mempool<NodeId> mempool() {
    return shell.mempool();
  }

  List<Equivocation> evidence() {
    return shell.evidence();
  }

  /** Breaches of the shell contract seen in this incarnation. */
  List<String> contractBreaches() {
    return contractBreaches;
  }

  Optional<String> halted() {
    return shell.halted();
  }

  Qbft qbft() {
    return shell == null ? null : shell.qbft();
  }

  /** A client's transaction, or one forwarded by {@code fromValidator}. */
  void receiveTransaction(Transaction transaction, Hash id, NodeId fromValidator) {
    shell.receiveTransaction(transaction, id, fromValidator);
  }

  // ---------------------------------------------------------------------------------------------
  // Process

  /**
   * The counter application; in a channel anchored to governance, inside the ledger application
   * that imports governance decisions, as a node runs it.
   */
  private static io.entente.consensus.app.Application application(ChannelSpec spec) {
    CounterApplication counter = new CounterApplication(spec.suite());
    if (spec.genesis().governance().isEmpty()) {
      return counter;
    }
    return new io.entente.consensus.ledger.LedgerApplication(
        spec.suite(), spec.genesis().governance(), counter, id -> Optional.empty());
  }

  @Override
  public void start(Context context) {
    this.context = context;
    stored = new BlockSource.InMemory();
    for (Map.Entry<Bytes, Bytes> entry : context.disk().entries().entrySet()) {
      if (new String(entry.getKey().unsafeArray(), StandardCharsets.UTF_8)
          .startsWith(BLOCK_KEY_PREFIX)) {
        stored.add(CertifiedBlock.CODEC.decode(entry.getValue()));
      }
    }
    ChecksummedLog.Recovery recovery = ChecksummedLog.recover(context.disk());
    if (recovery.truncated()) {
      context.count("validator.wal_torn_tail_cut");
    }
    shell =
        new ChannelShell<>(
            new QbftSetup(spec.genesis(), spec.config(), signer, spec.rules(), spec.suite()),
            application(spec),
            spec,
            key -> Optional.ofNullable(spec.clientKeys().get(key)),
            LIMITS,
            new Environment(),
            new Probes(),
            decoder,
            stored,
            stored.height(),
            recovery.payloads().stream().map(Messages::decodeRecord).toList(),
            false);
    shell.addCommitListener((block, executed) -> forgetPreparesUpTo(block));
    if (diagnostics.steps(context.self())) {
      diagnostics.note(
          context.self(),
          now(),
          "started at height "
              + shell.ledger().height()
              + " with "
              + recovery.payloads().size()
              + " WAL records");
    }
    shell.start();
  }

  @Override
  public void onMessage(Context context, NodeId from, Bytes wire) {
    this.context = context;
    shell.onWire(from, wire);
  }

  @Override
  public void onTimer(Context context, TimerId timerId) {
    this.context = context;
    shell.onTimer(timerId.name());
  }

  private long now() {
    return context.nowMs();
  }

  /** The world as the shell sees it: this incarnation's disk, network, timers and generator. */
  private final class Environment implements ShellEnvironment<NodeId> {
    @Override
    public long nowMs() {
      return context.nowMs();
    }

    @Override
    public NodeId self() {
      return context.self();
    }

    @Override
    public void send(NodeId to, Bytes wire) {
      context.send(to, wire);
    }

    @Override
    public void setTimer(String name, long atMs) {
      context.setTimer(TimerId.of(name), atMs);
    }

    @Override
    public void walAppend(long height, Bytes record) {
      ChecksummedLog.append(context.disk(), record);
    }

    @Override
    public boolean walDirty() {
      return context.disk().lastWriteSequence() > context.disk().lastSyncedSequence();
    }

    @Override
    public void walSync() {
      context.disk().sync();
    }

    @Override
    public void commitBlock(CertifiedBlock block, ChannelLedger.Appended executed) {
      long height = block.block().header().height();
      stored.add(block);
      context.disk().put(blockKey(height), CertifiedBlock.CODEC.encode(block));
      context.disk().truncateLog(0);
      context.disk().sync();
    }

    @Override
    public void count(String name) {
      context.count(name);
    }

    @Override
    public int randomInt(int bound) {
      return context.random().nextInt(bound);
    }
  }

  /** The conduct (honest or Byzantine) and the checkers' probes. */
  private final class Probes implements ShellHooks<NodeId> {
    @Override
    public boolean forwardsTransactions() {
      return conduct.forwardsTransactions(context);
    }

    @Override
    public List<Transaction> build(List<Transaction> batch) {
      return conduct.build(context, batch);
    }

    /**
     * The shell contract: a message this validator signed leaves only once its record is durable. A
     * message it sends again (a re-sent ROUND-CHANGE) was persisted when first signed. Whether it
     * is persisted cannot change while one action is carried out, so it is looked up once per
     * action.
     */
    @Override
    public void sending(Message message) {
      sendingUnpersisted = message.signed().author().equals(me) && !persisted(message);
    }

    @Override
    public List<Message> outgoing(NodeId to, Message message) {
      if (sendingUnpersisted) {
        contractBreaches.add(
            message.type()
                + " h"
                + message.height()
                + " r"
                + message.round()
                + " sent unpersisted");
      }
      return conduct.outgoing(context, to, message);
    }

    @Override
    public void heard(Message message) {
      conduct.heard(message);
      watchConflictingPrepares(message);
    }

    @Override
    public void stepped(Event event, List<Action> actions, Qbft qbft) {
      if (diagnostics.steps(context.self())) {
        diagnostics.step(context.self(), now(), event, actions, qbft);
      }
    }

    @Override
    public void afterStep() {
      checkEvidence();
    }
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

  /**
   * Remembers the PREPAREs of the height being decided by (author, round); a second, different one
   * with a valid signature is an equivocation the machine must have reported after this step,
   * unless a PREPARE of a higher round from that author came first: the machine keeps each
   * validator's highest-round message only, and does not detect an equivocation in a round that
   * validator has left (docs/consensus.md, known limits). Old messages replayed by a Byzantine
   * validator arrive exactly so.
   */
  private void watchConflictingPrepares(Message message) {
    ChannelLedger ledger = shell.ledger();
    if (!(message instanceof Prepare prepare)
        || shell.qbft().isHalted()
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

  /**
   * Only PREPAREs of the height being decided are remembered, so once it is final none is needed (a
   * string range by height would not do: "10/" sorts before "9/").
   */
  private void forgetPreparesUpTo(CertifiedBlock block) {
    preparesSeen.clear();
    highestPrepareRounds.clear();
  }

  private void checkEvidence() {
    if (pendingEquivocation != null) {
      Hash author = pendingEquivocation;
      pendingEquivocation = null;
      if (!shell.qbft().isHalted()
          && shell.evidence().stream().noneMatch(e -> author.equals(e.first().author()))) {
        contractBreaches.add("conflicting PREPAREs of " + author.shortHex() + " not reported");
      }
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
}
