package io.entente.node.runtime;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.message.Equivocation;
import io.entente.consensus.shell.ChannelShell;
import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.InclusionProof;
import io.entente.core.chain.Transaction;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.node.api.ApplicationEvent;
import io.entente.node.api.ChannelHealth;
import io.entente.node.api.ChannelStatus;
import io.entente.node.api.CommittedBlock;
import io.entente.node.api.NodeBackend;
import io.entente.node.api.Readiness;
import io.entente.node.api.RequestSigner;
import io.entente.node.api.SubmitResult;
import io.entente.node.p2p.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTPS API's view of a running {@link Node}: statuses from the channels' published snapshots,
 * reads from their stores, submissions handed to their threads, and idempotency per (channel,
 * submitting institution, key) (DESIGN §2 Transactions).
 *
 * <p>Idempotency keys are kept in memory until the transaction's expiry (which bounds the table
 * with {@link RuntimeLimits#IDEMPOTENCY_KEYS_MAX}). At start the table is rebuilt from the stored
 * blocks of the last {@link CoreLimits#TX_VALIDITY_MS_MAX} (no transaction older can still be
 * valid), so after a restart a re-signed retry with a committed key still gets the original outcome
 * or a conflict. Keys of transactions that were only waiting in the mempool are not rebuilt: those
 * were never acknowledged as final, and their retries are admitted afresh.
 */
public final class RuntimeBackend implements NodeBackend {
  /** Counted per submission refused because its idempotency key was used for another payload. */
  public static final String IDEMPOTENCY_CONFLICT = "runtime.idempotency_conflict";

  private static final System.Logger LOG = System.getLogger(RuntimeBackend.class.getName());

  private final Node node;
  private final CryptoSuite suite;
  private final ClientDirectory clients;
  private final Optional<RequestSigner> requestSigner;
  private final Map<String, Idempotency> idempotency = new ConcurrentHashMap<>();
  private final Map<String, List<NodeBackend.CommitListener>> subscribers =
      new ConcurrentHashMap<>();

  public RuntimeBackend(Node node, ClientDirectory clients, Optional<RequestSigner> requestSigner) {
    this.node = node;
    this.suite = CryptoSuite.of(node.config().suite());
    this.clients = clients;
    this.requestSigner = requestSigner;
    long now = System.currentTimeMillis();
    for (ChannelRuntime runtime : node.channels().values()) {
      List<NodeBackend.CommitListener> listeners = new CopyOnWriteArrayList<>();
      subscribers.put(runtime.channel(), listeners);
      Idempotency keys = new Idempotency();
      rebuild(runtime.store(), keys, now);
      idempotency.put(runtime.channel(), keys);
      runtime.addCommitListener(
          (block, executed) -> {
            if (listeners.isEmpty()) {
              return;
            }
            CommittedBlock committed =
                new CommittedBlock(block, events(block, executed.result().events()));
            listeners.removeIf(listener -> !listener.offer(committed));
          });
    }
  }

  @Override
  public CryptoSuite suite() {
    return suite;
  }

  @Override
  public String institution() {
    return node.config().institution();
  }

  @Override
  public List<String> channels() {
    return new ArrayList<>(new TreeSet<>(node.channels().keySet()));
  }

  private Optional<ChannelRuntime> running(String channel) {
    return node.channel(channel).filter(runtime -> runtime.failure().isEmpty());
  }

  /** Why a channel this node serves does not run, if it does not. */
  private Optional<String> stopped(String channel) {
    return node.channel(channel)
        .flatMap(ChannelRuntime::failure)
        .map(failure -> "channel '" + channel + "' stopped: " + failure);
  }

  @Override
  public Optional<ChannelStatus> channelStatus(String channel) {
    return running(channel)
        .map(
            runtime -> {
              ChannelSnapshot snapshot = runtime.snapshot();
              List<PeerId> connected = node.connectedPeers();
              PeerMembership membership = node.membership(channel);
              int peers = (int) connected.stream().filter(membership::isMember).count();
              int validatorsUp =
                  (int)
                      membership.validatorNodes().stream()
                          .filter(p -> p.equals(node.self()) || connected.contains(p))
                          .count();
              return new ChannelStatus(
                  channel,
                  snapshot.height(),
                  snapshot.lastBlockTimeMs(),
                  snapshot.round(),
                  snapshot.validators(),
                  Math.min(validatorsUp, snapshot.validators()),
                  peers,
                  snapshot.mempoolTransactions(),
                  snapshot.mempoolBytes(),
                  Math.max(0, snapshot.highestKnownHeight() - snapshot.height()));
            });
  }

  @Override
  public Optional<SortedSet<String>> channelInstitutions(String channel) {
    return running(channel)
        .map(
            runtime -> {
              TreeSet<String> institutions = new TreeSet<>();
              for (PeerId member : node.membership(channel).members()) {
                institutions.add(member.institutionId());
              }
              return institutions;
            });
  }

  @Override
  public Optional<ChannelHealth> channelHealth(String channel) {
    return running(channel)
        .flatMap(runtime -> runtime.observe(RuntimeLimits.QUERY_WAIT_MS))
        .map(observed -> health(channel, observed));
  }

  private ChannelHealth health(String channel, ChannelRuntime.Observation observed) {
    TreeMap<PeerId, String> names = new TreeMap<>();
    names.put(node.self(), node.config().nodeId());
    node.config().channels().stream()
        .filter(config -> config.name().equals(channel))
        .flatMap(config -> config.peers().stream())
        .forEach(peer -> names.put(peer.peerId(), peer.nodeId()));
    List<PeerId> connected = node.connectedPeers();
    PeerMembership membership = node.membership(channel);
    List<ChannelHealth.NodeHealth> nodes = new ArrayList<>();
    for (PeerId member : membership.members()) {
      boolean self = member.equals(node.self());
      ChannelShell.Heard heard = observed.heard().get(member);
      OptionalLong height =
          self
              ? OptionalLong.of(observed.height())
              : heard == null ? OptionalLong.empty() : OptionalLong.of(heard.height());
      nodes.add(
          new ChannelHealth.NodeHealth(
              names.getOrDefault(member, member.nodeKey().shortHex()),
              member.institutionId(),
              self,
              observed.validatorNodes().contains(member),
              self || connected.contains(member),
              height,
              height.isPresent() ? Math.max(0, observed.height() - height.getAsLong()) : 0,
              heard == null || self ? OptionalLong.empty() : OptionalLong.of(heard.atMs())));
    }
    List<ChannelHealth.EvidenceSeen> evidence = new ArrayList<>();
    for (Equivocation found : observed.evidence()) {
      var payload = found.first().payload();
      evidence.add(
          new ChannelHealth.EvidenceSeen(
              found.validator().toHex(),
              membership.node(found.validator()).map(names::get),
              payload.type().name(),
              payload.height(),
              payload.round()));
    }
    return new ChannelHealth(channel, observed.height(), nodes, observed.roundChanges(), evidence);
  }

  @Override
  public List<SubmitResult> submit(String channel, List<Transaction> transactions) {
    Optional<ChannelRuntime> found = running(channel);
    if (found.isEmpty()) {
      Optional<String> why = stopped(channel);
      String reason = why.isPresent() ? "channel-stopped" : "unknown-channel";
      String detail = why.orElse("this node does not serve channel '" + channel + "'");
      return transactions.stream()
          .map(t -> (SubmitResult) new SubmitResult.Rejected(t.id(suite), reason, detail))
          .toList();
    }
    ChannelRuntime runtime = found.get();
    Idempotency keys = idempotency.get(channel);
    synchronized (keys) {
      SubmitResult[] results = new SubmitResult[transactions.size()];
      List<Transaction> fresh = new ArrayList<>();
      List<Integer> freshAt = new ArrayList<>();
      // A key met again within the list: judged against the list's first use of it.
      Map<String, Integer> firstInList = new java.util.HashMap<>();
      Map<Integer, Integer> repeatOf = new TreeMap<>();
      for (int i = 0; i < transactions.size(); i++) {
        Transaction transaction = transactions.get(i);
        Hash id = transaction.id(suite);
        Optional<ClientDirectory.Client> client =
            clients.find(transaction.body().submitterCertificateId());
        if (client.isEmpty()) {
          results[i] =
              new SubmitResult.Rejected(
                  id,
                  "tx-unknown-client",
                  "no client certificate "
                      + transaction.body().submitterCertificateId().shortHex()
                      + " in this consortium");
          continue;
        }
        String key = client.get().institution() + "\u0000" + transaction.body().idempotencyKey();
        Optional<Idempotency.Entry> earlier = keys.find(key, System.currentTimeMillis());
        if (earlier.isPresent()) {
          Idempotency.Entry entry = earlier.get();
          if (entry.payloadHash().equals(suite.hash(transaction.body().payload()))) {
            node.events().count(channel, ChannelRuntime.TX_REPLAYED);
            results[i] = new SubmitResult.Duplicate(id, original(runtime, entry.txId()));
          } else {
            node.events().count(channel, IDEMPOTENCY_CONFLICT);
            results[i] =
                new SubmitResult.Conflict(id, transaction.body().idempotencyKey(), entry.txId());
          }
          continue;
        }
        Integer first = firstInList.putIfAbsent(key, i);
        if (first != null) {
          repeatOf.put(i, first);
          continue;
        }
        fresh.add(transaction);
        freshAt.add(i);
      }
      List<ChannelRuntime.Admission> admissions = admit(runtime, fresh);
      for (int j = 0; j < fresh.size(); j++) {
        Transaction transaction = fresh.get(j);
        ChannelRuntime.Admission admission = admissions.get(j);
        results[freshAt.get(j)] = result(runtime, admission);
        if (admission instanceof ChannelRuntime.Admission.Accepted
            || admission instanceof ChannelRuntime.Admission.Final) {
          String institution =
              clients.find(transaction.body().submitterCertificateId()).orElseThrow().institution();
          keys.remember(
              institution + "\u0000" + transaction.body().idempotencyKey(),
              new Idempotency.Entry(
                  suite.hash(transaction.body().payload()),
                  admission.txId(),
                  transaction.body().validUntilMs()));
        }
      }
      for (Map.Entry<Integer, Integer> repeat : repeatOf.entrySet()) {
        Transaction transaction = transactions.get(repeat.getKey());
        Transaction original = transactions.get(repeat.getValue());
        Hash id = transaction.id(suite);
        SubmitResult originalResult = results[repeat.getValue()];
        if (!transaction.body().payload().equals(original.body().payload())) {
          results[repeat.getKey()] =
              new SubmitResult.Conflict(
                  id, transaction.body().idempotencyKey(), original.id(suite));
        } else if (originalResult instanceof SubmitResult.Admitted admitted) {
          results[repeat.getKey()] = new SubmitResult.Duplicate(id, admitted);
        } else {
          results[repeat.getKey()] = sameAs(id, originalResult);
        }
      }
      return List.of(results);
    }
  }

  /**
   * Remembers the keys of the committed transactions that may still be retried: those in blocks
   * from the last {@link CoreLimits#TX_VALIDITY_MS_MAX} whose window is still open, first use
   * first.
   */
  private void rebuild(io.entente.node.storage.ChannelStore store, Idempotency keys, long nowMs) {
    long from = store.height() + 1;
    while (from > 1
        && store.block(from - 1).orElseThrow().block().header().timestampMs()
            >= nowMs - CoreLimits.TX_VALIDITY_MS_MAX) {
      from--;
    }
    int remembered = 0;
    for (long height = from; height <= store.height(); height++) {
      for (Transaction transaction : store.block(height).orElseThrow().block().transactions()) {
        Optional<ClientDirectory.Client> client =
            clients.find(transaction.body().submitterCertificateId());
        if (client.isPresent() && transaction.body().validUntilMs() > nowMs) {
          remembered +=
              keys.rememberIfAbsent(
                      client.get().institution() + "\u0000" + transaction.body().idempotencyKey(),
                      new Idempotency.Entry(
                          suite.hash(transaction.body().payload()),
                          transaction.id(suite),
                          transaction.body().validUntilMs()))
                  ? 1
                  : 0;
        }
      }
    }
    if (remembered > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "channel '"
              + store.genesis().channel()
              + "': "
              + remembered
              + " idempotency keys of committed transactions restored");
    }
  }

  /** The result of a repeat whose original was not admitted: the same outcome, for this id. */
  private static SubmitResult sameAs(Hash id, SubmitResult original) {
    if (original instanceof SubmitResult.Rejected rejected) {
      return new SubmitResult.Rejected(id, rejected.reason(), rejected.detail());
    } else if (original instanceof SubmitResult.MempoolFull full) {
      return new SubmitResult.MempoolFull(id, full.retryAfter());
    } else if (original instanceof SubmitResult.Conflict conflict) {
      return new SubmitResult.Conflict(id, conflict.idempotencyKey(), conflict.originalTxId());
    } else if (original instanceof SubmitResult.Duplicate duplicate) {
      return new SubmitResult.Duplicate(id, duplicate.original());
    }
    throw new IllegalStateException("no outcome for an original " + original);
  }

  private static List<ChannelRuntime.Admission> admit(
      ChannelRuntime runtime, List<Transaction> fresh) {
    return fresh.isEmpty() ? List.of() : runtime.submit(fresh, RuntimeLimits.SUBMIT_WAIT_MS);
  }

  private static SubmitResult result(ChannelRuntime runtime, ChannelRuntime.Admission admission) {
    if (admission instanceof ChannelRuntime.Admission.Accepted accepted) {
      return new SubmitResult.Accepted(accepted.txId());
    } else if (admission instanceof ChannelRuntime.Admission.Final done) {
      return committed(runtime, done.txId(), done.height(), done.index());
    } else if (admission instanceof ChannelRuntime.Admission.Rejected rejected) {
      return new SubmitResult.Rejected(rejected.txId(), rejected.reason(), rejected.detail());
    }
    return new SubmitResult.MempoolFull(
        admission.txId(), Duration.ofMillis(RuntimeLimits.RETRY_AFTER_MS));
  }

  private static SubmitResult.Admitted original(ChannelRuntime runtime, Hash txId) {
    return runtime
        .store()
        .transaction(txId)
        .<SubmitResult.Admitted>map(at -> committed(runtime, txId, at.height(), at.index()))
        .orElse(new SubmitResult.Accepted(txId));
  }

  /**
   * A committed transaction with its receipt. The store writes a block and its receipts in one
   * batch, so a transaction the store has located has its receipt there too.
   */
  private static SubmitResult.Committed committed(
      ChannelRuntime runtime, Hash txId, long height, int index) {
    List<io.entente.core.chain.Receipt> receipts =
        runtime
            .store()
            .receipts(height)
            .orElseThrow(
                () -> new IllegalStateException("block " + height + " is stored without receipts"));
    return new SubmitResult.Committed(txId, height, index, receipts.get(index));
  }

  @Override
  public CompletableFuture<SubmitResult.Committed> awaitCommit(
      String channel, Hash txId, Instant deadline) {
    Optional<ChannelRuntime> found = running(channel);
    if (found.isEmpty()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("channel '" + channel + "' is not running"));
    }
    ChannelRuntime runtime = found.get();
    long timeoutMs = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    return runtime
        .awaitFinal(txId, timeoutMs)
        // Completed on the channel's or the timer thread: the receipt is read and the HTTP answer
        // built elsewhere.
        .thenApplyAsync(done -> committed(runtime, done.txId(), done.height(), done.index()));
  }

  @Override
  public Optional<CertifiedBlock> block(String channel, long height) {
    return running(channel).flatMap(runtime -> runtime.store().block(height));
  }

  @Override
  public Optional<List<ApplicationEvent>> events(String channel, long height) {
    return running(channel)
        .flatMap(
            runtime ->
                runtime
                    .store()
                    .block(height)
                    .flatMap(
                        block ->
                            runtime.store().events(height).map(stored -> events(block, stored))));
  }

  private static List<ApplicationEvent> events(CertifiedBlock block, List<BlockResult.Event> raw) {
    long height = block.block().header().height();
    List<Transaction> transactions = block.block().transactions();
    List<ApplicationEvent> events = new ArrayList<>();
    for (BlockResult.Event event : raw) {
      String application =
          event.index() < transactions.size()
              ? transactions.get(event.index()).body().application()
              : "ledger";
      events.add(
          new ApplicationEvent(height, event.index(), application, event.type(), event.data()));
    }
    return events;
  }

  @Override
  public Optional<Genesis> genesis(String channel) {
    return running(channel).map(runtime -> runtime.store().genesis());
  }

  @Override
  public Optional<InclusionProof> inclusionProof(String channel, Hash txId) {
    return running(channel)
        .flatMap(
            runtime ->
                runtime
                    .store()
                    .transaction(txId)
                    .flatMap(
                        at ->
                            runtime
                                .store()
                                .block(at.height())
                                .map(
                                    certified -> {
                                      Block block = certified.block();
                                      return InclusionProof.ofTransaction(suite, block, at.index());
                                    })));
  }

  @Override
  public Optional<Registration> subscribe(String channel, NodeBackend.CommitListener listener) {
    List<NodeBackend.CommitListener> listeners = subscribers.get(channel);
    if (listeners == null || running(channel).isEmpty()) {
      return Optional.empty();
    }
    if (listeners.size() >= RuntimeLimits.SUBSCRIBERS_PER_CHANNEL_MAX) {
      return Optional.empty();
    }
    listeners.add(listener);
    return Optional.of(() -> listeners.remove(listener));
  }

  @Override
  public Optional<Application.QueryResult> query(
      String channel, Application.Caller caller, Bytes request) {
    return running(channel)
        .map(
            runtime ->
                runtime
                    .query(caller, request, RuntimeLimits.QUERY_WAIT_MS)
                    .orElseGet(
                        () ->
                            new Application.QueryResult(
                                Check.rejected(
                                    QUERY_BUSY,
                                    "channel '"
                                        + channel
                                        + "' did not answer within "
                                        + RuntimeLimits.QUERY_WAIT_MS
                                        + " ms; retry"),
                                Bytes.EMPTY)));
  }

  @Override
  public Readiness readiness() {
    List<String> reasons = new ArrayList<>();
    for (ChannelRuntime runtime : node.channels().values()) {
      runtime
          .failure()
          .ifPresent(f -> reasons.add("channel '" + runtime.channel() + "' stopped: " + f));
      runtime
          .snapshot()
          .stopped()
          .ifPresent(why -> reasons.add("channel '" + runtime.channel() + "' halted: " + why));
    }
    return reasons.isEmpty() ? Readiness.isReady() : new Readiness(false, reasons);
  }

  @Override
  public Optional<RequestSigner> requestSigner() {
    return requestSigner;
  }

  /** Idempotency keys of one channel until the transaction's expiry; bounded. */
  private static final class Idempotency {
    record Entry(Hash payloadHash, Hash txId, long expiresAtMs) {}

    private final TreeMap<String, Entry> byKey = new TreeMap<>();
    private final TreeMap<Long, List<String>> byExpiry = new TreeMap<>();

    Optional<Entry> find(String key, long nowMs) {
      expire(nowMs);
      return Optional.ofNullable(byKey.get(key));
    }

    /** Remembers {@code entry} unless the key is known; returns whether it did. */
    boolean rememberIfAbsent(String key, Entry entry) {
      if (byKey.containsKey(key)) {
        return false;
      }
      remember(key, entry);
      return true;
    }

    void remember(String key, Entry entry) {
      if (byKey.size() >= RuntimeLimits.IDEMPOTENCY_KEYS_MAX) {
        Map.Entry<Long, List<String>> soonest = byExpiry.pollFirstEntry();
        if (soonest != null) {
          soonest.getValue().forEach(byKey::remove);
        }
      }
      byKey.put(key, entry);
      byExpiry.computeIfAbsent(entry.expiresAtMs(), t -> new ArrayList<>()).add(key);
    }

    private void expire(long nowMs) {
      while (!byExpiry.isEmpty() && byExpiry.firstKey() < nowMs) {
        byExpiry.pollFirstEntry().getValue().forEach(byKey::remove);
      }
    }
  }
}
