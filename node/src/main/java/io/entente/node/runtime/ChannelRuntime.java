package io.entente.node.runtime;

import io.entente.consensus.app.Application;
import io.entente.consensus.ledger.ChannelLedger;
import io.entente.consensus.message.Equivocation;
import io.entente.consensus.qbft.Execution;
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
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.node.api.ChannelHealth;
import io.entente.node.p2p.PeerId;
import io.entente.node.storage.ChannelRecovery;
import io.entente.node.storage.ChannelStore;
import io.entente.node.storage.Wal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One channel of a running node: the channel's {@link ChannelShell} (the same shell the simulator
 * sweeps) on real storage, a real network and the system clock. One thread owns the shell; p2p
 * threads, API threads and timers only put tasks in its bounded inbox (DESIGN §1 "Runtime shell").
 *
 * <p>Durability (DESIGN §2): the shell appends every message it signs to the write-ahead log and
 * syncs it before the next send; a final block goes to RocksDB with its receipts, transaction index
 * and state in one synced batch before anyone is told, and only then is the log cut.
 *
 * <p>A full inbox refuses network frames (the protocol re-sends) and client submissions (the API
 * answers 503 with Retry-After); timers always get in (a timer task waits for room). A failure of
 * the shell or the store stops the channel with the cause, which {@link #failure} reports; the node
 * keeps serving its other channels.
 */
public final class ChannelRuntime implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ChannelRuntime.class.getName());

  /** Counted when the write-ahead log's torn tail was cut on opening. */
  public static final String WAL_TORN_TAIL_CUT = "runtime.wal_torn_tail_cut";

  /** Counted per network frame dropped because the channel's inbox was full. */
  public static final String INBOX_FULL_DROPPED = "runtime.inbox_full_dropped";

  /** A queued frame of a peer whose session was revoked meanwhile, dropped. */
  public static final String FRAME_FROM_REVOKED_DROPPED = "runtime.frame_from_revoked_dropped";

  /**
   * Counted per client transaction submitted again once final or waiting here: it is answered with
   * its original outcome and changes nothing.
   */
  public static final String TX_REPLAYED = "runtime.tx_replayed";

  /** Counted per client transaction a check refused, with the check's reason appended. */
  public static final String CHECK_REJECTED = "runtime.check_rejected.";

  /** What a client's transaction became, per transaction of one submission. */
  public sealed interface Admission {
    Hash txId();

    /** Kept in the mempool and forwarded; not durable until final. */
    record Accepted(Hash txId) implements Admission {}

    /** Already final: at this height and index. */
    record Final(Hash txId, long height, int index) implements Admission {}

    /** Refused by a check; nothing changed. */
    record Rejected(Hash txId, String reason, String detail) implements Admission {}

    /** No room in the mempool or the inbox; nothing changed, retry later. */
    record Full(Hash txId) implements Admission {}
  }

  /**
   * Told of every final block once it is durable (with its receipts and events) and executed, on
   * the channel's thread; must not block.
   */
  public interface CommitListener {
    void committed(CertifiedBlock block, ChannelLedger.Appended executed);
  }

  private final String channel;
  private final CryptoSuite suite;
  private final PeerId self;
  private final ChannelTransport transport;
  private final ScheduledExecutorService timers;
  private final SignatureWorkers signatures;
  private final LongSupplier clock;
  private final NodeEvents events;
  private final TreeMap<Hash, Long> admittedAtMs = new TreeMap<>();
  private final RuntimeProbe probe;
  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger externalTasks =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Thread thread;
  private final ChannelStore store;
  private final Wal wal;
  private final ChannelShell<PeerId> shell;
  private final Map<String, ScheduledFuture<?>> scheduled = new TreeMap<>();
  private final TreeMap<Hash, List<CompletableFuture<Admission.Final>>> waiting = new TreeMap<>();
  private final SecureRandom random = new SecureRandom();
  private final List<CommitListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile java.util.function.Predicate<PeerId> refusedPeers = peer -> false;
  private volatile boolean walDirty;
  private volatile Throwable failure;
  private volatile boolean closed;
  private volatile ChannelSnapshot snapshot;
  private final ArrayDeque<ChannelHealth.RoundChangeSeen> roundChanges = new ArrayDeque<>();
  private final PeerMembership membership;

  /**
   * Opens the channel's store and write-ahead log under {@code dataDirectory} (the log first, see
   * {@link ChannelRecovery}), rebuilds the chain and starts the channel's thread.
   */
  public ChannelRuntime(
      QbftSetup setup,
      Application application,
      PeerMembership membership,
      PeerId self,
      java.util.function.Function<Hash, Optional<io.entente.core.crypto.PublicKey>> clientKeys,
      ShellLimits limits,
      Path dataDirectory,
      ChannelTransport transport,
      ScheduledExecutorService timers,
      SignatureWorkers signatures,
      LongSupplier clock,
      NodeEvents events,
      RuntimeProbe probe) {
    this.channel = setup.genesis().channel();
    this.probe = Objects.requireNonNull(probe, "probe");
    this.suite = setup.suite();
    this.self = Objects.requireNonNull(self, "self");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.signatures = Objects.requireNonNull(signatures, "signatures");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
    this.membership = membership;
    if (!membership.isMember(self)) {
      throw new IllegalArgumentException(
          "this node " + self + " is not a member of channel '" + channel + "'");
    }
    Wal openedWal = null;
    ChannelStore openedStore = null;
    ChannelRecovery recovery;
    try {
      openedWal = Wal.open(dataDirectory.resolve("wal"));
      if (openedWal.bytesTruncated() > 0) {
        events.count(channel, WAL_TORN_TAIL_CUT);
      }
      openedStore =
          ChannelStore.open(
              dataDirectory.resolve("store"),
              setup.genesis(),
              ChannelLedger.genesisExecution(suite));
      recovery = ChannelRecovery.recover(openedStore, openedWal);
      this.wal = openedWal;
      this.store = openedStore;
      this.shell =
          new ChannelShell<>(
              setup,
              application,
              membership,
              clientKeys,
              limits,
              new Environment(),
              ShellHooks.honest(),
              // Each message reaches one receiver in a node: a decoded-message cache gains nothing.
              new ChannelWire.Decoder(suite, 0),
              new StoredBlocks(openedStore),
              openedStore.height(),
              recovery.records(),
              recovery.withoutLogReason().isPresent());
    } catch (RuntimeException | Error e) {
      // Nothing half-open stays behind: the log file and the store's lock are released.
      if (openedStore != null) {
        openedStore.close();
      }
      if (openedWal != null) {
        openedWal.close();
      }
      throw e;
    }
    shell.addCommitListener(this::onCommitted);
    LOG.log(
        System.Logger.Level.INFO,
        "channel '"
            + channel
            + "' opened at height "
            + store.height()
            + (recovery.records().isEmpty()
                ? ""
                : ", " + recovery.records().size() + " log records")
            + recovery.withoutLogReason().map(r -> ", without its log: " + r).orElse(""));
    this.thread = new Thread(this::loop, "channel-" + channel);
    this.thread.setDaemon(true);
    publishSnapshot();
    thread.start();
    enqueueInternal(shell::start);
  }

  public String channel() {
    return channel;
  }

  /** The cause that stopped the channel, if it stopped. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** What the status and metrics read, published by the channel's thread after every task. */
  public ChannelSnapshot snapshot() {
    return snapshot;
  }

  public void addCommitListener(CommitListener listener) {
    listeners.add(listener);
  }

  /**
   * Frames of peers {@code refused} names are dropped when their turn comes on the channel's
   * thread, so none queued before a revocation is handled after it (docs/p2p.md, "Trust follows
   * governance"). Must be cheap and must not block.
   */
  public void refuseFramesOf(java.util.function.Predicate<PeerId> refused) {
    this.refusedPeers = refused;
  }

  /** Reads of final data; safe from any thread (RocksDB reads). */
  public ChannelStore store() {
    return store;
  }

  // ---------------------------------------------------------------------------------------------
  // In

  /** A wire message from member node {@code from}; false when the inbox is full (dropped). */
  public boolean deliver(PeerId from, Bytes wire) {
    boolean queued =
        offer(
            () -> {
              if (refusedPeers.test(from)) {
                events.count(channel, FRAME_FROM_REVOKED_DROPPED);
                return;
              }
              probe.delivered(channel, from);
              shell.onWire(from, wire);
            });
    if (!queued) {
      events.count(channel, INBOX_FULL_DROPPED);
    }
    return queued;
  }

  /** Asks member {@code peer} for the blocks this node lacks (called when it connects). */
  public void syncWith(PeerId peer) {
    offer(() -> shell.syncWith(peer));
  }

  /**
   * Admits a client's transactions into the mempool (each is forwarded to the validators), waiting
   * at most {@code timeoutMs} for the channel's thread. All or nothing for room: when the mempool
   * (or the inbox) cannot take every new one, none is taken and each new one is {@link
   * Admission.Full}. A timed-out submission is never admitted afterwards: the task and the waiter
   * claim it once, whoever comes first.
   */
  public List<Admission> submit(List<Transaction> transactions, long timeoutMs) {
    java.util.concurrent.atomic.AtomicBoolean claimed =
        new java.util.concurrent.atomic.AtomicBoolean();
    CompletableFuture<List<Admission>> result = new CompletableFuture<>();
    boolean queued =
        offer(
            () -> {
              if (claimed.compareAndSet(false, true)) {
                result.complete(admit(transactions));
              }
            });
    if (!queued) {
      return full(transactions);
    }
    try {
      return result.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      if (claimed.compareAndSet(false, true)) {
        return full(transactions);
      }
      // The channel's thread is admitting them right now: the answer is moments away.
      return result.join();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("admission failed in channel '" + channel + "'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return full(transactions);
    }
  }

  /**
   * Runs the application's read request on this channel's thread against the state after the last
   * executed block. Empty when the channel is stopped, its inbox is full or the answer does not
   * come within {@code timeoutMs}. A query that throws is a bug in the application's read path: it
   * is logged and answered as empty, and the channel goes on (a query writes nothing).
   */
  public Optional<Application.QueryResult> query(
      Application.Caller caller, Bytes request, long timeoutMs) {
    return onThread(
        () -> {
          try {
            return shell.ledger().application().query(shell.ledger().state(), caller, request);
          } catch (RuntimeException e) {
            LOG.log(
                System.Logger.Level.ERROR,
                "a read request failed in channel '" + channel + "': " + e.getMessage(),
                e);
            throw e;
          }
        },
        timeoutMs);
  }

  /**
   * What this node has heard of the channel's member nodes, its recent round changes and the
   * equivocation evidence it keeps, read on the channel's thread. Empty when the channel is
   * stopped, its inbox is full or the answer does not come within {@code timeoutMs}.
   */
  public Optional<Observation> observe(long timeoutMs) {
    return onThread(
        () -> {
          try {
            long height = shell.ledger().height();
            return new Observation(
                height,
                new TreeMap<>(shell.heardFrom()),
                List.copyOf(membership.nodesOf(shell.ledger().setOf(height + 1))),
                List.copyOf(roundChanges),
                List.copyOf(shell.evidence()));
          } catch (RuntimeException e) {
            LOG.log(
                System.Logger.Level.ERROR,
                "reading the health of channel '" + channel + "' failed: " + e.getMessage(),
                e);
            throw e;
          }
        },
        timeoutMs);
  }

  /**
   * A channel's view of its member nodes (see {@link #observe}).
   *
   * @param height this node's last final height
   * @param heard what was last heard from each member node that sent anything
   * @param validatorNodes the nodes of the next height's validators
   * @param roundChanges recent round changes, newest first
   * @param evidence the equivocation evidence kept
   */
  public record Observation(
      long height,
      SortedMap<PeerId, ChannelShell.Heard> heard,
      List<PeerId> validatorNodes,
      List<ChannelHealth.RoundChangeSeen> roundChanges,
      List<Equivocation> evidence) {}

  /**
   * Runs {@code task} on the channel's thread and waits up to {@code timeoutMs} for its answer;
   * empty when the inbox is full, the task fails or the answer is late (the task is then skipped if
   * it has not started).
   */
  private <T> Optional<T> onThread(Supplier<T> task, long timeoutMs) {
    CompletableFuture<T> result = new CompletableFuture<>();
    boolean queued =
        offer(
            () -> {
              if (result.isDone()) {
                return;
              }
              try {
                result.complete(task.get());
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    if (!queued) {
      return Optional.empty();
    }
    try {
      return Optional.of(result.get(timeoutMs, TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      result.cancel(false);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private List<Admission> full(List<Transaction> transactions) {
    List<Admission> full = new ArrayList<>();
    for (Transaction transaction : transactions) {
      full.add(new Admission.Full(transaction.id(suite)));
    }
    return full;
  }

  /**
   * Completes once {@code txId} is final here, with its height and index; fails with {@link
   * java.util.concurrent.TimeoutException} after {@code timeoutMs}.
   */
  public CompletableFuture<Admission.Final> awaitFinal(Hash txId, long timeoutMs) {
    CompletableFuture<Admission.Final> result = new CompletableFuture<>();
    Optional<ChannelStore.TxLocation> known = store.transaction(txId);
    if (known.isPresent()) {
      result.complete(new Admission.Final(txId, known.get().height(), known.get().index()));
      return result;
    }
    if (closed || failure != null) {
      result.completeExceptionally(
          new IllegalStateException("channel '" + channel + "' is stopped"));
      return result;
    }
    enqueueInternal(
        () -> {
          Optional<ChannelStore.TxLocation> now = store.transaction(txId);
          if (now.isPresent()) {
            result.complete(new Admission.Final(txId, now.get().height(), now.get().index()));
          } else if (!result.isDone()) {
            waiting.computeIfAbsent(txId, id -> new ArrayList<>()).add(result);
          }
        });
    ScheduledFuture<?> timeout =
        timers.schedule(
            () -> {
              if (result.completeExceptionally(
                  new java.util.concurrent.TimeoutException(
                      txId.shortHex() + " not final in " + timeoutMs + " ms"))) {
                enqueueInternal(() -> forgetWaiter(txId, result));
              }
            },
            timeoutMs,
            TimeUnit.MILLISECONDS);
    result.whenComplete((done, error) -> timeout.cancel(false));
    return result;
  }

  private void forgetWaiter(Hash txId, CompletableFuture<Admission.Final> future) {
    List<CompletableFuture<Admission.Final>> futures = waiting.get(txId);
    if (futures != null) {
      futures.remove(future);
      if (futures.isEmpty()) {
        waiting.remove(txId);
      }
    }
  }

  private List<Admission> admit(List<Transaction> transactions) {
    List<Admission> admissions = new ArrayList<>();
    List<Transaction> fresh = new ArrayList<>();
    long bytes = 0;
    shell.checkSignaturesAhead(transactions);
    for (Transaction transaction : transactions) {
      Hash id = transaction.id(suite);
      Optional<ChannelStore.TxLocation> done = store.transaction(id);
      if (done.isPresent()) {
        events.count(channel, TX_REPLAYED);
        admissions.add(new Admission.Final(id, done.get().height(), done.get().index()));
        continue;
      }
      if (shell.mempool().contains(id)) {
        events.count(channel, TX_REPLAYED);
        admissions.add(new Admission.Accepted(id));
        continue;
      }
      Check check = shell.admission(transaction);
      if (check instanceof Check.Rejected rejected) {
        events.count(channel, CHECK_REJECTED + rejected.reason());
        admissions.add(new Admission.Rejected(id, rejected.reason(), rejected.detail()));
        continue;
      }
      admissions.add(null);
      fresh.add(transaction);
      bytes += Transaction.CODEC.encode(transaction).length();
    }
    boolean room = fresh.isEmpty() || shell.mempool().fits(fresh.size(), bytes);
    int next = 0;
    for (int i = 0; i < admissions.size(); i++) {
      if (admissions.get(i) != null) {
        continue;
      }
      Transaction transaction = fresh.get(next++);
      Hash id = transaction.id(suite);
      if (room && shell.keepAdmitted(transaction, id)) {
        admissions.set(i, new Admission.Accepted(id));
        if (admittedAtMs.size() < RuntimeLimits.LATENCIES_TRACKED_MAX) {
          admittedAtMs.putIfAbsent(id, clock.getAsLong());
        }
      } else {
        admissions.set(i, new Admission.Full(id));
      }
    }
    return admissions;
  }

  // ---------------------------------------------------------------------------------------------
  // The channel's thread

  /**
   * An outside task (a frame, a submission): refused when {@link RuntimeLimits#INBOX_TASKS_MAX} of
   * them wait.
   */
  private boolean offer(Runnable task) {
    if (closed || failure != null) {
      return false;
    }
    if (externalTasks.incrementAndGet() > RuntimeLimits.INBOX_TASKS_MAX) {
      externalTasks.decrementAndGet();
      return false;
    }
    inbox.add(
        () -> {
          externalTasks.decrementAndGet();
          task.run();
        });
    return true;
  }

  /**
   * The channel's own tasks (fired timers, commit waits) are never refused and never block the
   * caller (the node's one timer thread serves every channel); they are few by construction: a
   * timer fires once per setting and is replaced by name, a wait is one per waiting request.
   */
  private void enqueueInternal(Runnable task) {
    if (closed || failure != null) {
      return;
    }
    inbox.add(task);
  }

  /** Ends the loop once the tasks before it are done; never interrupts a write in progress. */
  private static final Runnable STOP = () -> {};

  private void loop() {
    while (true) {
      Runnable task;
      try {
        task = inbox.take();
      } catch (InterruptedException e) {
        break;
      }
      if (task == STOP) {
        break;
      }
      try {
        task.run();
        publishSnapshot();
      } catch (RuntimeException | Error e) {
        failure = e;
        LOG.log(
            System.Logger.Level.ERROR, "channel '" + channel + "' stopped: " + e.getMessage(), e);
        publishSnapshot();
        break;
      }
    }
  }

  private void publishSnapshot() {
    noteRoundChange();
    snapshot =
        new ChannelSnapshot(
            channel,
            shell.ledger().height(),
            shell.ledger().height() == 0
                ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(
                    shell.ledger().block(shell.ledger().height()).block().header().timestampMs()),
            shell.qbft().round(),
            shell.qbft().isVoting(),
            shell.ledger().setOf(shell.ledger().height() + 1).validators().size(),
            shell.mempool().size(),
            shell.mempool().bytes(),
            shell.evidence().size(),
            Math.max(shell.ledger().height(), shell.highestHeardHeight()),
            shell.halted());
  }

  /** Keeps the last few rounds above 0 this node moved to, for operators (channel thread). */
  private void noteRoundChange() {
    ChannelSnapshot before = snapshot;
    long height = shell.ledger().height() + 1;
    int round = shell.qbft().round();
    boolean moved =
        round > 0 && (before == null || before.height() + 1 != height || before.round() < round);
    if (moved) {
      if (roundChanges.size() == ChannelHealth.ROUND_CHANGES_KEPT) {
        roundChanges.removeLast();
      }
      roundChanges.addFirst(new ChannelHealth.RoundChangeSeen(height, round, clock.getAsLong()));
    }
  }

  private void onCommitted(CertifiedBlock block, ChannelLedger.Appended executed) {
    long height = block.block().header().height();
    List<Transaction> transactions = block.block().transactions();
    for (int index = 0; index < transactions.size(); index++) {
      Hash id = transactions.get(index).id(suite);
      Long admitted = admittedAtMs.remove(id);
      if (admitted != null) {
        events.commitLatency(channel, clock.getAsLong() - admitted);
      }
      List<CompletableFuture<Admission.Final>> futures = waiting.remove(id);
      if (futures != null) {
        for (CompletableFuture<Admission.Final> future : futures) {
          future.complete(new Admission.Final(id, height, index));
        }
      }
    }
    for (CommitListener listener : listeners) {
      listener.committed(block, executed);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (scheduled) {
      scheduled.values().forEach(future -> future.cancel(false));
      scheduled.clear();
    }
    inbox.add(STOP);
    try {
      thread.join(RuntimeLimits.CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      // Closing RocksDB or the log under a live writer could corrupt them; leave them to the
      // process's end, which the log and the store survive.
      LOG.log(
          System.Logger.Level.WARNING,
          "channel '"
              + channel
              + "' did not finish its task within "
              + RuntimeLimits.CLOSE_WAIT_MS
              + " ms; its log and store stay open");
      return;
    }
    List<CompletableFuture<Admission.Final>> pending = new ArrayList<>();
    waiting.values().forEach(pending::addAll);
    waiting.clear();
    for (CompletableFuture<Admission.Final> future : pending) {
      future.completeExceptionally(new IllegalStateException("channel '" + channel + "' stopped"));
    }
    wal.close();
    store.close();
  }

  /** The world as the shell sees it, on the channel's thread. */
  private final class Environment implements ShellEnvironment<PeerId> {
    @Override
    public long nowMs() {
      return clock.getAsLong();
    }

    @Override
    public PeerId self() {
      return self;
    }

    @Override
    public void send(PeerId to, Bytes wire) {
      if (walDirty) {
        throw new IllegalStateException("a send with unsynced log records");
      }
      probe.sent(channel, to, wire);
      transport.send(to, channel, wire);
    }

    @Override
    public void setTimer(String name, long atMs) {
      synchronized (scheduled) {
        ScheduledFuture<?> old = scheduled.remove(name);
        if (old != null) {
          old.cancel(false);
        }
        long delay = Math.max(0, atMs - clock.getAsLong());
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] =
            timers.schedule(
                () ->
                    enqueueInternal(
                        () -> {
                          boolean current;
                          synchronized (scheduled) {
                            current = scheduled.get(name) == self[0];
                            if (current) {
                              scheduled.remove(name);
                            }
                          }
                          if (current) {
                            shell.onTimer(name);
                          }
                        }),
                delay,
                TimeUnit.MILLISECONDS);
        scheduled.put(name, self[0]);
      }
    }

    @Override
    public void walAppend(long height, Bytes record) {
      wal.append(height, record);
      walDirty = true;
      probe.walAppended(channel, height, record);
    }

    @Override
    public boolean walDirty() {
      return walDirty;
    }

    @Override
    public void walSync() {
      wal.sync();
      walDirty = false;
      probe.walSynced(channel);
    }

    @Override
    public void commitBlock(CertifiedBlock block, ChannelLedger.Appended executed) {
      Execution stored =
          store.commit(
              block,
              executed.result().receipts(),
              executed.result().events(),
              executed.result().writes());
      if (!stored.equals(executed.execution())) {
        throw new IllegalStateException(
            "the store's execution of block "
                + block.block().header().height()
                + " differs from the ledger's: "
                + stored
                + " vs "
                + executed.execution());
      }
      probe.committed(channel, block.block().header().height());
      wal.truncateBefore(block.block().header().height() + 1);
    }

    @Override
    public void count(String name) {
      events.count(channel, name);
    }

    @Override
    public List<Check> verifySignatures(CryptoSuite suite, List<SignatureCheck> checks) {
      return signatures.verify(suite, checks);
    }

    @Override
    public int randomInt(int bound) {
      return random.nextInt(bound);
    }
  }
}
