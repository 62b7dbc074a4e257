package io.entente.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.Parties;
import io.entente.app.colending.PositionView;
import io.entente.app.colending.Requests;
import io.entente.app.governance.GovernanceApplication;
import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.app.Application;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Pem;
import io.entente.node.api.RequestSigner;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.keys.KeyFiles;
import io.entente.node.keys.PasswordSource;
import io.entente.node.p2p.P2pListener;
import io.entente.node.traffic.ColendingTraffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node runs the co-lending application on its bilateral channels: who the lead and the partner
 * are comes from the governance genesis (the channel's members and their roles), and only those two
 * banks' client certificates speak in the channel. On four in-process nodes of a real consortium,
 * an agreement proposed and accepted through the channel is read back through {@link
 * RuntimeBackend#query}, the seam the API's read endpoints use.
 */
class ColendingChannelTest {
  private static final String LEAD = "lead-bank";
  private static final String PARTNER = "partner-a";
  private static final String OTHER = "partner-b";
  private static final String BILATERAL = LEAD + "--" + PARTNER;
  private static final String OTHER_BILATERAL = LEAD + "--" + OTHER;
  private static final long DEADLINE_MS = 60_000;
  private static final ConsensusConfig FAST =
      new ConsensusConfig(1_000, 4, 8_000, 2_500, 50, 1_000, 5_000);

  @TempDir static Path folder;
  private static Path consortium;

  private final CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
  private final List<Node> nodes = new ArrayList<>();

  @BeforeAll
  static void writeConsortium() throws IOException {
    consortium = folder.resolve("consortium");
    ConsortiumWriter.write(
        new ConsortiumSpec(
                LEAD,
                List.of(PARTNER, OTHER),
                2,
                SuiteId.STANDARD,
                io.entente.node.FreePorts.block(12),
                "127.0.0.1")
            .withKeyIterations(NodeClusterTest.TEST_KEY_ITERATIONS),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
  }

  @AfterEach
  void stopAll() {
    nodes.forEach(Node::close);
    nodes.clear();
  }

  private static NodeConfig config(String institution, int number) {
    return NodeConfig.load(
        consortium
            .resolve(institution)
            .resolve(Layout.nodeFolder(number))
            .resolve(Layout.NODE_CONFIG));
  }

  private static Hash clientCertificateId(String institution) throws IOException {
    Path admin = consortium.resolve(institution).resolve(Layout.ADMIN_DIR);
    return Pem.decode(Files.readString(admin.resolve(Layout.CLIENT_CERTIFICATE)))
        .id(SuiteId.STANDARD);
  }

  @Test
  void leadAndPartnerComeFromTheChannelsMembersAndTheirGovernanceRoles() throws IOException {
    NodeConfig partnerNode = config(PARTNER, 1);
    SortedMap<Hash, NodeConfig.ClientCertificate> clients =
        partnerNode.clientCertificates(System.currentTimeMillis());
    assertThat(clients.values())
        .extracting(NodeConfig.ClientCertificate::institution)
        .as("the node knows every institution's client certificate")
        .contains(LEAD, PARTNER, OTHER);

    Parties parties = RunningNode.parties(partnerNode.governanceGenesis(), BILATERAL, clients);

    assertThat(parties.lead()).isEqualTo(LEAD);
    assertThat(parties.partner()).isEqualTo(PARTNER);
    assertThat(parties.certificates())
        .containsEntry(clientCertificateId(LEAD), LEAD)
        .containsEntry(clientCertificateId(PARTNER), PARTNER)
        .doesNotContainKey(clientCertificateId(OTHER));
    assertThat(parties.certificates().values()).containsOnly(LEAD, PARTNER);

    NodeConfig leadNode = config(LEAD, 1);
    Parties other =
        RunningNode.parties(
            leadNode.governanceGenesis(),
            OTHER_BILATERAL,
            leadNode.clientCertificates(System.currentTimeMillis()));
    assertThat(other.lead()).isEqualTo(LEAD);
    assertThat(other.partner()).isEqualTo(OTHER);
    assertThat(other.certificates().values()).containsOnly(LEAD, OTHER);
  }

  @Test
  void aChannelWithoutOneLeadAndOnePartnerOrOutsideGovernanceHasNoParties() {
    NodeConfig leadNode = config(LEAD, 1);
    SortedMap<Hash, NodeConfig.ClientCertificate> clients =
        leadNode.clientCertificates(System.currentTimeMillis());
    assertThatThrownBy(
            () ->
                RunningNode.parties(
                    leadNode.governanceGenesis(), ConsortiumSpec.GOVERNANCE_CHANNEL, clients))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one lead and one partner");
    assertThatThrownBy(
            () -> RunningNode.parties(leadNode.governanceGenesis(), "lead-bank--nobody", clients))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not in governance");
  }

  @Test
  void bilateralChannelsRunCoLendingAndTheGovernanceChannelGovernance() {
    NodeConfig leadNode = config(LEAD, 1);
    var applications = RunningNode.applications(leadNode, suite, System.currentTimeMillis());
    assertThat(applications.apply(leadNode.genesis(BILATERAL)))
        .isInstanceOf(ColendingApplication.class);
    assertThat(applications.apply(leadNode.genesis(OTHER_BILATERAL)))
        .isInstanceOf(ColendingApplication.class);
    assertThat(applications.apply(leadNode.genesis(ConsortiumSpec.GOVERNANCE_CHANNEL)))
        .isInstanceOf(GovernanceApplication.class);
  }

  private Node start(NodeConfig config) {
    long now = System.currentTimeMillis();
    Node node =
        Node.start(
            config,
            new Node.Services(
                RunningNode.applications(config, suite, now),
                ClientDirectory.fromConfig(config, now),
                FAST,
                NodeEvents.NONE,
                P2pListener.NONE,
                RuntimeProbe.NONE));
    nodes.add(node);
    return node;
  }

  private ColendingTraffic.Bank bank(String institution) throws IOException {
    Path admin = consortium.resolve(institution).resolve(Layout.ADMIN_DIR);
    return new ColendingTraffic.Bank(
        institution,
        KeyFiles.loadSigner(
            admin.resolve(Layout.CLIENT_KEY),
            SuiteId.STANDARD,
            PasswordSource.file(admin.resolve(Layout.PASSWORD_FILE))),
        clientCertificateId(institution));
  }

  @Test
  void theBackendsQueryAnswersWithTheChannelApplicationsAnswer() throws Exception {
    List<NodeConfig> configs =
        List.of(config(LEAD, 1), config(LEAD, 2), config(PARTNER, 1), config(PARTNER, 2));
    for (NodeConfig config : configs) {
      start(config);
    }
    Node leadNode = nodes.get(0);
    RuntimeBackend backend =
        new RuntimeBackend(
            leadNode,
            ClientDirectory.fromConfig(configs.get(0), System.currentTimeMillis()),
            RequestSigner.fromConfig(configs.get(0)));
    ColendingTraffic traffic =
        new ColendingTraffic(
            suite,
            BILATERAL,
            bank(LEAD),
            bank(PARTNER),
            "AGR-1",
            "t1",
            ColendingTraffic.shanghaiDay(System.currentTimeMillis()));
    Bytes position = Requests.QueryRequest.CODEC.encode(Requests.QueryRequest.position("AGR-1"));
    Application.Caller leadClerk = new Application.Caller(LEAD, "clerk");

    assertThat(backend.query(BILATERAL, leadClerk, position).orElseThrow().check())
        .as("before the agreement exists the application refuses")
        .isInstanceOf(Check.Rejected.class);

    long now = System.currentTimeMillis();
    submit(leadNode, traffic.propose(now));
    submit(leadNode, traffic.accept(now));
    submit(leadNode, traffic.attest(traffic.lead(), List.of(traffic.openingDeposit()), now));
    submit(nodes.get(2), traffic.attest(traffic.partner(), List.of(traffic.openingDeposit()), now));

    await(
        "the opening deposit posted on the lead's node",
        () -> {
          Optional<Application.QueryResult> answer = backend.query(BILATERAL, leadClerk, position);
          return answer.isPresent()
              && answer.get().check() instanceof Check.Accepted
              && PositionView.CODEC.decode(answer.get().result()).postedReserve()
                  == traffic.openingDeposit().amount();
        });
    PositionView view =
        PositionView.CODEC.decode(
            backend.query(BILATERAL, leadClerk, position).orElseThrow().result());
    assertThat(view.agreement()).isEqualTo("AGR-1");
    assertThat(view.available()).isEqualTo(traffic.openingDeposit().amount());
    assertThat(view.openBreaks()).isZero();

    Application.QueryResult outsider =
        backend.query(BILATERAL, new Application.Caller(OTHER, "clerk"), position).orElseThrow();
    assertThat(outsider.check()).isInstanceOf(Check.Rejected.class);
    assertThat(((Check.Rejected) outsider.check()).reason()).isEqualTo("not-a-party");

    assertThat(backend.query("no-such-channel", leadClerk, position))
        .as("a channel the node does not serve")
        .isEmpty();
  }

  /**
   * Submits until the channel admits the transaction: an acceptance is admitted only once the
   * proposal is final, an attestation only once the agreement is active.
   */
  private void submit(Node node, Transaction transaction) throws InterruptedException {
    await(
        "admission of " + transaction.body().type(),
        () ->
            node.channel(BILATERAL).orElseThrow().submit(List.of(transaction), 10_000).get(0)
                instanceof ChannelRuntime.Admission.Accepted);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + DEADLINE_MS + " ms: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
