package io.entente.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.ConsensusLimits;
import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.message.Messages;
import io.entente.consensus.wire.ChannelWire;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.p2p.P2pListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four nodes of a consortium that {@code entente init} wrote (a lead and a partner bank, two nodes
 * each), in one JVM but otherwise real: mutually authenticated TLS on loopback, RocksDB and the
 * write-ahead log on disk, the channel shell the simulator sweeps. Transactions submitted to one
 * node become final on all four with the same blocks and state digest; a node closed and restarted
 * catches up; a node outside a channel gets none of its data.
 */
class NodeClusterTest {
  /** The test gateway certificate's (issuer, serial), as a revocation would name it. */
  private static final io.entente.core.pki.Revocation CLIENT_NAME =
      new io.entente.core.pki.Revocation("CN=Lead CA,O=Lead", java.math.BigInteger.valueOf(7));

  private static final String LEAD = "lead-bank";
  private static final String PARTNER = "partner-a";
  private static final String OTHER = "partner-b";
  private static final String BILATERAL = LEAD + "--" + PARTNER;
  private static final long DEADLINE_MS = 60_000;
  private static final ConsensusConfig FAST =
      new ConsensusConfig(1_000, 4, 8_000, 2_500, 50, 1_000, 5_000);

  /** Key files for tests only: the production work factor would cost minutes here. */
  static final int TEST_KEY_ITERATIONS = 1_000;

  @TempDir static Path folder;
  @TempDir Path run;
  private static Path written;
  private List<Path> configs;
  private List<Path> otherConfigs;

  private final CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
  private final Signer client = TestKeys.signer(SuiteId.STANDARD, 77);
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final TreeMap<String, Node> nodes = new TreeMap<>();
  private int made;

