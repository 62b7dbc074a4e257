package io.entente.node.api;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.ChainBuilder;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.InclusionProof;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A test double of {@link NodeBackend}, in memory, for the API tests only: it is not the runtime.
 * Each channel is a {@link ChainBuilder} chain sealed by one validator per institution; the mempool
 * is a list bounded by count; {@link #commitPending} makes one block of everything pending. It
 * records every call to {@link #submit}, so tests can show that a rejected request changed nothing.
 * Every application event it reports is one {@code test/tx-committed} event per transaction.
 */
final class FakeBackend implements NodeBackend {
  static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);
  static final String INSTITUTION = "bank-a";
  static final String CHANNEL = "loans-a-b";
  static final Hash CLIENT_CERTIFICATE_ID =
      SUITE.hash(Bytes.of("client".getBytes(StandardCharsets.UTF_8)));
  static final Signer CLIENT_SIGNER = TestKeys.signer(SuiteId.STANDARD, 7);

  private final Map<String, Channel> channels = new TreeMap<>();
  private final List<List<Transaction>> submitCalls = new ArrayList<>();
  private Readiness readiness = Readiness.isReady();
  private int mempoolCapacity = 100;
  private boolean commitOnWait;
  private boolean failWaits;

  private static final class Channel {
    final ChainBuilder chain;
    final SortedSet<String> institutions;
    final LinkedHashMap<Hash, Transaction> mempool = new LinkedHashMap<>();
    final Map<String, Hash> keys = new TreeMap<>();
    final Map<Hash, Transaction> byId = new TreeMap<>();
    final Map<Hash, SubmitResult.Committed> committed = new TreeMap<>();
    final Map<Hash, CompletableFuture<SubmitResult.Committed>> waits = new TreeMap<>();
    final List<CommitListener> listeners = new ArrayList<>();

    /** When set, blocks execute this application and queries and admission go to it. */
    io.entente.consensus.app.Application application;

    io.entente.consensus.app.MemoryState state;
    java.util.function.LongSupplier blockTimeMs;
    final Map<Long, List<ApplicationEvent>> executedEvents = new TreeMap<>();
    final Map<Hash, io.entente.core.chain.Receipt> receipts = new TreeMap<>();

    Channel(ChainBuilder chain, SortedSet<String> institutions) {
      this.chain = chain;
      this.institutions = institutions;
    }
  }

  /** A backend serving {@link #CHANNEL} between bank-a and bank-b, with no blocks yet. */
  static FakeBackend withChannel() {
    FakeBackend backend = new FakeBackend();
    backend.addChannel(CHANNEL, List.of("bank-a", "bank-b"));
    return backend;
  }

  synchronized void addChannel(String name, List<String> institutions) {
    List<Signer> signers = new ArrayList<>();
    List<io.entente.core.chain.Validator> validators = new ArrayList<>();
    for (int i = 0; i < institutions.size(); i++) {
      Signer signer = TestKeys.signer(SuiteId.STANDARD, 100 + i);
      signers.add(signer);
      validators.add(TestKeys.validator(signer, institutions.get(i)));
    }
    Genesis genesis =
        new Genesis(
            name, SuiteId.STANDARD, 1_767_225_600_000L, 1, ValidatorSet.of(validators), true);
    channels.put(
        name, new Channel(new ChainBuilder(genesis, signers), new TreeSet<>(institutions)));
  }

  /**
   * Makes {@code channel} run a real application: each committed block executes it on an in-memory
   * state at the block time {@code blockTimeMs} gives, its events are the block's, admission and
   * queries go to it.
   */
  synchronized void runApplication(
      String channel,
      io.entente.consensus.app.Application application,
      java.util.function.LongSupplier blockTimeMs) {
    Channel state = channels.get(channel);
    state.application = application;
    state.state = new io.entente.consensus.app.MemoryState(SUITE, SUITE.hash());
    state.blockTimeMs = blockTimeMs;
  }

  /** The execution receipt of a committed transaction on a channel that runs an application. */
  synchronized Optional<io.entente.core.chain.Receipt> receipt(String channel, Hash txId) {
    return Optional.ofNullable(channels.get(channel).receipts.get(txId));
  }

  synchronized void setReadiness(Readiness readiness) {
    this.readiness = readiness;
  }

  synchronized void setMempoolCapacity(int capacity) {
    this.mempoolCapacity = capacity;
  }

  /** Makes every commit wait commit the mempool at once (a deterministic {@code ?wait=commit}). */
  synchronized void commitOnWait() {
    this.commitOnWait = true;
  }

  /** Makes every commit wait time out at once. */
  synchronized void timeOutWaits() {
    this.failWaits = true;
  }

  synchronized List<List<Transaction>> submitCalls() {
    return List.copyOf(submitCalls);
  }

  synchronized int mempoolSize(String channel) {
    return channels.get(channel).mempool.size();
  }

  synchronized long height(String channel) {
    return channels.get(channel).chain.blocks().size();
  }

  /** Commits everything pending in {@code channel} as one block (an empty one if none). */
  synchronized CertifiedBlock commitPending(String channel) {
    Channel state = channels.get(channel);
    List<Transaction> transactions = new ArrayList<>(state.mempool.values());
    state.mempool.clear();
    CertifiedBlock block = state.chain.append(transactions);
    long height = block.block().header().height();
    if (state.application != null) {
      execute(state, channel, height, transactions);
    }
    for (int i = 0; i < transactions.size(); i++) {
      Hash id = transactions.get(i).id(SUITE);
      // Without an application, everything executes: the receipt of a committed-and-done action.
      io.entente.core.chain.Receipt receipt =
          state.application != null
              ? state.receipts.get(id)
              : new io.entente.core.chain.Receipt(
                  id, i, io.entente.core.chain.Receipt.Status.ACCEPTED, "", "", Bytes.EMPTY);
      SubmitResult.Committed committed = new SubmitResult.Committed(id, height, i, receipt);
      state.committed.put(id, committed);
      CompletableFuture<SubmitResult.Committed> wait = state.waits.remove(id);
      if (wait != null) {
        wait.complete(committed);
      }
    }
    CommittedBlock item = new CommittedBlock(block, eventsOf(state, block));
    state.listeners.removeIf(listener -> !listener.offer(item));
    return block;
  }

  synchronized int listeners(String channel) {
    return channels.get(channel).listeners.size();
  }

  private static void execute(
      Channel state, String channel, long height, List<Transaction> transactions) {
    io.entente.consensus.app.BlockResult result =
        state.application.execute(
            state.state,
            new io.entente.consensus.app.Application.BlockContext(
                channel, height, state.blockTimeMs.getAsLong()),
            transactions);
    state.state.apply(result.writes());
    List<ApplicationEvent> events = new ArrayList<>();
    for (io.entente.consensus.app.BlockResult.Event event : result.events()) {
      events.add(
          new ApplicationEvent(
              height, event.index(), state.application.name(), event.type(), event.data()));
    }
    state.executedEvents.put(height, events);
    for (io.entente.core.chain.Receipt receipt : result.receipts()) {
      state.receipts.put(receipt.txId(), receipt);
    }
  }

  private static List<ApplicationEvent> eventsOf(Channel state, CertifiedBlock block) {
    if (state.application != null) {
      return state.executedEvents.getOrDefault(block.block().header().height(), List.of());
    }
    return eventsOf(block);
  }

  private static List<ApplicationEvent> eventsOf(CertifiedBlock block) {
    List<ApplicationEvent> events = new ArrayList<>();
    List<Transaction> transactions = block.block().transactions();
    for (int i = 0; i < transactions.size(); i++) {
      events.add(
          new ApplicationEvent(
              block.block().header().height(),
              i,
              "test",
              "tx-committed",
              transactions.get(i).id(SUITE).value()));
    }
    return events;
  }

  @Override
  public CryptoSuite suite() {
    return SUITE;
  }

  @Override
  public String institution() {
    return INSTITUTION;
  }

  @Override
  public synchronized List<String> channels() {
    return List.copyOf(channels.keySet());
  }

  @Override
  public synchronized Optional<ChannelStatus> channelStatus(String channel) {
    Channel state = channels.get(channel);
    if (state == null) {
      return Optional.empty();
    }
    List<CertifiedBlock> blocks = state.chain.blocks();
    OptionalLong lastTime =
        blocks.isEmpty()
            ? OptionalLong.empty()
            : OptionalLong.of(blocks.get(blocks.size() - 1).block().header().timestampMs());
    long bytes =
        state.mempool.values().stream()
            .mapToLong(tx -> Transaction.CODEC.encode(tx).length())
            .sum();
    int validators = state.institutions.size();
    return Optional.of(
        new ChannelStatus(
            channel,
            blocks.size(),
            lastTime,
            0,
            validators,
            validators,
            validators - 1,
            state.mempool.size(),
            bytes,
            0));
  }

  /** One node per member institution, each at this channel's height. */
  @Override
  public synchronized Optional<ChannelHealth> channelHealth(String channel) {
    Channel state = channels.get(channel);
    if (state == null) {
      return Optional.empty();
    }
    long height = state.chain.blocks().size();
    List<ChannelHealth.NodeHealth> nodes = new ArrayList<>();
    for (String member : new TreeSet<>(state.institutions)) {
      boolean self = member.equals(INSTITUTION);
      nodes.add(
          new ChannelHealth.NodeHealth(
              member + "-1",
              member,
              self,
              true,
              true,
              OptionalLong.of(height),
              0,
              self ? OptionalLong.empty() : OptionalLong.of(0)));
    }
    return Optional.of(new ChannelHealth(channel, height, nodes, List.of(), List.of()));
  }

  @Override
  public synchronized Optional<SortedSet<String>> channelInstitutions(String channel) {
    Channel state = channels.get(channel);
    return state == null ? Optional.empty() : Optional.of(new TreeSet<>(state.institutions));
  }

  @Override
  public synchronized List<SubmitResult> submit(String channel, List<Transaction> transactions) {
    submitCalls.add(List.copyOf(transactions));
    Channel state = channels.get(channel);
    List<SubmitResult> results = new ArrayList<>();
    int fresh = 0;
    for (Transaction transaction : transactions) {
      Hash id = transaction.id(SUITE);
      if (!state.keys.containsKey(key(transaction)) && !state.byId.containsKey(id)) {
        fresh++;
      }
    }
    boolean full = state.mempool.size() + fresh > mempoolCapacity;
    for (Transaction transaction : transactions) {
      Hash id = transaction.id(SUITE);
      Hash original = state.keys.get(key(transaction));
      if (original != null) {
        Transaction first = state.byId.get(original);
        if (first.body().payload().equals(transaction.body().payload())) {
          results.add(new SubmitResult.Duplicate(id, admitted(state, original)));
        } else {
          results.add(new SubmitResult.Conflict(id, transaction.body().idempotencyKey(), original));
        }
      } else if (state.application != null
          && state.application.admit(state.state, transaction)
              instanceof io.entente.core.check.Check.Rejected rejected) {
        results.add(new SubmitResult.Rejected(id, rejected.reason(), rejected.detail()));
      } else if (transaction.body().type().equals("reject-me")) {
        results.add(new SubmitResult.Rejected(id, "test-rejection", "the fake rejects this type"));
      } else if (full) {
        results.add(new SubmitResult.MempoolFull(id, Duration.ofSeconds(3)));
      } else {
        state.keys.put(key(transaction), id);
        state.byId.put(id, transaction);
        state.mempool.put(id, transaction);
        results.add(new SubmitResult.Accepted(id));
      }
    }
    return results;
  }

  private static String key(Transaction transaction) {
    return transaction.body().idempotencyKey();
  }

  private static SubmitResult.Admitted admitted(Channel state, Hash id) {
    SubmitResult.Committed committed = state.committed.get(id);
    return committed != null ? committed : new SubmitResult.Accepted(id);
  }

  @Override
  public CompletableFuture<SubmitResult.Committed> awaitCommit(
      String channel, Hash txId, Instant deadline) {
    CompletableFuture<SubmitResult.Committed> wait;
    boolean commit;
    synchronized (this) {
      Channel state = channels.get(channel);
      SubmitResult.Committed done = state.committed.get(txId);
      if (done != null) {
        return CompletableFuture.completedFuture(done);
      }
      if (failWaits) {
        return CompletableFuture.failedFuture(new TimeoutException("deadline " + deadline));
      }
      wait = state.waits.computeIfAbsent(txId, id -> new CompletableFuture<>());
      commit = commitOnWait;
    }
    if (commit) {
      commitPending(channel);
    }
    return wait;
  }

  @Override
  public synchronized Optional<CertifiedBlock> block(String channel, long height) {
    Channel state = channels.get(channel);
    if (state == null || height < 1 || height > state.chain.blocks().size()) {
      return Optional.empty();
    }
    return Optional.of(state.chain.block(height));
  }

  @Override
  public synchronized Optional<List<ApplicationEvent>> events(String channel, long height) {
    Channel state = channels.get(channel);
    return block(channel, height).map(block -> eventsOf(state, block));
  }

  @Override
  public synchronized Optional<Genesis> genesis(String channel) {
    return Optional.ofNullable(channels.get(channel)).map(state -> state.chain.genesis());
  }

  @Override
  public synchronized Optional<InclusionProof> inclusionProof(String channel, Hash txId) {
    Channel state = channels.get(channel);
    SubmitResult.Committed committed = state == null ? null : state.committed.get(txId);
    if (committed == null) {
      return Optional.empty();
    }
    return Optional.of(
        InclusionProof.ofTransaction(
            SUITE, state.chain.block(committed.height()).block(), committed.index()));
  }

  @Override
  public synchronized Optional<Registration> subscribe(String channel, CommitListener listener) {
    Channel state = channels.get(channel);
    if (state == null) {
      return Optional.empty();
    }
    state.listeners.add(listener);
    return Optional.of(
        () -> {
          synchronized (FakeBackend.this) {
            state.listeners.remove(listener);
          }
        });
  }

  /** What {@link #query} answers on a served channel; tests that read application state set it. */
  interface QueryAnswers {
    io.entente.consensus.app.Application.QueryResult answer(
        String channel, io.entente.consensus.app.Application.Caller caller, Bytes request);
  }

  private QueryAnswers queryAnswers =
      (channel, caller, request) ->
          new io.entente.consensus.app.Application.QueryResult(
              io.entente.core.check.Check.rejected("no-application", "the fake runs none"),
              Bytes.EMPTY);

  synchronized void answerQueries(QueryAnswers answers) {
    this.queryAnswers = answers;
  }

  @Override
  public synchronized Optional<io.entente.consensus.app.Application.QueryResult> query(
      String channel, io.entente.consensus.app.Application.Caller caller, Bytes request) {
    Channel state = channels.get(channel);
    if (state == null) {
      return Optional.empty();
    }
    if (state.application != null) {
      return Optional.of(state.application.query(state.state, caller, request));
    }
    return Optional.of(queryAnswers.answer(channel, caller, request));
  }

  @Override
  public synchronized Readiness readiness() {
    return readiness;
  }

  @Override
  public Optional<RequestSigner> requestSigner() {
    return Optional.of(
        new RequestSigner() {
          @Override
          public Hash submitterCertificateId() {
            return CLIENT_CERTIFICATE_ID;
          }

          @Override
          public Signer signer() {
            return CLIENT_SIGNER;
          }
        });
  }
}
