package io.entente.app.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.governance.GovernanceState.ChannelRecord;
import io.entente.app.governance.GovernanceState.ProposalRecord;
import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.MemoryState;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.governance.ChannelDefinition;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.Member;
import io.entente.core.governance.NodeEntry;
import io.entente.core.governance.Role;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateProfile;
import io.entente.core.pki.CertificateTemplate;
import io.entente.core.pki.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A consortium for governance tests: member banks with fixed keys, nodes per bank, the governance
 * channel and chosen bilateral channels, and a chain that executes blocks on a memory state.
 */
final class GovernanceFixture {
  static final SuiteId SUITE_ID = SuiteId.STANDARD;
  static final CryptoSuite SUITE = CryptoSuite.of(SUITE_ID);
  static final String GOVERNANCE = "governance";
  static final long START_MS = 1_750_000_000_000L;
  static final long YEAR_MS = 365L * 86_400_000L;

  /** Not random at all: certificate serials come out the same on every run. */
  static final class CountingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private int next = 1;

    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) next++;
      }
    }
  }

  /** The (issuer, serial) of the client certificate the nodes' files hold for {@code bank}. */
  static io.entente.core.pki.Revocation clientName(String bank) {
    return new io.entente.core.pki.Revocation(
        "CN=" + bank + " CA,O=" + bank, java.math.BigInteger.valueOf(bank.length() * 1000L + 7));
  }

  static Certificate ca(String institution, int keyNumber) {
    Signer key = TestKeys.signer(SUITE_ID, keyNumber);
    return Certificates.selfSign(
        key,
        new CertificateTemplate(
            "CN=" + institution + " CA,O=" + institution,
            key.publicKey(),
            CertificateProfile.INSTITUTION_CA,
            START_MS,
            START_MS + 10 * YEAR_MS),
        new CountingRandom());
  }

  /** Node {@code nodeId} of {@code institution}, with keys derived from {@code number}. */
  static NodeEntry node(String nodeId, String institution, int number) {
    return new NodeEntry(
        nodeId,
        institution,
        SUITE.fingerprint(TestKeys.signer(SUITE_ID, 2 * number).publicKey()),
        TestKeys.signer(SUITE_ID, 2 * number + 1).publicKey());
  }

  /** The validator key's signer of the node {@link #node} made from {@code number}. */
  static Signer validatorSigner(int number) {
    return TestKeys.signer(SUITE_ID, 2 * number + 1);
  }

  /** Who signs every fixture transaction (the app does not check signatures; the ledger does). */
  static Signer clientSigner() {
    return TestKeys.signer(SUITE_ID, 7);
  }

  static Hash clientCertificate(String institution) {
    return SUITE.hash(utf8("client certificate of " + institution));
  }

  static Bytes utf8(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  final List<String> banks;
  final GovernanceGenesis genesis;
  final GovernanceApplication app;
  final MemoryState state = new MemoryState(SUITE, Hash.ZERO);
  long height;
  long timeMs = START_MS;
  private int idempotency;

  /**
   * Banks {@code bank-a}, {@code bank-b}, … with {@code nodesPerBank[i]} nodes each (named {@code
   * a1}, {@code a2}, …), the governance channel of all of them and the given bilateral channels
   * ("a--b" joins bank-a and bank-b).
   */
  GovernanceFixture(int[] nodesPerBank, String... bilaterals) {
    List<String> names = new ArrayList<>();
    List<Member> members = new ArrayList<>();
    List<NodeEntry> nodes = new ArrayList<>();
    for (int i = 0; i < nodesPerBank.length; i++) {
      String letter = String.valueOf((char) ('a' + i));
      String bank = "bank-" + letter;
      names.add(bank);
      members.add(new Member(bank, i == 0 ? Role.LEAD : Role.PARTNER, ca(bank, 100 + i)));
      for (int n = 1; n <= nodesPerBank[i]; n++) {
        nodes.add(node(letter + n, bank, 200 + 10 * i + n));
      }
    }
    List<ChannelDefinition> channels = new ArrayList<>();
    channels.add(new ChannelDefinition(GOVERNANCE, names, SUITE.hash(utf8(GOVERNANCE))));
    for (String bilateral : bilaterals) {
      List<String> parties =
          Arrays.stream(bilateral.split("--")).map(letter -> "bank-" + letter).toList();
      channels.add(new ChannelDefinition(bilateral, parties, SUITE.hash(utf8(bilateral))));
    }
    this.banks = List.copyOf(names);
    this.genesis = new GovernanceGenesis(SUITE_ID, members, nodes, List.of(), channels);
    TreeMap<Hash, String> institutions = new TreeMap<>();
    TreeMap<Hash, io.entente.core.pki.Revocation> clientNames = new TreeMap<>();
    for (String bank : names) {
      institutions.put(clientCertificate(bank), bank);
      clientNames.put(clientCertificate(bank), clientName(bank));
    }
    institutions.put(clientCertificate("outsider"), "outsider");
    this.app =
        new GovernanceApplication(
            genesis, Parameters.defaults(), GOVERNANCE, institutions, clientNames);
  }

  // Transactions -------------------------------------------------------------------------------

  Transaction tx(String institution, String user, String type, Bytes content) {
    return tx(
        GovernanceApplication.NAME,
        type,
        clientCertificate(institution),
        new UserRequestPayload(user, "approver", content).encode());
  }

  Transaction tx(String application, String type, Hash submitter, Bytes payload) {
    idempotency++;
    return Transaction.sign(
        SUITE,
        clientSigner(),
        new TxBody(
            GOVERNANCE,
            application,
            type,
            payload,
            submitter,
            "key-" + idempotency,
            // Open around the fixture's start, as long as a window may be.
            START_MS - 3_600_000,
            START_MS - 3_600_000 + io.entente.core.CoreLimits.TX_VALIDITY_MS_MAX));
  }

  Transaction propose(String institution, Change change) {
    return tx(
        institution, "maker", GovernanceApplication.PROPOSE, GovernanceRequests.propose(change));
  }

  Transaction vote(String institution, long proposalId, boolean yes) {
    return tx(
        institution,
        "checker",
        GovernanceApplication.VOTE,
        GovernanceRequests.vote(proposalId, yes));
  }

  Transaction setChange(io.entente.core.chain.ValidatorSet next) {
    return tx(
        ValidatorSetChange.APPLICATION,
        ValidatorSetChange.TYPE,
        clientCertificate("bank-a"),
        new ValidatorSetChange(next).toPayload());
  }

  // Blocks ---------------------------------------------------------------------------------------

  /** Executes a block one second after the last one; every transaction must pass admission. */
  BlockResult block(Transaction... transactions) {
    return blockAt(timeMs + 1_000, transactions);
  }

  BlockResult blockAt(long atMs, Transaction... transactions) {
    for (Transaction transaction : transactions) {
      assertThat(app.admit(state, transaction)).as("admission").isEqualTo(Check.accepted());
    }
    return run(atMs, List.of(transactions));
  }

  /** Executes a block without checking admission first (as a block with stale admission would). */
  BlockResult run(long atMs, List<Transaction> transactions) {
    height++;
    timeMs = atMs;
    BlockResult result =
        app.execute(state, new Application.BlockContext(GOVERNANCE, height, atMs), transactions);
    state.apply(result.writes());
    return result;
  }

  /** Proposes in a block of its own and returns the new proposal's id. */
  long proposed(String institution, Change change) {
    Receipt receipt = block(propose(institution, change)).receipts().get(0);
    assertThat(receipt.status())
        .as(receipt.code() + ": " + receipt.detail())
        .isEqualTo(Receipt.Status.ACCEPTED);
    return GovernanceRequests.decodeOutcome(receipt.result()).proposalId();
  }

  /** Every bank but those named votes yes, one block per vote; returns the last receipt. */
  Receipt allVoteYes(long proposalId, String... except) {
    Receipt last = null;
    ProposalRecord proposal = proposal(proposalId);
    for (String bank : proposal.eligible()) {
      if (Arrays.asList(except).contains(bank)
          || proposal(proposalId).status() != GovernanceState.ProposalStatus.OPEN) {
        continue;
      }
      last = block(vote(bank, proposalId, true)).receipts().get(0);
    }
    return last;
  }

  // Queries --------------------------------------------------------------------------------------

  Application.QueryResult query(Bytes request) {
    return app.query(state, new Application.Caller("bank-a", "viewer"), request);
  }

  ProposalRecord proposal(long id) {
    return ProposalRecord.decode(
        query(GovernanceQueries.request(GovernanceQueries.Kind.PROPOSAL, id)).result(), SUITE_ID);
  }

  ChannelRecord channel(String name) {
    return ChannelRecord.decode(
        query(GovernanceQueries.request(GovernanceQueries.Kind.CHANNEL, name)).result());
  }
}