  @BeforeAll
  static void writeConsortium() throws IOException {
    written = folder.resolve("consortium");
    Path consortium = written;
    ConsortiumWriter.write(
        new ConsortiumSpec(
                LEAD,
                List.of(PARTNER, OTHER),
                2,
                SuiteId.STANDARD,
                io.entente.node.FreePorts.block(12),
                "127.0.0.1")
            .withKeyIterations(TEST_KEY_ITERATIONS),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
  }

  /** Each test runs on a fresh copy of the consortium: no node data is left from another test. */
  @org.junit.jupiter.api.BeforeEach
  void copyConsortium() throws IOException {
    Path consortium = run.resolve("consortium");
    try (Stream<Path> files = Files.walk(written)) {
      for (Path source : files.toList()) {
        Path target = consortium.resolve(written.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    configs = new ArrayList<>();
    for (String institution : List.of(LEAD, PARTNER)) {
      configs.addAll(nodeConfigs(consortium, institution));
    }
    otherConfigs = nodeConfigs(consortium, OTHER);
  }

  private static List<Path> nodeConfigs(Path consortium, String institution) {
    List<Path> paths = new ArrayList<>();
    for (int n = 1; n <= 2; n++) {
      paths.add(
          consortium
              .resolve(institution)
              .resolve(Layout.nodeFolder(n))
              .resolve(Layout.NODE_CONFIG));
    }
    return paths;
  }

  @AfterEach
  void stopAll() {
    nodes.values().forEach(Node::close);
    nodes.clear();
  }

  private Node start(Path config) {
    return start(config, RuntimeProbe.NONE);
  }

  private Node start(Path config, RuntimeProbe probe) {
    NodeConfig loaded = NodeConfig.load(config);
    Node node =
        Node.start(
            loaded,
            new Node.Services(
                genesis -> new CounterApplication(suite),
                ClientDirectory.of(
                    Map.of(
                        suite.fingerprint(client.publicKey()),
                        new ClientDirectory.Client(LEAD, client.publicKey(), CLIENT_NAME))),
                FAST,
                (channel, name) ->
                    counts.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet(),
                P2pListener.NONE,
                probe));
    nodes.put(loaded.nodeId(), node);
    return node;
  }

  private Transaction transaction(String channel) {
    int number = made++;
    return withKey(channel, "record-" + number, "k" + (number % 7));
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + DEADLINE_MS + " ms: " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  private List<Hash> submit(Node node, String channel, int count) throws Exception {
    List<Transaction> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(transaction(channel));
    }
    List<ChannelRuntime.Admission> admissions =
        node.channel(channel).orElseThrow().submit(batch, 10_000);
    assertThat(admissions).allMatch(a -> a instanceof ChannelRuntime.Admission.Accepted);
    return admissions.stream().map(ChannelRuntime.Admission::txId).toList();
  }

  private static boolean allFinal(Node node, String channel, List<Hash> ids) {
    ChannelRuntime runtime = node.channel(channel).orElseThrow();
    return ids.stream().allMatch(id -> runtime.store().transaction(id).isPresent());
  }

  private static void assertSameChain(List<Node> which, String channel) {
    long height = which.get(0).channel(channel).orElseThrow().store().height();
    for (Node node : which) {
      ChannelRuntime runtime = node.channel(channel).orElseThrow();
      assertThat(runtime.store().height()).as(node.config().nodeId()).isGreaterThanOrEqualTo(1);
      long common = Math.min(height, runtime.store().height());
      for (long h = 1; h <= common; h++) {
        CertifiedBlock mine = runtime.store().block(h).orElseThrow();
        CertifiedBlock theirs =
            which.get(0).channel(channel).orElseThrow().store().block(h).orElseThrow();
        assertThat(mine.block().hash(CryptoSuite.of(SuiteId.STANDARD)))
            .as("block %d at %s", h, node.config().nodeId())
            .isEqualTo(theirs.block().hash(CryptoSuite.of(SuiteId.STANDARD)));
      }
    }
  }

  @Test
  void transactionsSubmittedToOneNodeAreFinalOnAllFourWithOneChain() throws Exception {
    configs.forEach(this::start);
    Node first = nodes.firstEntry().getValue();
    List<Hash> ids = submit(first, BILATERAL, 200);
    await(
        "200 transactions final on all four",
        () -> nodes.values().stream().allMatch(n -> allFinal(n, BILATERAL, ids)));

    List<Node> all = new ArrayList<>(nodes.values());
    assertSameChain(all, BILATERAL);
    await(
        "the same height and state digest on all four",
        () ->
            all.stream()
                        .map(n -> n.channel(BILATERAL).orElseThrow().store().stateDigest())
                        .distinct()
                        .count()
                    == 1
                && all.stream()
                        .map(n -> n.channel(BILATERAL).orElseThrow().store().height())
                        .distinct()
                        .count()
                    == 1);
    for (Hash id : ids) {
      long located =
          all.stream()
              .map(n -> n.channel(BILATERAL).orElseThrow().store().transaction(id).orElseThrow())
              .distinct()
              .count();
      assertThat(located).as("one location for %s", id.shortHex()).isEqualTo(1);
    }
  }

  @Test
  void aNodeClosedAndRestartedCatchesUpAndTheOthersKeepCommitting() throws Exception {
    configs.forEach(this::start);
    Node first = nodes.firstEntry().getValue();
    Node last = nodes.lastEntry().getValue();
    Path lastConfig =
        configs.stream()
            .filter(p -> NodeConfig.load(p).nodeId().equals(last.config().nodeId()))
            .findFirst()
            .orElseThrow();
    List<Hash> before = submit(first, BILATERAL, 20);
    await(
        "20 final everywhere",
        () -> nodes.values().stream().allMatch(n -> allFinal(n, BILATERAL, before)));

    last.close();
    nodes.remove(last.config().nodeId());
    List<Hash> during = submit(first, BILATERAL, 20);
    await(
        "three nodes keep committing",
        () -> nodes.values().stream().allMatch(n -> allFinal(n, BILATERAL, during)));

    Node restarted = start(lastConfig);
    await("the restarted node catches up", () -> allFinal(restarted, BILATERAL, during));
    List<Hash> after = submit(first, BILATERAL, 20);
    await(
        "all four commit again",
        () -> nodes.values().stream().allMatch(n -> allFinal(n, BILATERAL, after)));
    assertSameChain(new ArrayList<>(nodes.values()), BILATERAL);
  }

  /**
   * A node's ledger holds only the newest {@link ConsensusLimits#LEDGER_RECENT_BLOCKS} blocks; a
   * node restarted with more replays its store page by page and still serves the older ones: here
   * to a member that missed the whole chain and can sync from it alone.
   */
  @Test
  void aRestartedNodeServesBlocksBelowItsLedgerWindowToALaggingMember() throws Exception {
    Path serverConfig = configs.get(0);
    Node server = start(serverConfig);
    List<Node> others = List.of(start(configs.get(1)), start(configs.get(2)));
    long target = ConsensusLimits.LEDGER_RECENT_BLOCKS + 8;
    while (server.channel(BILATERAL).orElseThrow().store().height() < target) {
      List<Hash> one = submit(server, BILATERAL, 1); // one block each: it waits to be final
      await(
          "a transaction final on three",
          () -> nodes.values().stream().allMatch(n -> allFinal(n, BILATERAL, one)));
    }
    long height = server.channel(BILATERAL).orElseThrow().store().height();
    for (Node other : others) {
      other.close();
      nodes.remove(other.config().nodeId());
    }
    server.close();
    nodes.remove(server.config().nodeId());

    Node restarted = start(serverConfig);
    assertThat(restarted.channel(BILATERAL).orElseThrow().store().height()).isEqualTo(height);
    // The laggard asks the restarted node for blocks 1 to 32 as they connect: every one below
    // height - 32 is outside the restarted node's ledger window, so it comes from its store.
    long answered = RuntimeLimits.SHELL.syncBlocksPerAnswerMax();
    assertThat(height - ConsensusLimits.LEDGER_RECENT_BLOCKS).isPositive();
    Node laggard = start(configs.get(3));
    await(
        "the lagging member syncs " + answered + " blocks from the restarted node",
        () -> laggard.channel(BILATERAL).orElseThrow().store().height() >= answered);
    assertSameChain(List.of(restarted, laggard), BILATERAL);
  }

  @Test
  void aChannelsHealthShowsEveryMemberNodeAndTheRoundChangesWhileOneIsDown() throws Exception {
    configs.forEach(this::start);
    Node first = nodes.get(LEAD + "-node-1");
    RuntimeBackend backend =
        new RuntimeBackend(first, ClientDirectory.of(Map.of()), Optional.empty());
    List<Hash> ids = submit(first, BILATERAL, 20);
    await(
        "final on all four",
        () -> nodes.values().stream().allMatch(n -> allFinal(n, BILATERAL, ids)));
    long height = first.channel(BILATERAL).orElseThrow().store().height();
    // A node that took the last block from others' COMMITs, without sending its own, has shown
    // only the height below it until the next height's messages: within one block is what holds.
    await(
        "every other node heard within one block of the committed height",
        () ->
            backend.channelHealth(BILATERAL).orElseThrow().nodes().stream()
                .allMatch(n -> n.height().orElse(0) >= height - 1));
    io.entente.node.api.ChannelHealth health = backend.channelHealth(BILATERAL).orElseThrow();
    assertThat(health.nodes())
        .extracting(io.entente.node.api.ChannelHealth.NodeHealth::nodeId)
        .containsExactlyInAnyOrderElementsOf(nodes.keySet());
    assertThat(health.nodes())
        .allSatisfy(
            n -> {
              assertThat(n.validator()).as(n.nodeId()).isTrue();
              assertThat(n.connected()).as(n.nodeId()).isTrue();
              assertThat(n.self()).as(n.nodeId()).isEqualTo(n.nodeId().equals(LEAD + "-node-1"));
              assertThat(n.lastSeenMs().isPresent()).as(n.nodeId()).isEqualTo(!n.self());
            });
    assertThat(health.evidence()).as("honest nodes leave no evidence").isEmpty();

    String stopped = PARTNER + "-node-2";
    nodes.remove(stopped).close();
    long heightAtStop = first.channel(BILATERAL).orElseThrow().store().height();
    // Round changes before the stop (start-up) do not count: only one above heightAtStop does.
    java.util.function.Supplier<Optional<io.entente.node.api.ChannelHealth.RoundChangeSeen>>
        afterStop =
            () ->
                backend.channelHealth(BILATERAL).orElseThrow().roundChanges().stream()
                    .filter(change -> change.height() > heightAtStop)
                    .findFirst();
    // One transaction per block: the proposer rotates with the height, so within four heights
    // the stopped node is the proposer and the other three change round.
    for (int block = 0; block < 12 && afterStop.get().isEmpty(); block++) {
      List<Hash> one = submit(first, BILATERAL, 1);
      await(
          "a transaction final on " + first.config().nodeId(),
          () -> allFinal(first, BILATERAL, one));
    }
    io.entente.node.api.ChannelHealth.RoundChangeSeen change =
        afterStop
            .get()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no round change within 12 blocks while " + stopped + " is down"));
    assertThat(change.round()).isPositive();
    io.entente.node.api.ChannelHealth.NodeHealth down =
        backend.channelHealth(BILATERAL).orElseThrow().nodes().stream()
            .filter(n -> n.nodeId().equals(stopped))
            .findFirst()
            .orElseThrow();
    assertThat(down.connected()).isFalse();
    assertThat(down.lastSeenMs()).as("still known from before it stopped").isPresent();
  }

  @Test
  void aChannelsDataStaysWithItsMembers() throws Exception {
    configs.forEach(this::start);
    otherConfigs.forEach(this::start);
    Node first = nodes.get(LEAD + "-node-1");
    List<Hash> ids = submit(first, BILATERAL, 20);
    await(
        "final on the four members",
        () ->
            nodes.values().stream()
                .filter(n -> n.channel(BILATERAL).isPresent())
                .allMatch(n -> allFinal(n, BILATERAL, ids)));
    long members = nodes.values().stream().filter(n -> n.channel(BILATERAL).isPresent()).count();
    assertThat(members).isEqualTo(4);
    for (Node node : nodes.values()) {
      try (Stream<Path> channelDirs =
          Files.list(node.config().dataDirectory().resolve("channels"))) {
        assertThat(channelDirs.map(p -> p.getFileName().toString()))
            .as(node.config().nodeId())
            .containsExactlyInAnyOrderElementsOf(node.channels().keySet());
      }
      if (node.config().institution().equals(OTHER)) {
        assertThat(node.channels()).doesNotContainKey(BILATERAL);
      }
    }
    assertThat(counts).doesNotContainKey(ChannelRouter.FRAME_FROM_NON_MEMBER);
  }

  /** What one node's runtime did with its log and the network, in order. */
  private static final class Recording implements RuntimeProbe {
    record Step(String kind, Bytes data) {}

    final List<Step> steps = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void walAppended(String channel, long height, Bytes record) {
      if (channel.equals(BILATERAL)) {
        steps.add(new Step("append", record));
      }
    }

    @Override
    public void walSynced(String channel) {
      if (channel.equals(BILATERAL)) {
        steps.add(new Step("sync", null));
      }
    }

    @Override
    public void sent(String channel, io.entente.node.p2p.PeerId to, Bytes wire) {
      if (channel.equals(BILATERAL)) {
        steps.add(new Step("send", wire));
      }
    }
  }

  @Test
  void everyConsensusMessageLeavesOnlyAfterTheSyncThatCoversIt() throws Exception {
    Recording recording = new Recording();
    Node watched = start(configs.get(0), recording);
    configs.subList(1, configs.size()).forEach(this::start);
    List<Hash> ids = submit(watched, BILATERAL, 50);
    await(
        "50 final everywhere",
        () -> nodes.values().stream().allMatch(n -> allFinal(n, BILATERAL, ids)));
    watched.close();
    nodes.remove(watched.config().nodeId());

    Hash me = suite.fingerprint(watched.config().sealSigner().publicKey());
    Map<Bytes, Integer> appendedAt = new java.util.HashMap<>();
    int lastSync = -1;
    java.util.TreeSet<String> checked = new java.util.TreeSet<>();
    List<String> breaches = new ArrayList<>();
    List<Recording.Step> steps = List.copyOf(recording.steps);
    for (int i = 0; i < steps.size(); i++) {
      Recording.Step step = steps.get(i);
      switch (step.kind()) {
        case "append" -> appendedAt.putIfAbsent(step.data(), i);
        case "sync" -> lastSync = i;
        default -> {
          if (ChannelWire.decode(step.data(), suite) instanceof ChannelWire.Consensus consensus
              && consensus.message().signed().author().equals(me)) {
            Integer appended = appendedAt.get(Messages.encodeRecord(consensus.message()));
            if (appended == null || lastSync < appended) {
              breaches.add(consensus.message().type() + " h" + consensus.message().height());
            }
            checked.add(consensus.message().type().toString());
          }
        }
      }
    }
    assertThat(breaches).as("messages sent before the sync covering them").isEmpty();
    assertThat(checked)
        .as("kinds of own consensus messages sent and checked")
        .contains("PREPARE", "COMMIT");
  }

  @Test
  void aTornLogTailIsCutOnRestartAndTheNodeRejoins() throws Exception {
    configs.forEach(this::start);
    Node first = nodes.firstEntry().getValue();
    Node last = nodes.lastEntry().getValue();
    Path lastConfig = configs.get(configs.size() - 1);
    List<Hash> before = submit(first, BILATERAL, 10);
    await(
        "10 final everywhere",
        () -> nodes.values().stream().allMatch(n -> allFinal(n, BILATERAL, before)));
    last.close();
    nodes.remove(last.config().nodeId());

    Path walDirectory =
        Node.channelDirectory(last.config().dataDirectory(), BILATERAL).resolve("wal");
    Path newest;
    try (Stream<Path> segments = Files.list(walDirectory)) {
      newest =
          segments
              .filter(p -> p.getFileName().toString().endsWith(".log"))
              .max(Path::compareTo)
              .orElseThrow();
    }
    // A record cut short: a length promising more bytes than follow.
    Files.write(newest, new byte[] {0, 0, 1, 0, 7, 7, 7}, java.nio.file.StandardOpenOption.APPEND);

    Node restarted = start(lastConfig);
    assertThat(counts).containsKey(ChannelRuntime.WAL_TORN_TAIL_CUT);
    List<Hash> after = submit(first, BILATERAL, 10);
    await("the restarted node commits again", () -> allFinal(restarted, BILATERAL, after));
    assertSameChain(new ArrayList<>(nodes.values()), BILATERAL);
  }

  private Transaction withKey(String channel, String key, String counter) {
    return withKey(channel, key, counter, System.currentTimeMillis() - 60_000);
  }

  private Transaction withKey(String channel, String key, String counter, long validFromMs) {
    long now = validFromMs + 60_000;
    return Transaction.sign(
        suite,
        client,
        new TxBody(
            channel,
            CounterApplication.NAME,
            CounterApplication.ADD,
            CounterApplication.payload(counter, 1),
            suite.fingerprint(client.publicKey()),
            key,
            now - 60_000,
            now + 3_600_000));
  }

  @Test
  void theApiBackendKeepsIdempotencyWaitsForCommitsAndServesBlocksProofsAndEvents()
      throws Exception {
    configs.forEach(this::start);
    Node first = nodes.firstEntry().getValue();
    RuntimeBackend backend =
        new RuntimeBackend(
            first,
            ClientDirectory.of(
                Map.of(
                    suite.fingerprint(client.publicKey()),
                    new ClientDirectory.Client(LEAD, client.publicKey(), CLIENT_NAME))),
            Optional.empty());
    List<io.entente.node.api.CommittedBlock> streamed =
        java.util.Collections.synchronizedList(new ArrayList<>());
    backend.subscribe(BILATERAL, streamed::add).orElseThrow();

    Transaction original = withKey(BILATERAL, "loan-1", "a");
    assertThat(backend.submit(BILATERAL, List.of(original)))
        .containsExactly(new io.entente.node.api.SubmitResult.Accepted(original.id(suite)));
    io.entente.node.api.SubmitResult.Committed committed =
        backend
            .awaitCommit(BILATERAL, original.id(suite), java.time.Instant.now().plusSeconds(60))
            .get(70, TimeUnit.SECONDS);
    assertThat(committed.txId()).isEqualTo(original.id(suite));

    // The very same signed transaction again: its original outcome, nothing changed, counted.
    assertThat(backend.submit(BILATERAL, List.of(original)))
        .containsExactly(
            new io.entente.node.api.SubmitResult.Duplicate(original.id(suite), committed));
    assertThat(counts).containsKey(ChannelRuntime.TX_REPLAYED);

    Transaction again = withKey(BILATERAL, "loan-1", "a");
    Transaction other = withKey(BILATERAL, "loan-1", "b");
    assertThat(backend.submit(BILATERAL, List.of(again, other)))
        .containsExactly(
            new io.entente.node.api.SubmitResult.Duplicate(again.id(suite), committed),
            new io.entente.node.api.SubmitResult.Conflict(
                other.id(suite), "loan-1", original.id(suite)));

    // Within one list: a key met again is judged against its first use in the list.
    Transaction firstUse = withKey(BILATERAL, "loan-2", "c");
    Transaction sameAgain = withKey(BILATERAL, "loan-2", "c");
    Transaction otherPayload = withKey(BILATERAL, "loan-2", "d");
    List<io.entente.node.api.SubmitResult> inList =
        backend.submit(BILATERAL, List.of(firstUse, sameAgain, otherPayload));
    assertThat(inList.get(0))
        .isEqualTo(new io.entente.node.api.SubmitResult.Accepted(firstUse.id(suite)));
    assertThat(inList.get(1))
        .isEqualTo(
            new io.entente.node.api.SubmitResult.Duplicate(
                sameAgain.id(suite),
                new io.entente.node.api.SubmitResult.Accepted(firstUse.id(suite))));
    assertThat(inList.get(2))
        .isEqualTo(
            new io.entente.node.api.SubmitResult.Conflict(
                otherPayload.id(suite), "loan-2", firstUse.id(suite)));

    Signer stranger = TestKeys.signer(SuiteId.STANDARD, 78);
    long now = System.currentTimeMillis();
    Transaction unknown =
        Transaction.sign(
            suite,
            stranger,
            new TxBody(
                BILATERAL,
                CounterApplication.NAME,
                CounterApplication.ADD,
                CounterApplication.payload("z", 1),
                suite.fingerprint(stranger.publicKey()),
                "x",
                now - 1_000,
                now + 60_000));
    assertThat(backend.submit(BILATERAL, List.of(unknown)).get(0))
        .isInstanceOf(io.entente.node.api.SubmitResult.Rejected.class);

    CertifiedBlock block = backend.block(BILATERAL, committed.height()).orElseThrow();
    assertThat(block.block().transactions().get(committed.index())).isEqualTo(original);
    assertThat(backend.inclusionProof(BILATERAL, original.id(suite))).isPresent();
    assertThat(backend.events(BILATERAL, committed.height())).isPresent();
    await(
        "the committed block streamed",
        () ->
            streamed.stream()
                .anyMatch(c -> c.block().block().header().height() == committed.height()));
    assertThat(backend.channelStatus(BILATERAL).orElseThrow().height())
        .isGreaterThanOrEqualTo(committed.height());
    assertThat(backend.channelInstitutions(BILATERAL).orElseThrow()).containsExactly(LEAD, PARTNER);
    assertThat(backend.readiness().ready()).isTrue();
  }

  @Test
  void idempotencyKeysOfCommittedTransactionsSurviveARestart() throws Exception {
    configs.forEach(this::start);
    Node first = nodes.firstEntry().getValue();
    ClientDirectory directory =
        ClientDirectory.of(
            Map.of(
                suite.fingerprint(client.publicKey()),
                new ClientDirectory.Client(LEAD, client.publicKey(), CLIENT_NAME)));
    Transaction original = withKey(BILATERAL, "loan-7", "a");
    assertThat(
            new RuntimeBackend(first, directory, Optional.empty())
                .submit(BILATERAL, List.of(original)))
        .containsExactly(new io.entente.node.api.SubmitResult.Accepted(original.id(suite)));
    await(
        "the original final on every node",
        () ->
            nodes.values().stream()
                .allMatch(n -> allFinal(n, BILATERAL, List.of(original.id(suite)))));

    Path firstConfig =
        configs.stream()
            .filter(p -> NodeConfig.load(p).nodeId().equals(first.config().nodeId()))
            .findFirst()
            .orElseThrow();
    first.close();
    nodes.remove(first.config().nodeId());
    Node restarted = start(firstConfig);
    RuntimeBackend backend = new RuntimeBackend(restarted, directory, Optional.empty());

    // Re-signed retries (another validity window, so another transaction id) after the restart.
    long otherWindow = original.body().validFromMs() + 1_000;
    Transaction retry = withKey(BILATERAL, "loan-7", "a", otherWindow);
    Transaction changed = withKey(BILATERAL, "loan-7", "b", otherWindow);
    assertThat(retry.id(suite)).isNotEqualTo(original.id(suite));
    List<io.entente.node.api.SubmitResult> results =
        backend.submit(BILATERAL, List.of(retry, changed));
    assertThat(results.get(0)).isInstanceOf(io.entente.node.api.SubmitResult.Duplicate.class);
    assertThat(((io.entente.node.api.SubmitResult.Duplicate) results.get(0)).original().txId())
        .isEqualTo(original.id(suite));
    assertThat(results.get(1))
        .isEqualTo(
            new io.entente.node.api.SubmitResult.Conflict(
                changed.id(suite), "loan-7", original.id(suite)));
  }
}
