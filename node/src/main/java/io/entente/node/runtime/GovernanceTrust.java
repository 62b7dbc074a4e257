package io.entente.node.runtime;

import io.entente.app.governance.GovernanceQueries;
import io.entente.app.governance.GovernanceState;
import io.entente.consensus.app.Application;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.check.Check;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.MemberCa;
import io.entente.core.pki.Revocation;
import io.entente.core.pki.TrustStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's TLS trust, following its latest governance view (docs/p2p.md, "Trust follows
 * governance"): the CA certificates of the active members of the governance state, and every
 * revocation (the genesis ones and each {@code Revoke} decision). A member admitted by vote is
 * trusted from the block that approved it, a member that left is not, without a restart.
 *
 * <p>After every commit of the governance channel a pass on its own thread asks the governance
 * application (queries run on the channel's thread, so never from the commit listener itself),
 * builds the trust store and, when it changed, publishes it and runs {@code onChange} (the node
 * judges its live p2p connections again). Until the first pass, and if the governance channel
 * cannot answer, the trust store the node started with stays.
 *
 * <p>{@link #revoke} is the synchronous path: a channel's commit listener calls it with the
 * revocations of the block it has just applied, and the trust store includes them when it returns.
 * Every later pass keeps them (a pass that read the governance state before that block cannot drop
 * them).
 */
final class GovernanceTrust implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GovernanceTrust.class.getName());

  /** How long one governance query may take. */
  private static final long QUERY_TIMEOUT_MS = 5_000;

  /** A pass also runs this often without a commit, in case one could not ask the channel. */
  private static final long RETRY_INTERVAL_MS = 30_000;

  private static final Application.Caller CALLER = new Application.Caller("node", "trust");

  private final SuiteId suite;
  private final ChannelRuntime governance;
  private final AtomicReference<TrustStore> current;
  private final AtomicReference<Map<Hash, ClientDirectory.Client>> clients =
      new AtomicReference<>(Map.of());
  private final ScheduledExecutorService thread;
  private final AtomicBoolean queued = new AtomicBoolean();

  /** Revocations applied by {@link #revoke}; guarded by itself, as is publishing the store. */
  private final List<Revocation> applied = new ArrayList<>();

  // Owned by the pass thread.
  private final List<Revocation> decided = new ArrayList<>();
  private final List<Revocation> genesisRevocations;
  private long scannedDecision;
  private Runnable onChange = () -> {};

  GovernanceTrust(
      SuiteId suite,
      ChannelRuntime governance,
      TrustStore initial,
      List<Revocation> genesisRevocations,
      String nodeId) {
    this.suite = suite;
    this.governance = governance;
    this.current = new AtomicReference<>(initial);
    this.genesisRevocations = List.copyOf(genesisRevocations);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread trust = new Thread(runnable, "governance-trust-" + nodeId);
              trust.setDaemon(true);
              return trust;
            });
  }

  /** The trust store of the latest governance view this node has read. */
  TrustStore current() {
    return current.get();
  }

  /**
   * The client certificates the governance state registered with members' admissions, as of the
   * latest governance view this node has read: only those of active members and not revoked.
   */
  ClientDirectory clients() {
    return id -> Optional.ofNullable(clients.get().get(id));
  }

  /**
   * Adds {@code revocations} to the trust store now, and drops the registered client certificates
   * they name; idempotent. Does not block beyond a short lock (no query, no I/O).
   */
  void revoke(List<Revocation> revocations) {
    synchronized (applied) {
      TrustStore trust = current.get();
      List<Revocation> all = new ArrayList<>(trust.revocations());
      for (Revocation revocation : revocations) {
        if (!applied.contains(revocation)) {
          applied.add(revocation);
        }
        all.add(revocation);
      }
      TrustStore next = TrustStore.of(suite, trust.members(), all);
      current.set(next);
      Map<Hash, ClientDirectory.Client> kept = new TreeMap<>();
      clients
          .get()
          .forEach(
              (id, client) -> {
                if (!revocations.contains(client.name())) {
                  kept.put(id, client);
                }
              });
      clients.set(Map.copyOf(kept));
    }
  }

  /** Follows the governance channel from now on; {@code changed} runs after each change. */
  void start(Runnable changed) {
    this.onChange = changed;
    governance.addCommitListener((block, executed) -> poke());
    thread.scheduleWithFixedDelay(
        this::poke, RETRY_INTERVAL_MS, RETRY_INTERVAL_MS, TimeUnit.MILLISECONDS);
    poke();
  }

  private void poke() {
    if (queued.compareAndSet(false, true)) {
      try {
        thread.execute(this::pass);
      } catch (RejectedExecutionException e) {
        queued.set(false); // closing
      }
    }
  }

  private void pass() {
    queued.set(false);
    try {
      Optional<TrustStore> next = read();
      if (next.isEmpty()) {
        return;
      }
      TrustStore read = withApplied(next.get());
      readClients(read);
      synchronized (applied) {
        read = withApplied(read); // and those applied while the clients were read
        TrustStore previous = current.get();
        if (read.members().equals(previous.members())
            && read.revocations().equals(previous.revocations())) {
          return;
        }
        current.set(read);
      }
      TrustStore published = read;
      LOG.log(
          System.Logger.Level.INFO,
          "TLS trust follows governance: member CAs of "
              + published.members().stream().map(MemberCa::institutionId).toList()
              + ", "
              + published.revocations().size()
              + " revocations");
      onChange.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "reading the governance view failed: " + e, e);
    }
  }

  /** {@code trust} with the revocations {@link #revoke} applied. */
  private TrustStore withApplied(TrustStore trust) {
    synchronized (applied) {
      if (applied.isEmpty()) {
        return trust;
      }
      List<Revocation> all = new ArrayList<>(trust.revocations());
      all.addAll(applied);
      return TrustStore.of(suite, trust.members(), all);
    }
  }

  /** The trust store of the governance state now, or empty if the channel did not answer. */
  private Optional<TrustStore> read() {
    Optional<Bytes> members = ask(GovernanceQueries.request(GovernanceQueries.Kind.MEMBERS));
    Optional<Bytes> counters = ask(GovernanceQueries.request(GovernanceQueries.Kind.COUNTERS));
    if (members.isEmpty() || counters.isEmpty()) {
      return Optional.empty();
    }
    long lastDecision = GovernanceState.Counters.decode(counters.get()).lastDecision();
    while (scannedDecision < lastDecision) {
      Optional<Bytes> found =
          ask(GovernanceQueries.request(GovernanceQueries.Kind.DECISION, scannedDecision + 1));
      if (found.isEmpty()) {
        return Optional.empty();
      }
      GovernanceDecision decision = GovernanceState.DecisionRecord.decode(found.get()).decision();
      if (decision.effect() instanceof GovernanceDecision.Revoke revoke) {
        decided.add(revoke.revocation());
      }
      scannedDecision++;
    }
    List<MemberCa> cas = new ArrayList<>();
    for (Bytes value : GovernanceQueries.decodeList(members.get())) {
      GovernanceState.MemberRecord member = GovernanceState.MemberRecord.decode(value);
      if (member.active()) {
        cas.add(member.member().memberCa());
      }
    }
    List<Revocation> revocations = new ArrayList<>(genesisRevocations);
    revocations.addAll(decided);
    return Optional.of(TrustStore.of(suite, cas, revocations));
  }

  /**
   * Publishes the registered clients of active members that the trust store does not revoke and
   * that are within their validity at this pass (as the configured ones are at start).
   */
  private void readClients(TrustStore trust) {
    Optional<Bytes> answer = ask(GovernanceQueries.request(GovernanceQueries.Kind.CLIENTS));
    if (answer.isEmpty()) {
      return;
    }
    TreeMap<Hash, ClientDirectory.Client> next = new TreeMap<>();
    long nowMs = System.currentTimeMillis();
    for (Bytes value : GovernanceQueries.decodeList(answer.get())) {
      GovernanceState.ClientRecord client = GovernanceState.ClientRecord.decode(value);
      Optional<PublicKey> key = client.certificate().publicKey(suite);
      boolean current =
          client.certificate().notBeforeMs() <= nowMs && nowMs <= client.certificate().notAfterMs();
      if (key.isPresent() && current && !trust.isRevoked(client.certificate())) {
        next.put(
            client.certificate().id(suite),
            new ClientDirectory.Client(
                client.institution(), key.get(), Revocation.of(client.certificate())));
      }
    }
    synchronized (applied) {
      next.values().removeIf(client -> applied.contains(client.name())); // applied meanwhile
      if (next.equals(clients.get())) {
        return;
      }
      clients.set(Map.copyOf(next));
    }
    LOG.log(
        System.Logger.Level.INFO,
        "client certificates follow governance: " + next.size() + " registered by admissions");
  }

  private Optional<Bytes> ask(Bytes request) {
    Optional<Application.QueryResult> result = governance.query(CALLER, request, QUERY_TIMEOUT_MS);
    if (result.isEmpty() || result.get().check() instanceof Check.Rejected) {
      return Optional.empty();
    }
    return Optional.of(result.get().result());
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
