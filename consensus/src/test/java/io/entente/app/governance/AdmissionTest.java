package io.entente.app.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.governance.GovernanceState.MemberRecord;
import io.entente.app.governance.GovernanceState.ProposalStatus;
import io.entente.consensus.app.BlockResult;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.check.Check;
import io.entente.core.governance.ChannelDefinition;
import io.entente.core.governance.Member;
import io.entente.core.governance.Role;
import io.entente.core.pki.Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private final GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1}, "a--b");

  private String reason(Transaction transaction) {
    Check check = chain.app.admit(chain.state, transaction);
    assertThat(check).isInstanceOf(Check.Rejected.class);
    return ((Check.Rejected) check).reason();
  }

  private Change admitD() {
    return new Change.AdmitMember(
        new Member("bank-d", Role.PARTNER, GovernanceFixture.ca("bank-d", 400)));
  }

  @Test
  void admissionRefusesUnknownSubmittersNonMembersMalformedContentAndUnknownProposals() {
    Transaction unknown =
        chain.tx(
            GovernanceApplication.NAME,
            GovernanceApplication.PROPOSE,
            GovernanceFixture.clientCertificate("nobody"),
            new UserRequestPayload("u", "submitter", GovernanceRequests.propose(admitD()))
                .encode());
    assertThat(reason(unknown)).isEqualTo(GovernanceReasons.UNKNOWN_SUBMITTER);
    assertThat(reason(chain.propose("outsider", admitD())))
        .isEqualTo(GovernanceReasons.NOT_A_MEMBER);
    assertThat(
            reason(
                chain.tx(
                    "bank-a", "u", GovernanceApplication.PROPOSE, Bytes.of(new byte[] {1, 99}))))
        .isEqualTo(GovernanceReasons.MALFORMED);
    Bytes trailing = GovernanceRequests.vote(1, true).concat(Bytes.of(new byte[] {0}));
    assertThat(reason(chain.tx("bank-a", "u", GovernanceApplication.VOTE, trailing)))
        .isEqualTo(GovernanceReasons.MALFORMED);
    assertThat(
            reason(
                chain.tx(
                    GovernanceApplication.NAME,
                    GovernanceApplication.VOTE,
                    GovernanceFixture.clientCertificate("bank-a"),
                    Bytes.of(new byte[] {7}))))
        .isEqualTo(GovernanceReasons.MALFORMED);
    assertThat(reason(chain.vote("bank-b", 42, true)))
        .isEqualTo(GovernanceReasons.UNKNOWN_PROPOSAL);
    assertThat(
            reason(
                chain.propose(
                    "bank-a", new Change.RotateCa("bank-b", GovernanceFixture.ca("bank-b", 402)))))
        .isEqualTo(GovernanceReasons.NOT_OWN);
    assertThat(
            reason(
                chain.propose(
                    "bank-a",
                    new Change.RegisterNode(GovernanceFixture.node("b9", "bank-b", 902)))))
        .isEqualTo(GovernanceReasons.NOT_OWN);
    assertThat(reason(chain.tx("bank-a", "u", "delete-everything", Bytes.EMPTY)))
        .isEqualTo(GovernanceReasons.UNKNOWN_TYPE);
  }

  @Test
  void anExecutionFailureGivesARejectedReceiptAndChangesNothing() {
    chain.block(); // writes the genesis state
    BlockResult result =
        chain.block(
            chain.propose(
                "bank-a",
                new Change.AdmitMember(
                    new Member("bank-b", Role.PARTNER, GovernanceFixture.ca("bank-b", 401)))));
    Receipt receipt = result.receipts().get(0);
    assertThat(receipt.status()).isEqualTo(Receipt.Status.REJECTED);
    assertThat(receipt.code()).isEqualTo(GovernanceReasons.MEMBER_EXISTS);
    assertThat(receipt.detail())
        .isEqualTo("bank-b is or was a member; an institution id is never reused");
    assertThat(result.writes().writes()).isEmpty();
  }

  @Test
  void aCaCertificateOrKeyAnotherMemberHoldsIsRefusedForAnAdmissionAndARotation() {
    chain.block(); // writes the genesis state
    // bank-b's CA is ca("bank-b", 101): the same certificate, then another one on the same key.
    for (Certificate taken :
        List.of(GovernanceFixture.ca("bank-b", 101), GovernanceFixture.ca("bank-d", 101))) {
      Receipt admit =
          chain
              .block(
                  chain.propose(
                      "bank-a", new Change.AdmitMember(new Member("bank-d", Role.PARTNER, taken))))
              .receipts()
              .get(0);
      assertThat(admit.status()).isEqualTo(Receipt.Status.REJECTED);
      assertThat(admit.code()).isEqualTo(GovernanceReasons.CA_HELD_BY_ANOTHER);
      assertThat(admit.detail()).contains("bank-b");
    }
    Receipt rotate =
        chain
            .block(
                chain.propose(
                    "bank-a", new Change.RotateCa("bank-a", GovernanceFixture.ca("bank-a", 102))))
            .receipts()
            .get(0);
    assertThat(rotate.status()).isEqualTo(Receipt.Status.REJECTED);
    assertThat(rotate.code()).isEqualTo(GovernanceReasons.CA_HELD_BY_ANOTHER);
    assertThat(rotate.detail()).contains("bank-c");

    Receipt fresh =
        chain
            .block(
                chain.propose(
                    "bank-a",
                    new Change.AdmitMember(
                        new Member("bank-d", Role.PARTNER, GovernanceFixture.ca("bank-d", 400)))))
            .receipts()
            .get(0);
    assertThat(fresh.status()).as("a CA of its own is proposed").isEqualTo(Receipt.Status.ACCEPTED);
  }

  @Test
  void theGenesisStateIsReadableBeforeTheFirstBlockAndWrittenByIt() {
    List<Bytes> members =
        GovernanceQueries.decodeList(
            chain.query(GovernanceQueries.request(GovernanceQueries.Kind.MEMBERS)).result());
    assertThat(members)
        .extracting(encoded -> MemberRecord.decode(encoded).institution())
        .containsExactly("bank-a", "bank-b", "bank-c");
    assertThat(chain.channel("a--b").validators()).containsExactly("a1", "b1");
    assertThat(chain.channel("governance").validators()).containsExactly("a1", "b1", "c1");

    BlockResult first = chain.block();
    assertThat(first.writes().writes())
        .extracting(
            write -> new String(write.key().unsafeArray(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("genesis", "members", "member/bank-a", "node/a1", "channel/a--b", "parameters");
    assertThat(first.writes().writes().stream().filter(w -> w.key().equals(StateKeys.GENESIS)))
        .singleElement()
        .satisfies(write -> assertThat(write.value()).contains(chain.genesis.hash().value()));
    assertThat(chain.block().writes().writes()).isEmpty();
    assertThat(chain.channel("a--b").validators()).containsExactly("a1", "b1");
  }

  @Test
  void aChannelIsDefinedByTheLeadAndAcceptedByThePartnerAlone() {
    ChannelDefinition definition =
        new ChannelDefinition(
            "a--c",
            List.of("bank-a", "bank-c"),
            GovernanceFixture.SUITE.hash(GovernanceFixture.utf8("a--c")));
    long id = chain.proposed("bank-a", new Change.DefineChannel(definition));
    assertThat(chain.proposal(id).eligible()).containsExactly("bank-c");
    assertThat(reason(chain.vote("bank-b", id, true))).isEqualTo(GovernanceReasons.NOT_ELIGIBLE);
    chain.block(chain.vote("bank-c", id, true));
    assertThat(chain.proposal(id).status()).isEqualTo(ProposalStatus.APPROVED);
    assertThat(chain.channel("a--c").validators()).containsExactly("a1", "c1");
    assertThat(chain.channel("a--c").definition()).isEqualTo(definition);

    Receipt notAParty =
        chain
            .block(
                chain.propose(
                    "bank-b",
                    new Change.DefineChannel(
                        new ChannelDefinition(
                            "a--c2", List.of("bank-a", "bank-c"), definition.genesisHash()))))
            .receipts()
            .get(0);
    assertThat(notAParty.code()).isEqualTo(GovernanceReasons.CHANNEL_MEMBERS);
  }

  @Test
  void aPartnerThatDeclinesAChannelEndsItsProposal() {
    ChannelDefinition definition =
        new ChannelDefinition(
            "a--c",
            List.of("bank-a", "bank-c"),
            GovernanceFixture.SUITE.hash(GovernanceFixture.utf8("a--c")));
    long id = chain.proposed("bank-a", new Change.DefineChannel(definition));
    chain.block(chain.vote("bank-c", id, false));
    assertThat(chain.proposal(id).status()).isEqualTo(ProposalStatus.REJECTED);
    assertThat(
            chain.query(GovernanceQueries.request(GovernanceQueries.Kind.CHANNEL, "a--c")).check())
        .isInstanceOf(Check.Rejected.class);
  }

  @Test
  void aMemberHasAtMostFourOpenProposals() {
    for (int i = 0; i < GovernanceAppLimits.OPEN_PROPOSALS_PER_MEMBER_MAX; i++) {
      chain.proposed(
          "bank-a",
          new Change.RevokeCertificate(
              new io.entente.core.pki.Revocation("CN=old", java.math.BigInteger.valueOf(i + 1))));
    }
    Receipt fifth = chain.block(chain.propose("bank-a", admitD())).receipts().get(0);
    assertThat(fifth.code()).isEqualTo(GovernanceReasons.TOO_MANY_OPEN);
    List<Bytes> open =
        GovernanceQueries.decodeList(
            chain.query(GovernanceQueries.request(GovernanceQueries.Kind.OPEN_PROPOSALS)).result());
    assertThat(open).hasSize(GovernanceAppLimits.OPEN_PROPOSALS_PER_MEMBER_MAX);
    Receipt others = chain.block(chain.propose("bank-b", admitD())).receipts().get(0);
    assertThat(others.status()).isEqualTo(Receipt.Status.ACCEPTED);
  }

  @Test
  void malformedQueriesAreRefused() {
    assertThat(chain.query(Bytes.of(new byte[] {1, 99})).check())
        .isInstanceOf(Check.Rejected.class);
    assertThat(chain.query(Bytes.EMPTY).check()).isInstanceOf(Check.Rejected.class);
  }
}
