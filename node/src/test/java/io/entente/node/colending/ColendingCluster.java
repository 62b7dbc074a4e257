package io.entente.node.colending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.Parties;
import io.entente.app.governance.GovernanceApplication;
import io.entente.app.governance.Parameters;
import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.app.Application;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.node.FreePorts;
import io.entente.node.api.ApplicationEvent;
import io.entente.node.api.SubmitResult;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.p2p.P2pListener;
import io.entente.node.runtime.ClientDirectory;
import io.entente.node.runtime.Node;
import io.entente.node.runtime.NodeEvents;
import io.entente.node.runtime.RuntimeBackend;
import io.entente.node.runtime.RuntimeProbe;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A consortium generated as {@code entente init} does (a lead and its partners, two nodes each, a
 * bilateral channel {@code <lead>--<partner>} of four validators per partner), every node started
 * in this JVM on loopback with mutual TLS and RocksDB, the bilateral channels running the
 * co-lending application and every node reading one {@link VirtualClock}. Each bank acts through
 * its first node: it signs requests with its institution's client key, submits them through the
 * node's {@link RuntimeBackend} and waits for their commit.
 */
final class ColendingCluster implements AutoCloseable {
  static final String LEAD = "lead-bank";
  static final long DEADLINE_MS = 120_000;
  private static final ConsensusConfig FAST =
      new ConsensusConfig(1_000, 4, 8_000, 2_500, 50, 1_000, 5_000);
  private static final int TEST_KEY_ITERATIONS = 1_000;

  final CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
  final VirtualClock clock;
  final List<String> partners;
  private final List<Node> nodes = new ArrayList<>();
  private final TreeMap<String, Bank> banks = new TreeMap<>();
  private long made;

  /** One bank as its systems see it: its first node and its client key. */
  record Bank(String institution, Node node, RuntimeBackend backend, NodeConfig config) {}

  private ColendingCluster(VirtualClock clock, List<String> partners) {
    this.clock = clock;
    this.partners = List.copyOf(partners);
  }

  static String partner(int number) {
    return "partner-" + number;
  }

  static String channel(String partner) {
    return ConsortiumSpec.bilateralChannel(LEAD, partner);
  }

