package io.entente.node.runtime;

import io.entente.consensus.ledger.LedgerApplication;
import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.CertifiedChange;
import io.entente.core.chain.CertifiedHeader;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.GovernanceUpdate;
import io.entente.core.chain.GovernanceView;
import io.entente.core.chain.InclusionProof;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.node.storage.ChannelStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Carries the governance channel's decisions into this node's other channels (DESIGN §1,
 * cross-channel facts). Every node that serves the governance channel and an importing channel
 * relays; the importing channel takes each decision once, in order, so relays by several nodes race
 * harmlessly and any one of them suffices.
 *
 * <p>After a commit on either side it finds, for each importing channel, the decision after the
 * last one that channel imported, and submits a {@link GovernanceUpdate} signed with the
 * institution's client key: the certified governance header that commits to the decision's receipt,
 * the receipt's proof, and the governance set changes since the channel's view of the governance
 * set. The transaction's validity window is fixed per decision and half day, so repeated relays of
 * one decision are the same transaction and the mempool keeps it once.
 *
 * <p>It reads only durable data (the stores) and runs on its own thread, never a channel's.
 */
final class GovernanceRelay implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GovernanceRelay.class.getName());

  /** How long one relay waits for the importing channel's thread to take the transaction. */
  private static final long SUBMIT_TIMEOUT_MS = 5_000;

  /**
   * A pass also runs this often without a commit, so a relay a full mempool refused is retried on
   * an idle consortium too.
   */
  private static final long RETRY_INTERVAL_MS = 30_000;

  private record Location(long height, int index) {}

  private final CryptoSuite suite;
  private final ChannelRuntime governance;
  private final Map<String, ChannelRuntime> targets;
  private final Signer signer;
  private final Hash submitter;
  private final LongSupplier clock;
  private final NodeEvents events;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean queued = new AtomicBoolean();

  // Owned by the relay thread.
  private final TreeMap<Long, Location> decisions = new TreeMap<>();
  private final TreeMap<Long, Integer> setChanges = new TreeMap<>();
  private long scannedHeight;

  GovernanceRelay(
      CryptoSuite suite,
      ChannelRuntime governance,
      Map<String, ChannelRuntime> targets,
      Signer signer,
      Hash submitter,
      LongSupplier clock,
      NodeEvents events,
      String nodeId) {
    this.suite = suite;
    this.governance = governance;
    this.targets = new TreeMap<>(targets);
    this.signer = signer;
    this.submitter = submitter;
    this.clock = clock;
    this.events = events;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread relay = new Thread(runnable, "governance-relay-" + nodeId);
              relay.setDaemon(true);
              return relay;
            });
  }

  /** Listens to commits on every channel involved and relays what is already waiting. */
  void start() {
    LOG.log(
        System.Logger.Level.INFO,
        "relaying governance decisions into channels " + targets.keySet());
    governance.addCommitListener((block, executed) -> poke());
    for (ChannelRuntime target : targets.values()) {
      target.addCommitListener((block, executed) -> poke());
    }
    thread.scheduleWithFixedDelay(
        this::poke, RETRY_INTERVAL_MS, RETRY_INTERVAL_MS, TimeUnit.MILLISECONDS);
    poke();
  }

  /** Asks for one relay pass; passes asked for while one is queued merge into it. */
  void poke() {
    if (queued.compareAndSet(false, true)) {
      try {
        thread.execute(this::pass);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        queued.set(false); // closed
      }
    }
  }

  private void pass() {
    queued.set(false);
    try {
      scan();
      for (ChannelRuntime target : targets.values()) {
        relayNext(target);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "governance relay pass failed: " + e.getMessage(), e);
    }
  }

  /** Indexes the decisions and set changes of governance blocks not yet seen. */
  private void scan() {
    ChannelStore store = governance.store();
    long height = store.height();
    for (long h = scannedHeight + 1; h <= height; h++) {
      CertifiedBlock block = store.block(h).orElseThrow();
      List<Transaction> transactions = block.block().transactions();
      for (int index = 0; index < transactions.size(); index++) {
        if (ValidatorSetChange.isPlain(transactions.get(index).body())) {
          setChanges.put(h, index);
        }
      }
      for (Receipt receipt : store.receipts(h).orElseThrow()) {
        Optional<Long> decision = decisionOf(receipt);
        if (decision.isPresent()) {
          decisions.put(decision.get(), new Location(h, receipt.index()));
        }
      }
      scannedHeight = h;
    }
  }

  private static Optional<Long> decisionOf(Receipt receipt) {
    if (receipt.status() != Receipt.Status.ACCEPTED || receipt.result().length() == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(GovernanceDecision.CODEC.decode(receipt.result()).sequence());
    } catch (CodecException e) {
      return Optional.empty();
    }
  }

  private void relayNext(ChannelRuntime target) {
    Optional<GovernanceView> view = viewOf(target);
    if (view.isEmpty()) {
      return;
    }
    long next = view.get().lastSequence() + 1;
    Location location = decisions.get(next);
    ChannelStore store = governance.store();
    if (location == null || store.height() < location.height + 1) {
      return; // not decided yet, or its receipt is not committed by a header yet
    }
    List<CertifiedChange> changes = changesBetween(view.get().setFromHeight(), location.height);
    if (changes.size() > CoreLimits.GOVERNANCE_SET_CHANGES_MAX) {
      LOG.log(
          System.Logger.Level.ERROR,
          "decision "
              + next
              + " for channel '"
              + target.channel()
              + "' needs "
              + changes.size()
              + " governance set changes, more than one update carries");
      return;
    }
    GovernanceUpdate update =
        GovernanceUpdate.of(
            suite,
            changes,
            CertifiedHeader.of(store.block(location.height + 1).orElseThrow()),
            store.receipts(location.height).orElseThrow(),
            location.index);
    submit(target, next, update);
  }

  /** The importing channel's view as of its last durable block; empty if it imports nothing. */
  private static Optional<GovernanceView> viewOf(ChannelRuntime target) {
    ChannelStore store = target.store();
    if (store.genesis().governance().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        store
            .get(LedgerApplication.viewKey())
            .map(GovernanceView.CODEC::decode)
            .orElse(GovernanceView.of(store.genesis().governance().get())));
  }

  private List<CertifiedChange> changesBetween(long fromHeight, long decisionHeight) {
    List<CertifiedChange> changes = new ArrayList<>();
    ChannelStore store = governance.store();
    for (Map.Entry<Long, Integer> change :
        setChanges.subMap(fromHeight, true, decisionHeight, true).entrySet()) {
      CertifiedBlock block = store.block(change.getKey()).orElseThrow();
      changes.add(
          new CertifiedChange(
              CertifiedHeader.of(block),
              InclusionProof.ofTransaction(suite, block.block(), change.getValue())));
    }
    return changes;
  }

  private void submit(ChannelRuntime target, long sequence, GovernanceUpdate update) {
    // One window per decision and half-day step: the same relay repeated is the same transaction,
    // and "now" always lies in the first half of its window. It opens a quarter of the window
    // before the governance block's time, for clocks behind the block proposer's.
    long window = CoreLimits.TX_VALIDITY_MS_MAX;
    long base = update.committing().header().timestampMs() - window / 4;
    long validFrom = base + Math.max(0, (clock.getAsLong() - base) / (window / 2)) * (window / 2);
    TxBody body =
        new TxBody(
            target.channel(),
            GovernanceUpdate.APPLICATION,
            GovernanceUpdate.TYPE,
            GovernanceUpdate.CODEC.encode(update),
            submitter,
            "governance-decision-" + sequence,
            validFrom,
            validFrom + window);
    Transaction transaction = Transaction.sign(suite, signer, body);
    ChannelRuntime.Admission admission =
        target.submit(List.of(transaction), SUBMIT_TIMEOUT_MS).get(0);
    if (admission instanceof ChannelRuntime.Admission.Rejected rejected) {
      events.count(target.channel(), "governance.relay_refused." + rejected.reason());
      LOG.log(
          System.Logger.Level.WARNING,
          "channel '"
              + target.channel()
              + "' refused governance decision "
              + sequence
              + ": "
              + rejected.reason()
              + ": "
              + rejected.detail());
    } else if (admission instanceof ChannelRuntime.Admission.Accepted) {
      events.count(target.channel(), "governance.relayed");
      LOG.log(
          System.Logger.Level.INFO,
          "relayed governance decision " + sequence + " into channel '" + target.channel() + "'");
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      // A pass may be waiting on a submission; the stores close only after it has ended.
      if (!thread.awaitTermination(4 * SUBMIT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        LOG.log(System.Logger.Level.ERROR, "the governance relay did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
