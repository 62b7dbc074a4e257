package io.entente.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entente.app.governance.GovernanceApplication;
import io.entente.app.governance.GovernanceReasons;
import io.entente.app.governance.GovernanceRequests;
import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.ledger.BlockChecks;
import io.entente.core.chain.Transaction;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateReasons;
import io.entente.core.pki.Pem;
import io.entente.core.pki.Purpose;
import io.entente.core.pki.Validation;
import io.entente.node.FreePorts;
import io.entente.node.api.RequestSigner;
import io.entente.node.api.UserRequests;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.keys.KeyFiles;
import io.entente.node.keys.PasswordSource;
import io.entente.node.p2p.NodeIdentity;
import io.entente.node.p2p.P2pReasons;
import io.entente.node.p2p.TlsProbe;
import io.entente.node.runtime.RunningNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows 1 and 2 of consortium governance end to end, through four real nodes (one per bank: the
 * lead and three partners) with consensus, storage and the HTTPS API: a new bank generates its keys
 * ({@code entente org new}), the lead's admin proposes its admission from the bundle ({@code
 * entente governance propose-admit}), and the other members vote ({@code entente governance vote})
 * until more than two thirds of the four voters said yes; TLS trust follows each decision; not
 * enough votes, a rejection and an expiry in block time never take effect.
 *
 * <p>The nodes share one clock (block time, tokens) that one test moves a week forward; every test
 * reads it and none depends on running before that one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEAD = "lead-bank";
  private static final List<String> PARTNERS = List.of("partner-a", "partner-b", "partner-c");
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir static Path folder;

  private Path consortium;

  /**
   * Every node's clock (block time, tokens): the system clock, moved forward by the expiry test.
   */
  private final ShiftedClock clock = new ShiftedClock();

  private final List<RunningNode> nodes = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    consortium = folder.resolve("consortium");
    ConsortiumWriter.write(
        new ConsortiumSpec(LEAD, PARTNERS, 1, SuiteId.STANDARD, FreePorts.block(8), "127.0.0.1")
            .withKeyIterations(1_000),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    addSecondAdmin(
        NodeConfig.load(home(LEAD).resolve(Layout.NODE_CONFIG)).usersFile(), credentials(LEAD));
    for (String institution : institutions()) {
      nodes.add(
          RunningNode.start(
              NodeConfig.load(home(institution).resolve(Layout.NODE_CONFIG)),
              ConsensusConfig.DEFAULT,
              clock));
    }
    for (String institution : institutions()) {
      awaitReady(institution);
    }
  }

  @AfterAll
  void stop() {
    for (RunningNode node : nodes) {
      node.close();
    }
  }

  private static List<String> institutions() {
    List<String> all = new ArrayList<>();
    all.add(LEAD);
    all.addAll(PARTNERS);
    return all;
  }

  private Path home(String institution) {
    return consortium.resolve(institution).resolve(Layout.nodeFolder(1));
  }

  private Path credentials(String institution) {
    return consortium.resolve(institution).resolve(Layout.ADMIN_CREDENTIALS);
  }

  private CliRun cli(String institution, String... args) {
    String[] full = new String[args.length + 4];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--home";
    full[args.length + 1] = home(institution).toString();
    full[args.length + 2] = "--credentials";
    full[args.length + 3] = credentials(institution).toString();
    return CliRun.of(full);
  }

  @Test
  void aNewBankIsAdmittedByVoteAndNotBefore() throws Exception {
    Path bankD = folder.resolve("bank-d");
    CliRun generated =
        CliRun.of(
            "org",
            "new",
            bankD.toString(),
            "--id",
            "bank-d",
            "--name",
            "Bank D",
            "--nodes",
            "1",
            "--insecure-key-iterations=1000");
    assertThat(generated.status()).as(generated.err()).isZero();
    Path bundle = bankD.resolve("bundle.json");
    NodeIdentity bankDNode = identity(bankD);

    // Before the vote no node trusts the new bank's CA: its node is refused at TLS.
    for (int i = 0; i < nodes.size(); i++) {
      refusedAs(i, bankDNode, CertificateReasons.UNKNOWN_ISSUER);
    }

    CliRun proposed = cli(LEAD, "governance", "propose-admit", "--bundle", bundle.toString());
    assertThat(proposed.status()).as(proposed.err()).isZero();
    assertThat(proposed.out()).contains("committed").containsPattern("proposal \\d+: open");
    long id = Long.parseLong(proposed.out().replaceAll("(?s).*proposal (\\d+): open.*", "$1"));

    // Maker and checker: the admin who proposed does not also vote for the lead.
    CliRun selfVote = cli(LEAD, "governance", "vote", Long.toString(id), "yes");
    assertThat(selfVote.status()).isEqualTo(GovernanceCommand.FAILED);
    assertThat(selfVote.err()).contains(GovernanceReasons.SAME_USER);

    // One yes of four voters: the proposal stays open and bank-d is not a member.
    CliRun first = cli("partner-a", "governance", "vote", Long.toString(id), "yes");
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).contains("proposal " + id + ": open");
    Api lead = Api.login(home(LEAD), credentials(LEAD), "admin");
    assertThat(members(lead)).doesNotContain("bank-d");
    JsonNode open = lead.get("/v1/governance/proposals/" + id);
    assertThat(open.get("status").asText()).isEqualTo("open");
    assertThat(open.get("kind").asText()).isEqualTo("admit-member");
    assertThat(open.get("voters"))
        .extracting(JsonNode::asText)
        .containsExactly(LEAD, "partner-a", "partner-b", "partner-c");
    assertThat(open.get("yes").asInt()).isEqualTo(1);
    assertThat(open.get("expiresAtMs").asLong()).isGreaterThan(open.get("createdAtMs").asLong());
    assertThat(open.has("decision")).isFalse();

    // A user without the admin role may not vote.
    Api gateway = Api.login(home("partner-b"), credentials("partner-b"), "gateway");
    HttpResponse<String> notAdmin =
        gateway.post("/v1/governance/proposals/" + id + "/votes", "{\"vote\":\"yes\"}", "k1");
    assertThat(notAdmin.statusCode()).isEqualTo(403);

    // The new bank is no member yet: a vote it signs with its own client key is refused (the
    // ledger knows no such client, before the governance application is asked).
    HttpResponse<String> outsider =
        Api.login(home(LEAD), credentials(LEAD), "gateway")
            .post(
                "/v1/channels/governance/transactions",
                "{\"transaction\":\"" + bankDVote(bankD, id, false, "outsider") + "\"}",
                null);
    assertThat(outsider.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(outsider.body()).get("reason").asText())
        .isEqualTo(BlockChecks.UNKNOWN_CLIENT);

    // Two yes of four is not more than two thirds either.
    CliRun second = cli("partner-b", "governance", "vote", Long.toString(id), "yes");
    assertThat(second.out()).as(second.err()).contains("proposal " + id + ": open");
    assertThat(members(lead)).doesNotContain("bank-d");

    // The third yes passes it; every node's governance state has the new member.
    CliRun third = cli("partner-c", "governance", "vote", Long.toString(id), "yes");
    assertThat(third.out()).as(third.err()).contains("proposal " + id + ": approved");
    for (String institution : institutions()) {
      Api api = Api.login(home(institution), credentials(institution), "admin");
      awaitCondition(
          "bank-d a member on the node of " + institution, () -> members(api).contains("bank-d"));
    }
    JsonNode approved = lead.get("/v1/governance/proposals/" + id);
    assertThat(approved.get("status").asText()).isEqualTo("approved");
    assertThat(approved.get("votes")).hasSize(3);
    JsonNode member = memberNode(lead, "bank-d");
    assertThat(member.get("role").asText()).isEqualTo("partner");
    assertThat(member.get("caCertificate").get("pem").asText())
        .isEqualTo(Pem.encode(Pem.decode(Files.readString(bankD.resolve("ca/ca-cert.pem")))));

    // TLS trust follows the governance view, without a restart: every node now trusts the new
    // bank's CA. Its node is still no configured peer, so the handshake ends in access_denied.
    for (int i = 0; i < nodes.size(); i++) {
      RunningNode node = nodes.get(i);
      awaitCondition(
          "node " + i + " trusts bank-d's CA", () -> validatesAs(node, bankDNode, "bank-d"));
      refusedAs(i, bankDNode, P2pReasons.UNKNOWN_PEER);
    }

    // The admission registered the bundle's client certificate: every node now knows bank-d's
    // signing key from the governance state, without a restart. Its vote on the closed admission
    // passes the ledger's client check and reaches the governance application, which refuses it.
    for (int i = 0; i < nodes.size(); i++) {
      String institution = institutions().get(i);
      Api gatewayI = Api.login(home(institution), credentials(institution), "gateway");
      int attempt = i * 1000;
      awaitCondition(
          "node " + i + " knows bank-d's client certificate",
          () ->
              submittedReason(gatewayI, bankDVote(bankD, id, true, "late-" + (attempt + tries++)))
                  .equals(GovernanceReasons.PROPOSAL_CLOSED));
    }

    // The new bank proposes its own node: it signs with its admin client key (its node does not
    // run yet) and sends the proposal through a partner's node. The lead cannot propose it.
    CliRun notOwn =
        cli(
            LEAD,
            "governance",
            "propose-register",
            "--bundle",
            bundle.toString(),
            "--node",
            "bank-d-node-1");
    assertThat(notOwn.status()).isEqualTo(GovernanceCommand.FAILED);
    assertThat(notOwn.err()).contains(GovernanceReasons.NOT_OWN);
    CliRun register =
        cli(
            "partner-a",
            "governance",
            "propose-register",
            "--bundle",
            bundle.toString(),
            "--node",
            "bank-d-node-1",
            "--sign-with",
            bankD.toString(),
            "--user",
            "gateway");
    assertThat(register.status()).as(register.err()).isZero();
    assertThat(register.out()).contains("committed").containsPattern("proposal \\d+: open");
    long registerId =
        Long.parseLong(register.out().replaceAll("(?s).*proposal (\\d+): open.*", "$1"));
    JsonNode registering = lead.get("/v1/governance/proposals/" + registerId);
    assertThat(registering.get("kind").asText()).isEqualTo("register-node");
    assertThat(registering.get("proposer").asText()).isEqualTo("bank-d");
    assertThat(registering.get("change").get("nodeId").asText()).isEqualTo("bank-d-node-1");
    assertThat(registering.get("change").get("tlsKeyFingerprint").asText())
        .isEqualTo(
            CryptoSuite.of(SuiteId.STANDARD).fingerprint(bankDNode.key().publicKey()).toHex());
    for (String voter : List.of(LEAD, "partner-a", "partner-b")) {
      CliRun vote = cli(voter, "governance", "vote", Long.toString(registerId), "yes");
      assertThat(vote.status()).as(vote.err()).isZero();
    }
    assertThat(lead.get("/v1/governance/proposals/" + registerId).get("status").asText())
        .isEqualTo("approved");
    // Every member's node lists the new node, an observer of the governance channel.
    for (String institution : institutions()) {
      Api api = Api.login(home(institution), credentials(institution), "admin");
      awaitCondition(
          "bank-d-node-1 registered on the node of " + institution,
          () -> {
            for (JsonNode node : api.get("/v1/governance/nodes").get("nodes")) {
              if (node.get("nodeId").asText().equals("bank-d-node-1")) {
                return node.get("institution").asText().equals("bank-d")
                    && node.get("observerOf").toString().equals("[\"governance\"]")
                    && node.get("validatorOf").isEmpty();
              }
            }
            return false;
          });
    }

    CliRun list = cli(LEAD, "governance", "list");
    assertThat(list.status()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("admit-member", "bank-d", "approved", "3/0  ")
        .contains("partner-a: yes by admin");

    // Revoking the new bank's node certificate: now five voters (bank-d is a member), four yes
    // needed; the lead votes with its second admin (maker and checker). It is a decision.
    Certificate bankDTls = bankDNode.leaf();
    CliRun revocation =
        cli(
            LEAD,
            "governance",
            "propose-revoke",
            "--certificate",
            bankD
                .resolve(Layout.nodeFolder(1))
                .resolve(Layout.KEYS_DIR)
                .resolve(Layout.TLS_CERTIFICATE)
                .toString());
    assertThat(revocation.status()).as(revocation.err()).isZero();
    long revokeId =
        Long.parseLong(revocation.out().replaceAll("(?s).*proposal (\\d+): open.*", "$1"));
    JsonNode revoking = lead.get("/v1/governance/proposals/" + revokeId);
    assertThat(revoking.get("change").get("issuer").asText()).isEqualTo(bankDTls.issuer());
    assertThat(revoking.get("change").get("serial").asText())
        .isEqualTo(bankDTls.serial().toString(16));
    assertThat(lead.get("/v1/governance/proposals/" + revokeId).get("voters")).hasSize(5);
    CliRun byAdmin2 =
        cli(LEAD, "governance", "vote", Long.toString(revokeId), "yes", "--user", ADMIN2);
    assertThat(byAdmin2.out()).as(byAdmin2.err()).contains("proposal " + revokeId + ": open");
    assertThat(cli("partner-a", "governance", "vote", Long.toString(revokeId), "yes").out())
        .contains("proposal " + revokeId + ": open");
    assertThat(cli("partner-b", "governance", "vote", Long.toString(revokeId), "yes").out())
        .contains("proposal " + revokeId + ": open");
    // The fourth yes is the new bank's own, signed with its client key and sent to a partner's
    // node: a member's vote counts from its admission on.
    HttpResponse<String> bankDYes =
        Api.login(home("partner-a"), credentials("partner-a"), "gateway")
            .post(
                "/v1/channels/governance/transactions?wait=commit",
                "{\"transaction\":\"" + bankDVote(bankD, revokeId, true, "bank-d-yes") + "\"}",
                null);
    assertThat(bankDYes.statusCode()).as(bankDYes.body()).isEqualTo(200);
    assertThat(JSON.readTree(bankDYes.body()).get("status").asText()).isEqualTo("committed");
    awaitCondition(
        "bank-d's vote approves the revocation",
        () ->
            lead.get("/v1/governance/proposals/" + revokeId)
                .get("status")
                .asText()
                .equals("approved"));
    JsonNode revoked = lead.get("/v1/governance/proposals/" + revokeId);
    assertThat(revoked.get("votes"))
        .extracting(vote -> vote.get("institution").asText())
        .contains("bank-d");
    assertThat(revoked.get("status").asText()).isEqualTo("approved");
    assertThat(revoked.get("decision").asLong()).isPositive();
    for (int i = 0; i < nodes.size(); i++) {
      RunningNode node = nodes.get(i);
      awaitCondition(
          "node " + i + " refuses the revoked certificate",
          () -> node.node().trustStore().isRevoked(bankDTls));
      refusedAs(i, bankDNode, CertificateReasons.REVOKED);
    }

    // Revoking the new bank's client certificate: every node stops admitting what it signs.
    CliRun clientRevocation =
        cli(
            LEAD,
            "governance",
            "propose-revoke",
            "--certificate",
            bankD.resolve(Layout.ADMIN_DIR).resolve(Layout.CLIENT_CERTIFICATE).toString());
    assertThat(clientRevocation.status()).as(clientRevocation.err()).isZero();
    long clientRevokeId =
        Long.parseLong(clientRevocation.out().replaceAll("(?s).*proposal (\\d+): open.*", "$1"));
    assertThat(
            cli(LEAD, "governance", "vote", Long.toString(clientRevokeId), "yes", "--user", ADMIN2)
                .status())
        .isZero();
    for (String partner : PARTNERS) {
      CliRun vote = cli(partner, "governance", "vote", Long.toString(clientRevokeId), "yes");
      assertThat(vote.status()).as(vote.err()).isZero();
    }
    assertThat(lead.get("/v1/governance/proposals/" + clientRevokeId).get("status").asText())
        .isEqualTo("approved");
    for (int i = 0; i < nodes.size(); i++) {
      String institution = institutions().get(i);
      Api gatewayI = Api.login(home(institution), credentials(institution), "gateway");
      int attempt = 50_000 + i * 1000;
      awaitCondition(
          "node " + i + " refuses bank-d's revoked client certificate",
          () ->
              submittedReason(
                      gatewayI, bankDVote(bankD, id, true, "revoked-" + (attempt + tries++)))
                  .equals(BlockChecks.UNKNOWN_CLIENT));
    }

    // The checker (approver role) may not vote either: governance is the admin's.
    HttpResponse<String> late =
        Api.login(home(LEAD), credentials(LEAD), "checker")
            .post("/v1/governance/proposals/" + id + "/votes", "{\"vote\":\"no\"}", "late");
    assertThat(late.statusCode()).isEqualTo(403);

    // The bank leaves again (it runs no validator): once removed, no node trusts its CA.
    CliRun removal = cli(LEAD, "governance", "propose-remove", "--institution", "bank-d");
    assertThat(removal.status()).as(removal.err()).isZero();
    long removeId = Long.parseLong(removal.out().replaceAll("(?s).*proposal (\\d+): open.*", "$1"));
    assertThat(lead.get("/v1/governance/proposals/" + removeId).get("voters"))
        .extracting(JsonNode::asText)
        .as("the subject of a removal does not vote on it")
        .containsExactly(LEAD, "partner-a", "partner-b", "partner-c");
    for (String partner : PARTNERS) {
      CliRun vote = cli(partner, "governance", "vote", Long.toString(removeId), "yes");
      assertThat(vote.status()).as(vote.err()).isZero();
    }
    assertThat(lead.get("/v1/governance/proposals/" + removeId).get("status").asText())
        .isEqualTo("approved");
    for (int i = 0; i < nodes.size(); i++) {
      RunningNode node = nodes.get(i);
      awaitCondition(
          "node " + i + " no longer trusts bank-d's CA",
          () -> !validatesAs(node, bankDNode, "bank-d"));
      refusedAs(i, bankDNode, CertificateReasons.UNKNOWN_ISSUER);
    }
    // Nor does any node know its client certificate any more: its transactions are refused
    // before any application sees them.
    for (int i = 0; i < nodes.size(); i++) {
      String institution = institutions().get(i);
      Api gatewayI = Api.login(home(institution), credentials(institution), "gateway");
      int attempt = 100_000 + i * 1000;
      awaitCondition(
          "node " + i + " forgets bank-d's client certificate",
          () ->
              submittedReason(gatewayI, bankDVote(bankD, id, true, "gone-" + (attempt + tries++)))
                  .equals(BlockChecks.UNKNOWN_CLIENT));
    }
  }

  /** Distinct idempotency keys for repeated attempts. */
  private int tries;

  /** The reason a node's API gives for refusing a signed transaction (422). */
  private static String submittedReason(Api api, String transaction) throws Exception {
    HttpResponse<String> answer =
        api.post(
            "/v1/channels/governance/transactions",
            "{\"transaction\":\"" + transaction + "\"}",
            null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
    return JSON.readTree(answer.body()).get("reason").asText();
  }

  @Test
  void aProposalWithoutEnoughVotesNeverTakesEffectAndARejectedOneIsClosed() throws Exception {
    Path bankE = folder.resolve("bank-e");
    assertThat(
            CliRun.of(
                    "org",
                    "new",
                    bankE.toString(),
                    "--id",
                    "bank-e",
                    "--name",
                    "Bank E",
                    "--nodes",
                    "1",
                    "--insecure-key-iterations=1000")
                .status())
        .isZero();
    CliRun proposed =
        cli(
            "partner-a",
            "governance",
            "propose-admit",
            "--bundle",
            bankE.resolve("bundle.json").toString(),
            "--role",
            "witness");
    assertThat(proposed.status()).as(proposed.err()).isZero();
    long id = Long.parseLong(proposed.out().replaceAll("(?s).*proposal (\\d+): open.*", "$1"));

    // Two no votes of four: three yes can no longer happen, so it closes as rejected.
    assertThat(cli(LEAD, "governance", "vote", Long.toString(id), "no").out())
        .contains("proposal " + id + ": open");
    assertThat(cli("partner-b", "governance", "vote", Long.toString(id), "no").out())
        .contains("proposal " + id + ": rejected");
    Api api = Api.login(home(LEAD), credentials(LEAD), "admin");
    assertThat(members(api)).doesNotContain("bank-e");

    CliRun late = cli("partner-c", "governance", "vote", Long.toString(id), "yes");
    assertThat(late.status()).isEqualTo(GovernanceCommand.FAILED);
    assertThat(late.err()).contains(GovernanceReasons.PROPOSAL_CLOSED);
    assertThat(members(api)).doesNotContain("bank-e");

    CliRun rejected = cli(LEAD, "governance", "list", "--status", "rejected");
    assertThat(rejected.out()).contains("bank-e", "rejected").doesNotContain("approved");
  }

  /** Last: it moves the nodes' clock a week ahead of the clock a CLI signs with. */
  @Test
  @Order(Integer.MAX_VALUE)
  void anExpiredProposalCannotBeExecuted() throws Exception {
    Path bankF = folder.resolve("bank-f");
    assertThat(
            CliRun.of(
                    "org",
                    "new",
                    bankF.toString(),
                    "--id",
                    "bank-f",
                    "--name",
                    "Bank F",
                    "--nodes",
                    "1",
                    "--insecure-key-iterations=1000")
                .status())
        .isZero();
    CliRun proposed =
        cli(
            "partner-b",
            "governance",
            "propose-admit",
            "--bundle",
            bankF.resolve("bundle.json").toString());
    assertThat(proposed.status()).as(proposed.err()).isZero();
    long id = Long.parseLong(proposed.out().replaceAll("(?s).*proposal (\\d+): open.*", "$1"));
    assertThat(cli(LEAD, "governance", "vote", Long.toString(id), "yes").out())
        .contains("proposal " + id + ": open");
    assertThat(cli("partner-a", "governance", "vote", Long.toString(id), "yes").out())
        .contains("proposal " + id + ": open");

    // The lifetime (7 days by default) passes in block time before the deciding vote.
    long expiresAt =
        Api.login(home(LEAD), credentials(LEAD), "admin")
            .get("/v1/governance/proposals/" + id)
            .get("expiresAtMs")
            .asLong();
    clock.advanceTo(expiresAt + 60_000);

    CliRun late = cli("partner-c", "governance", "vote", Long.toString(id), "yes");
    Api api = Api.login(home(LEAD), credentials(LEAD), "admin");
    if (late.status() == GovernanceCommand.PENDING) {
      // A loaded machine may not commit within the node's wait: the outcome is then on the ledger.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
      while (api.get("/v1/governance/proposals/" + id).get("status").asText().equals("open")) {
        assertThat(System.nanoTime()).as("the late vote's block within 120 s").isLessThan(deadline);
        Thread.sleep(200);
      }
    } else {
      assertThat(late.status()).as(late.err()).isEqualTo(GovernanceCommand.FAILED);
      assertThat(late.err()).contains(GovernanceReasons.PROPOSAL_CLOSED);
    }
    JsonNode expired = api.get("/v1/governance/proposals/" + id);
    assertThat(expired.get("status").asText()).isEqualTo("expired");
    assertThat(expired.get("votes")).hasSize(2);
    assertThat(members(api)).doesNotContain("bank-f");
  }

  @Test
  void badProposalsAndVotesAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
    Path bankG = folder.resolve("bank-g");
    assertThat(
            CliRun.of(
                    "org",
                    "new",
                    bankG.toString(),
                    "--id",
                    "bank-g",
                    "--name",
                    "Bank G",
                    "--nodes",
                    "1",
                    "--insecure-key-iterations=1000")
                .status())
        .isZero();
    JsonNode bundle = JSON.readTree(Files.readString(bankG.resolve("bundle.json")));
    Api admin = Api.login(home("partner-a"), credentials("partner-a"), "admin");
    long lastBefore = admin.get("/v1/governance/proposals").get("lastProposalId").asLong();

    com.fasterxml.jackson.databind.node.ObjectNode renamed = bundle.deepCopy();
    renamed.put("institution", "bank-h");
    List<String[]> bad =
        List.of(
            new String[] {"{\"kind\":\"adopt-member\"}", "kind"},
            new String[] {"{\"kind\":\"admit-member\"}", "bundle"},
            new String[] {"{\"kind\":\"admit-member\",\"bundle\":" + renamed + "}", "bundle"},
            new String[] {
              "{\"kind\":\"admit-member\",\"role\":\"boss\",\"bundle\":" + bundle + "}", "role"
            },
            new String[] {"{\"kind\":\"remove-member\",\"colour\":\"red\"}", "colour"},
            new String[] {
              "{\"kind\":\"set-parameters\",\"parameters\":{\"speed\":1}}", "parameters"
            },
            new String[] {
              "{\"kind\":\"register-node\",\"nodeId\":\"bank-g-node-9\",\"bundle\":" + bundle + "}",
              "nodeId"
            },
            new String[] {
              "{\"kind\":\"register-node\",\"nodeId\":\"partner-a-node-2\","
                  + "\"tlsKeyFingerprint\":\"beef\",\"validatorKey\":\"02\"}",
              "tlsKeyFingerprint"
            },
            new String[] {
              "{\"kind\":\"register-node\",\"nodeId\":\"partner-a-node-2\","
                  + "\"tlsKeyFingerprint\":\""
                  + "ab".repeat(32)
                  + "\",\"validatorKey\":\"02\"}",
              "validatorKey"
            });
    int key = 0;
    for (String[] request : bad) {
      HttpResponse<String> response =
          admin.post("/v1/governance/proposals?wait=commit", request[0], "bad-" + key++);
      assertThat(response.statusCode()).as(request[0] + " " + response.body()).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).toString()).contains(request[1]);
    }
    HttpResponse<String> noKey =
        admin.post(
            "/v1/governance/proposals",
            "{\"kind\":\"remove-member\",\"institution\":\"bank-g\"}",
            null);
    assertThat(noKey.statusCode()).isEqualTo(400);
    HttpResponse<String> badVote =
        admin.post("/v1/governance/proposals/1/votes", "{\"vote\":\"maybe\"}", "bad-vote");
    assertThat(badVote.statusCode()).isEqualTo(400);
    HttpResponse<String> unknown =
        admin.post(
            "/v1/governance/proposals/999999/votes?wait=commit", "{\"vote\":\"yes\"}", "v999");
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(unknown.body()).get("reason").asText())
        .isEqualTo(GovernanceReasons.UNKNOWN_PROPOSAL);

    assertThat(admin.get("/v1/governance/proposals").get("lastProposalId").asLong())
        .isEqualTo(lastBefore);
  }

  // ------------------------------------------------------------------ helpers

  /** The system clock plus an offset that only grows. */
  static final class ShiftedClock extends Clock {
    private final java.util.concurrent.atomic.AtomicLong offsetMs =
        new java.util.concurrent.atomic.AtomicLong();

    void advanceTo(long atMs) {
      long ahead = atMs - millis();
      if (ahead > 0) {
        offsetMs.addAndGet(ahead);
      }
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offsetMs.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }
  }

  private static final String ADMIN2 = "admin2";

  /** A second admin of the lead, so the lead can vote on its own admin's proposals. */
  private static void addSecondAdmin(Path usersFile, Path credentials) throws Exception {
    String password = "second-admin-password-for-tests";
    com.fasterxml.jackson.databind.node.ObjectNode users =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(usersFile.toFile());
    com.fasterxml.jackson.databind.node.ObjectNode admin2 =
        ((com.fasterxml.jackson.databind.node.ArrayNode) users.get("users")).addObject();
    admin2.put("username", ADMIN2);
    admin2.putArray("roles").add("viewer").add("admin");
    admin2.put(
        "passwordHash",
        io.entente.node.auth.PasswordHash.create(password.toCharArray(), new SecureRandom(), 1_000)
            .text());
    Files.writeString(usersFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(users));
    Files.writeString(
        credentials,
        ADMIN2 + ".password=" + password + "\n",
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** The TLS identity of node 1 of an institution written by `entente org new`. */
  private static NodeIdentity identity(Path institutionFolder) throws Exception {
    Path keys = institutionFolder.resolve(Layout.nodeFolder(1)).resolve(Layout.KEYS_DIR);
    char[] password = Files.readString(keys.resolve(Layout.PASSWORD_FILE)).strip().toCharArray();
    return new NodeIdentity(
        KeyFiles.read(keys.resolve(Layout.TLS_KEY), password),
        List.of(Pem.decode(Files.readString(keys.resolve(Layout.TLS_CERTIFICATE)))));
  }

  /**
   * Whether the node's current trust store takes the certificate as a node of {@code institution}.
   */
  private static boolean validatesAs(RunningNode node, NodeIdentity identity, String institution) {
    return node.node()
                .trustStore()
                .validate(identity.leaf(), System.currentTimeMillis(), Purpose.NODE)
            instanceof Validation.Valid valid
        && valid.institutionId().equals(institution);
  }

  /**
   * Connects to node {@code index}'s p2p port as the identity, as a new bank's node would, and
   * waits until the node counts the refusal with {@code reason} (what the client sees of a refusal
   * depends on timing: an alert or a broken pipe).
   */
  private void refusedAs(int index, NodeIdentity identity, String reason) throws Exception {
    RunningNode node = nodes.get(index);
    long before = node.node().p2pMetrics().refusals(reason);
    NodeConfig config = node.node().config();
    String answer =
        TlsProbe.answer(
            config.p2p().address(), SuiteId.STANDARD, identity, "bank-d", config.trustStore());
    awaitCondition(
        "node " + index + " refuses the connection with " + reason + " (client saw " + answer + ")",
        () -> node.node().p2pMetrics().refusals(reason) > before);
  }

  /** A vote signed by the new bank's own client key (admin of bank-d), under the given key. */
  private String bankDVote(Path bankFolder, long proposalId, boolean yes, String key)
      throws Exception {
    Path admin = bankFolder.resolve(Layout.ADMIN_DIR);
    RequestSigner signer =
        RequestSigner.of(
            Pem.decode(Files.readString(admin.resolve(Layout.CLIENT_CERTIFICATE))),
            KeyFiles.loadSigner(
                admin.resolve(Layout.CLIENT_KEY),
                SuiteId.STANDARD,
                PasswordSource.file(admin.resolve(Layout.PASSWORD_FILE))));
    Transaction vote =
        UserRequests.sign(
            CryptoSuite.of(SuiteId.STANDARD),
            signer,
            "admin",
            "admin",
            ConsortiumSpec.GOVERNANCE_CHANNEL,
            GovernanceApplication.NAME,
            GovernanceApplication.VOTE,
            GovernanceRequests.vote(proposalId, yes),
            key,
            clock.instant(),
            Duration.ofMinutes(5));
    return Base64.getEncoder().encodeToString(Transaction.CODEC.encode(vote).toByteArray());
  }

  private static List<String> members(Api api) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode member : api.get("/v1/governance/members").get("members")) {
      names.add(member.get("institution").asText());
    }
    return names;
  }

  private static JsonNode memberNode(Api api, String institution) throws Exception {
    for (JsonNode member : api.get("/v1/governance/members").get("members")) {
      if (member.get("institution").asText().equals(institution)) {
        return member;
      }
    }
    throw new AssertionError(institution + " is not a member");
  }

  private void awaitReady(String institution) throws Exception {
    NodeConfig config = NodeConfig.load(home(institution).resolve(Layout.NODE_CONFIG));
    HttpClient http = StatusCommand.client(config);
    URI ready =
        URI.create("https://" + config.api().host() + ":" + config.api().port() + "/health/ready");
    awaitCondition(
        institution + " ready",
        () ->
            http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()
                == 200);
  }

  @FunctionalInterface
  interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls until the condition holds; the deadline only guards against a hang. */
  static void awaitCondition(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** A logged-in API session with one node. */
  record Api(HttpClient http, String base, String token) {
    static Api login(Path home, Path credentials, String user) throws Exception {
      NodeConfig config = NodeConfig.load(home.resolve(Layout.NODE_CONFIG));
      HttpClient http = StatusCommand.client(config);
      String base = "https://" + config.api().host() + ":" + config.api().port();
      Properties passwords = new Properties();
      try (var reader = Files.newBufferedReader(credentials)) {
        passwords.load(reader);
      }
      String body =
          JSON.createObjectNode()
              .put("username", user)
              .put("password", passwords.getProperty(user + ".password"))
              .toString();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/auth/tokens"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      return new Api(http, base, JSON.readTree(response.body()).get("token").asText());
    }

    JsonNode get(String path) throws Exception {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    }

    HttpResponse<String> post(String path, String body, String idempotencyKey) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (idempotencyKey != null) {
        request.header("Idempotency-Key", idempotencyKey);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