  static ColendingCluster start(Path folder, int partnerCount, VirtualClock clock)
      throws Exception {
    List<String> partners = new ArrayList<>();
    for (int number = 1; number <= partnerCount; number++) {
      partners.add(partner(number));
    }
    ColendingCluster cluster = new ColendingCluster(clock, partners);
    try {
      Path consortium = folder.resolve("consortium");
      int nodeCount = 2 * (1 + partnerCount);
      ConsortiumWriter.write(
          new ConsortiumSpec(
                  LEAD, partners, 2, SuiteId.STANDARD, FreePorts.block(2 * nodeCount), "127.0.0.1")
              .withKeyIterations(TEST_KEY_ITERATIONS),
          consortium,
          false,
          Clock.systemUTC(),
          new SecureRandom());
      List<String> institutions = new ArrayList<>(partners);
      institutions.add(0, LEAD);
      for (String institution : institutions) {
        for (int n = 1; n <= 2; n++) {
          Path config =
              consortium
                  .resolve(institution)
                  .resolve(Layout.nodeFolder(n))
                  .resolve(Layout.NODE_CONFIG);
          cluster.startNode(NodeConfig.load(config), n == 1);
        }
      }
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  private void startNode(NodeConfig config, boolean gateway) {
    long now = System.currentTimeMillis();
    TreeMap<Hash, ClientDirectory.Client> clients = new TreeMap<>();
    TreeMap<Hash, String> institutions = new TreeMap<>();
    config
        .clientCertificates(now)
        .forEach(
            (id, client) -> {
              clients.put(
                  id,
                  new ClientDirectory.Client(client.institution(), client.key(), client.name()));
              institutions.put(id, client.institution());
            });
    Node node =
        Node.start(
            config,
            new Node.Services(
                genesis -> application(config, genesis.channel(), institutions),
                ClientDirectory.of(clients),
                FAST,
                NodeEvents.NONE,
                P2pListener.NONE,
                RuntimeProbe.NONE),
            clock::nowMs);
    nodes.add(node);
    if (gateway) {
      ClientDirectory directory = ClientDirectory.of(clients);
      banks.put(
          config.institution(),
          new Bank(
              config.institution(),
              node,
              new RuntimeBackend(node, directory, Optional.empty()),
              config));
    }
  }

  /** The governance application on the governance channel, co-lending on the bilateral ones. */
  private Application application(
      NodeConfig config, String channel, TreeMap<Hash, String> institutions) {
    if (channel.equals(ConsortiumSpec.GOVERNANCE_CHANNEL)) {
      return new GovernanceApplication(
          config.governanceGenesis(),
          Parameters.defaults(),
          ConsortiumSpec.GOVERNANCE_CHANNEL,
          institutions);
    }
    String partner = channel.substring((LEAD + "--").length());
    TreeMap<Hash, String> parties = new TreeMap<>();
    institutions.forEach(
        (id, institution) -> {
          if (institution.equals(LEAD) || institution.equals(partner)) {
            parties.put(id, institution);
          }
        });
    return new ColendingApplication(suite, new Parties(LEAD, partner, parties));
  }

  Bank bank(String institution) {
    return banks.get(institution);
  }

  /** A co-lending request of {@code user} at {@code bank}, signed with its client key. */
  Transaction request(
      Bank bank, String channel, String type, String user, String role, Bytes content, String key) {
    long now = clock.nowMs();
    TxBody body =
        new TxBody(
            channel,
            ColendingApplication.NAME,
            type,
            new UserRequestPayload(user, role, content).encode(),
            bank.config().clientCertificate().orElseThrow().id(suite.id()),
            key,
            now - 60_000,
            now + 3_600_000);
    return Transaction.sign(suite, bank.config().clientSigner().orElseThrow(), body);
  }

  /** A fresh idempotency key, for actions that have no natural one. */
  String freshKey(String what) {
    return what + "-" + made++;
  }

  /** Submits through the bank's node and returns the receipt once the block is committed. */
  Receipt submit(Bank bank, String channel, Transaction transaction) {
    SubmitResult result = bank.backend().submit(channel, List.of(transaction)).get(0);
    if (!(result instanceof SubmitResult.Accepted)
        && !(result instanceof SubmitResult.Duplicate)
        && !(result instanceof SubmitResult.Committed)) {
      fail(bank.institution() + " could not submit " + transaction.body().type() + ": " + result);
    }
    return receipt(bank, channel, transaction.id(suite));
  }

  /** Submits and requires the application to accept the transaction. */
  Receipt accepted(Bank bank, String channel, Transaction transaction) {
    Receipt receipt = submit(bank, channel, transaction);
    assertThat(receipt.status())
        .as(transaction.body().type() + ": " + receipt.code() + " " + receipt.detail())
        .isEqualTo(Receipt.Status.ACCEPTED);
    return receipt;
  }

  Receipt receipt(Bank bank, String channel, Hash txId) {
    SubmitResult.Committed committed;
    try {
      committed =
          bank.backend()
              .awaitCommit(channel, txId, Instant.now().plusMillis(DEADLINE_MS))
              .get(DEADLINE_MS + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("no commit of " + txId.shortHex() + " within " + DEADLINE_MS, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    var store = bank.node().channel(channel).orElseThrow().store();
    await(
        "receipts of block " + committed.height(),
        () -> store.receipts(committed.height()).isPresent());
    return store.receipts(committed.height()).orElseThrow().get(committed.index());
  }

  /** Waits until every node of {@code channel} has executed block {@code height}. */
  void awaitEverywhere(String channel, long height) {
    for (Node node : nodes) {
      node.channel(channel)
          .ifPresent(
              runtime ->
                  await(
                      node.config().nodeId() + " at height " + height + " of " + channel,
                      () ->
                          runtime.store().height() >= height
                              && runtime.store().receipts(height).isPresent()));
    }
  }

  /** Reads through the bank's node, on the channel's thread. */
  Application.QueryResult query(Bank bank, String channel, String user, Bytes request) {
    return bank.backend()
        .query(channel, new Application.Caller(bank.institution(), user), request)
        .orElseThrow();
  }

  /**
   * The co-lending events of the executed blocks of {@code channel} after {@code fromHeight}.
   * Events the application raises for the block itself (deadlines: an SLA that fell due, a day that
   * closed by itself) carry no transaction, and the backend names their application {@code ledger};
   * on a bilateral channel they are the co-lending application's.
   */
  List<ApplicationEvent> eventsAfter(String channel, long fromHeight) {
    // The events are read at the lead's gateway node, which may lag the node a transaction was
    // submitted to: first let it execute every block either gateway has.
    long reached = 0;
    for (Bank bank : banks.values()) {
      var runtime = bank.node().channel(channel);
      if (runtime.isPresent()) {
        reached = Math.max(reached, runtime.get().store().height());
      }
    }
    var lead = banks.get(LEAD).node().channel(channel).orElseThrow().store();
    long until = reached;
    await(
        "the lead's node at height " + until + " of " + channel,
        () -> until == 0 || lead.receipts(until).isPresent());
    RuntimeBackend backend = banks.get(LEAD).backend();
    List<ApplicationEvent> events = new ArrayList<>();
    for (long height = fromHeight + 1; ; height++) {
      Optional<List<ApplicationEvent>> block = backend.events(channel, height);
      if (block.isEmpty()) {
        return events;
      }
      for (ApplicationEvent event : block.get()) {
        if (event.application().equals(ColendingApplication.NAME)
            || event.application().equals("ledger")) {
          events.add(event);
        }
      }
    }
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + DEADLINE_MS + " ms: " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      node.close();
    }
    nodes.clear();
  }
}
