package io.entente.app.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.governance.GovernanceState.ClientRecord;
import io.entente.app.governance.GovernanceState.ProposalStatus;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.check.Check;
import io.entente.core.governance.Member;
import io.entente.core.governance.Role;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateProfile;
import io.entente.core.pki.CertificateTemplate;
import io.entente.core.pki.Certificates;
import io.entente.core.pki.Issuer;
import io.entente.core.pki.Revocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member's client certificates come with its admission and are read from the governance state,
 * not from the node's files: the new member's transactions are admitted from the block that
 * approves it, and refused once its certificate is revoked or it leaves.
 */
class AdmittedClientsTest {
  private final GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1});

  private static Certificate client(int caKey, Certificate ca, String subject, int key) {
    return Certificates.issue(
        new Issuer(TestKeys.signer(GovernanceFixture.SUITE_ID, caKey), ca),
        new CertificateTemplate(
            subject,
            TestKeys.signer(GovernanceFixture.SUITE_ID, key).publicKey(),
            CertificateProfile.CLIENT,
            GovernanceFixture.START_MS,
            GovernanceFixture.START_MS + GovernanceFixture.YEAR_MS),
        new GovernanceFixture.CountingRandom());
  }

  private Transaction signedBy(Certificate client, String user, Bytes content, String type) {
    return chain.tx(
        GovernanceApplication.NAME,
        type,
        client.id(GovernanceFixture.SUITE_ID),
        new UserRequestPayload(user, "admin", content).encode());
  }

  private Transaction proposeBy(Certificate client, Change change) {
    return signedBy(client, "admin", GovernanceRequests.propose(change), "propose");
  }

  private String refusal(Transaction transaction) {
    Check check = chain.app.admit(chain.state, transaction);
    assertThat(check).isInstanceOf(Check.Rejected.class);
    return ((Check.Rejected) check).reason();
  }

  @Test
  void anAdmittedMembersClientSignsFromItsAdmissionUntilRevokedOrGone() {
    Certificate caD = GovernanceFixture.ca("bank-d", 400);
    Certificate clientD = client(400, caD, "CN=bank-d admin,O=bank-d", 410);
    Change leave =
        new Change.SetParameters(List.of(new Change.Setting("proposal-lifetime-ms", 3_600_000)));
    assertThat(refusal(proposeBy(clientD, leave))).isEqualTo(GovernanceReasons.UNKNOWN_SUBMITTER);

    long admit =
        chain.proposed(
            "bank-a",
            new Change.AdmitMember(new Member("bank-d", Role.PARTNER, caD), List.of(clientD)));
    chain.allVoteYes(admit);
    assertThat(chain.proposal(admit).status()).isEqualTo(ProposalStatus.APPROVED);

    // Every node reads the same registered client from the state: the new member's proposal is
    // admitted and executed with bank-d as proposer.
    assertThat(chain.app.admit(chain.state, proposeBy(clientD, leave))).isEqualTo(Check.accepted());
    Receipt proposed = chain.block(proposeBy(clientD, leave)).receipts().get(0);
    assertThat(proposed.status()).as(proposed.detail()).isEqualTo(Receipt.Status.ACCEPTED);
    long leaveId = GovernanceRequests.decodeOutcome(proposed.result()).proposalId();
    assertThat(chain.proposal(leaveId).proposer()).isEqualTo("bank-d");
    List<Bytes> clients =
        GovernanceQueries.decodeList(
            chain.query(GovernanceQueries.request(GovernanceQueries.Kind.CLIENTS)).result());
    assertThat(clients)
        .extracting(ClientRecord::decode)
        .containsExactly(new ClientRecord("bank-d", clientD));

    // Revoking the client certificate: refused from the block that approves the revocation.
    long revoke = chain.proposed("bank-a", new Change.RevokeCertificate(Revocation.of(clientD)));
    chain.allVoteYes(revoke);
    assertThat(refusal(signedBy(clientD, "admin", GovernanceRequests.vote(leaveId, true), "vote")))
        .isEqualTo(GovernanceReasons.SUBMITTER_REVOKED);
  }

  @Test
  void aClientCertificateFromTheNodesFilesIsRefusedOnceGovernanceRevokesIt() {
    Change revokeOther =
        new Change.RevokeCertificate(
            new io.entente.core.pki.Revocation("CN=other", java.math.BigInteger.TWO));
    long before = chain.proposed("bank-c", revokeOther);
    assertThat(before).isPositive();

    long revoke =
        chain.proposed(
            "bank-a", new Change.RevokeCertificate(GovernanceFixture.clientName("bank-c")));
    chain.allVoteYes(revoke);

    assertThat(refusal(chain.propose("bank-c", revokeOther)))
        .isEqualTo(GovernanceReasons.SUBMITTER_REVOKED);
    assertThat(refusal(chain.vote("bank-c", before, true)))
        .isEqualTo(GovernanceReasons.SUBMITTER_REVOKED);
    Receipt other = chain.block(chain.vote("bank-a", before, false)).receipts().get(0);
    assertThat(other.status())
        .as("another member's certificate still speaks: " + other.code())
        .isEqualTo(Receipt.Status.ACCEPTED);
  }

  @Test
  void aClientOfAnotherCaOrOneAlreadyRegisteredIsRefused() {
    Certificate caD = GovernanceFixture.ca("bank-d", 400);
    Certificate caE = GovernanceFixture.ca("bank-e", 500);
    Certificate clientD = client(400, caD, "CN=bank-d admin,O=bank-d", 410);
    Receipt foreign =
        chain
            .block(
                chain.propose(
                    "bank-a",
                    new Change.AdmitMember(
                        new Member("bank-e", Role.PARTNER, caE), List.of(clientD))))
            .receipts()
            .get(0);
    assertThat(foreign.status()).isEqualTo(Receipt.Status.REJECTED);
    assertThat(foreign.code()).isEqualTo(GovernanceReasons.CLIENT_NOT_ISSUED);

    long admit =
        chain.proposed(
            "bank-a",
            new Change.AdmitMember(new Member("bank-d", Role.PARTNER, caD), List.of(clientD)));
    chain.allVoteYes(admit);
    // The member leaves: its client no longer signs for a member.
    long leave = chain.proposed("bank-a", new Change.RemoveMember("bank-d"));
    chain.allVoteYes(leave);
    assertThat(chain.proposal(leave).status()).isEqualTo(ProposalStatus.APPROVED);
    assertThat(refusal(proposeBy(clientD, new Change.RemoveMember("bank-a"))))
        .isEqualTo(GovernanceReasons.NOT_A_MEMBER);
    assertThat(
            GovernanceQueries.decodeList(
                chain.query(GovernanceQueries.request(GovernanceQueries.Kind.CLIENTS)).result()))
        .isEmpty();
  }

  @Test
  void anAdmissionWithItsClientsRoundTripsThroughItsEncoding() {
    Certificate caD = GovernanceFixture.ca("bank-d", 400);
    Change admit =
        new Change.AdmitMember(
            new Member("bank-d", Role.PARTNER, caD),
            List.of(
                client(400, caD, "CN=bank-d admin,O=bank-d", 410),
                client(400, caD, "CN=bank-d ops,O=bank-d", 411)));
    assertThat(
            GovernanceRequests.decodePropose(
                GovernanceRequests.propose(admit), GovernanceFixture.SUITE_ID))
        .isEqualTo(admit);
  }
}
