package io.entente.app.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.governance.GovernanceState.MemberRecord;
import io.entente.app.governance.GovernanceState.ProposalRecord;
import io.entente.app.governance.GovernanceState.ProposalStatus;
import io.entente.consensus.app.BlockResult;
import io.entente.core.chain.Receipt;
import io.entente.core.check.Check;
import io.entente.core.governance.Member;
import io.entente.core.governance.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class VotingTest {

  private static Change admit(String institution, int key) {
    return new Change.AdmitMember(
        new Member(institution, Role.PARTNER, GovernanceFixture.ca(institution, key)));
  }

  private static ProposalStatus status(GovernanceFixture chain, long id) {
    return chain.proposal(id).status();
  }

  @Test
  void aNewMemberIsAdmittedOnceMoreThanTwoThirdsOfTheMembersVoteYes() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1});
    long id = chain.proposed("bank-a", admit("bank-d", 400));
    assertThat(chain.proposal(id).eligible()).containsExactly("bank-a", "bank-b", "bank-c");

    chain.block(chain.vote("bank-a", id, true));
    chain.block(chain.vote("bank-b", id, true));
    // 2 of 3 is exactly two thirds, not more.
    assertThat(status(chain, id)).isEqualTo(ProposalStatus.OPEN);

    BlockResult third = chain.block(chain.vote("bank-c", id, true));
    assertThat(third.receipts().get(0).status()).isEqualTo(Receipt.Status.ACCEPTED);
    assertThat(status(chain, id)).isEqualTo(ProposalStatus.APPROVED);
    // Admitting a member is nothing other channels import: no decision, no event.
    assertThat(third.events()).isEmpty();
    MemberRecord admitted =
        MemberRecord.decode(
            chain
                .query(GovernanceQueries.request(GovernanceQueries.Kind.MEMBER, "bank-d"))
                .result());
    assertThat(admitted.active()).isTrue();
    assertThat(chain.channel(GovernanceFixture.GOVERNANCE).definition().members())
        .contains("bank-d");
  }

  @Test
  void theSubjectOfAProposalDoesNotVoteAndThreeOfFourOthersPass() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1, 1, 1});
    long id =
        chain.proposed(
            "bank-e", new Change.RotateCa("bank-e", GovernanceFixture.ca("bank-e", 501)));
    assertThat(chain.proposal(id).eligible())
        .containsExactly("bank-a", "bank-b", "bank-c", "bank-d");
    assertThat(chain.app.admit(chain.state, chain.vote("bank-e", id, true)))
        .isInstanceOfSatisfying(
            Check.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(GovernanceReasons.NOT_ELIGIBLE));

    chain.block(chain.vote("bank-a", id, true));
    chain.block(chain.vote("bank-b", id, true));
    assertThat(status(chain, id)).isEqualTo(ProposalStatus.OPEN);
    chain.block(chain.vote("bank-c", id, true)); // 3 × 3 = 9 > 4 × 2 = 8
    assertThat(status(chain, id)).isEqualTo(ProposalStatus.APPROVED);
  }

  @Test
  void aProposalThatCanNoLongerPassIsRejectedAtOnce() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1});
    long id = chain.proposed("bank-a", admit("bank-d", 400));
    chain.block(chain.vote("bank-b", id, false));
    // Even if the other two say yes, 2 of 3 is not more than two thirds.
    assertThat(status(chain, id)).isEqualTo(ProposalStatus.REJECTED);
    assertThat(chain.app.admit(chain.state, chain.vote("bank-c", id, true)))
        .isInstanceOfSatisfying(
            Check.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(GovernanceReasons.PROPOSAL_CLOSED));
  }

  @Test
  void aRepeatedVoteChangesNothingAndAChangedVoteIsRefused() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1, 1});
    long id = chain.proposed("bank-a", admit("bank-e", 400));
    chain.block(chain.vote("bank-b", id, true));

    BlockResult again = chain.block(chain.vote("bank-b", id, true));
    assertThat(again.receipts().get(0).status()).isEqualTo(Receipt.Status.ACCEPTED);
    assertThat(again.receipts().get(0).code()).isEqualTo(GovernanceReasons.VOTE_REPEATED);
    assertThat(again.writes().writes()).isEmpty();

    BlockResult changed = chain.block(chain.vote("bank-b", id, false));
    assertThat(changed.receipts().get(0).status()).isEqualTo(Receipt.Status.REJECTED);
    assertThat(changed.receipts().get(0).code()).isEqualTo(GovernanceReasons.VOTE_CHANGED);
    assertThat(changed.writes().writes()).isEmpty();
    ProposalRecord proposal = chain.proposal(id);
    assertThat(proposal.votes()).hasSize(1);
    assertThat(proposal.votes().get(0).yes()).isTrue();
    assertThat(proposal.votes().get(0).user()).isEqualTo("checker");
  }

  @Test
  void everyVoteIsKeptWithItsTransactionUserAndBlock() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1});
    long id = chain.proposed("bank-a", admit("bank-d", 400));
    var vote = chain.vote("bank-c", id, false);
    chain.block(vote);
    var kept = chain.proposal(id).voteOf("bank-c").orElseThrow();
    assertThat(kept.txId()).isEqualTo(vote.id(GovernanceFixture.SUITE));
    assertThat(kept.height()).isEqualTo(chain.height);
    assertThat(kept.timeMs()).isEqualTo(chain.timeMs);
    assertThat(kept.role()).isEqualTo("approver");
  }

  @Test
  void theProposingUserCannotAlsoVoteForItsBank() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1});
    long id = chain.proposed("bank-a", admit("bank-d", 400));
    var sameUser =
        chain.tx("bank-a", "maker", GovernanceApplication.VOTE, GovernanceRequests.vote(id, true));
    assertThat(chain.app.admit(chain.state, sameUser))
        .isInstanceOfSatisfying(
            Check.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(GovernanceReasons.SAME_USER));
  }

  @Test
  void proposalsExpireOnBlockTimeAndTheNextDeadlineIsReported() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1});
    BlockResult proposing = chain.block(chain.propose("bank-a", admit("bank-d", 400)));
    long id = GovernanceRequests.decodeOutcome(proposing.receipts().get(0).result()).proposalId();
    long expiresAt = chain.timeMs + Parameters.defaults().proposalLifetimeMs();
    assertThat(proposing.nextDeadlineMs()).hasValue(expiresAt);
    assertThat(chain.proposal(id).expiresAtMs()).isEqualTo(expiresAt);

    BlockResult before = chain.blockAt(expiresAt - 1);
    assertThat(status(chain, id)).isEqualTo(ProposalStatus.OPEN);
    assertThat(before.nextDeadlineMs()).hasValue(expiresAt);

    // The time-advancing block the deadline asked for: no transactions, the proposal expires.
    BlockResult tick = chain.blockAt(expiresAt);
    assertThat(status(chain, id)).isEqualTo(ProposalStatus.EXPIRED);
    assertThat(tick.nextDeadlineMs()).isEmpty();
    assertThat(chain.app.admit(chain.state, chain.vote("bank-b", id, true)))
        .isInstanceOfSatisfying(
            Check.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(GovernanceReasons.PROPOSAL_CLOSED));
  }

  @Test
  void aVoteInTheBlockThatReachesTheExpiryIsRejectedAndChangesNothing() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1});
    long id = chain.proposed("bank-a", admit("bank-d", 400));
    long expiresAt = chain.proposal(id).expiresAtMs();
    var late = chain.vote("bank-b", id, true);
    assertThat(chain.app.admit(chain.state, late).isAccepted()).isTrue();
    BlockResult result = chain.run(expiresAt + 5, List.of(late));
    assertThat(result.receipts().get(0).status()).isEqualTo(Receipt.Status.REJECTED);
    assertThat(result.receipts().get(0).code()).isEqualTo(GovernanceReasons.PROPOSAL_CLOSED);
    assertThat(chain.proposal(id).votes()).isEmpty();
  }

  @Test
  void aThresholdChangeAppliesToLaterCounts() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1, 1});
    long id =
        chain.proposed(
            "bank-a",
            new Change.SetParameters(
                List.of(
                    new Change.Setting(Parameters.THRESHOLD_NUMERATOR, 1),
                    new Change.Setting(Parameters.THRESHOLD_DENOMINATOR, 2))));
    chain.allVoteYes(id);
    assertThat(status(chain, id)).isEqualTo(ProposalStatus.APPROVED);
    Parameters parameters =
        Parameters.decode(
            chain.query(GovernanceQueries.request(GovernanceQueries.Kind.PARAMETERS)).result());
    assertThat(parameters.thresholdNumerator()).isEqualTo(1);
    assertThat(parameters.passes(3, 4)).isTrue();
    assertThat(parameters.passes(2, 4)).isFalse();
  }

  @Test
  void aParameterOutOfRangeIsRefusedWithItsName() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1});
    BlockResult result =
        chain.block(
            chain.propose(
                "bank-a",
                new Change.SetParameters(
                    List.of(new Change.Setting(Parameters.PROPOSAL_LIFETIME_MS, 5)))));
    Receipt receipt = result.receipts().get(0);
    assertThat(receipt.status()).isEqualTo(Receipt.Status.REJECTED);
    assertThat(receipt.code()).isEqualTo(GovernanceReasons.BAD_PARAMETER);
    assertThat(receipt.detail()).contains(Parameters.PROPOSAL_LIFETIME_MS);
  }
}
