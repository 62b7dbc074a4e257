package io.entente.app.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.governance.GovernanceState.ProposalRecord;
import io.entente.app.governance.GovernanceState.ProposalStatus;
import io.entente.consensus.app.BlockResult;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.Receipt;
import io.entente.core.check.Check;
import io.entente.core.pki.Revocation;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyTest {

  private static Receipt proposeReceipt(GovernanceFixture chain, String bank, Change change) {
    return chain.block(chain.propose(bank, change)).receipts().get(0);
  }

  private static void registered(GovernanceFixture chain, String nodeId, String bank, int key) {
    long id =
        chain.proposed(bank, new Change.RegisterNode(GovernanceFixture.node(nodeId, bank, key)));
    chain.allVoteYes(id);
    assertThat(chain.proposal(id).status()).isEqualTo(ProposalStatus.APPROVED);
  }

  private static Check.Rejected rejected(Check check) {
    assertThat(check).isInstanceOf(Check.Rejected.class);
    return (Check.Rejected) check;
  }

  @Test
  void aPromotionThatGivesOneBankAQuorumIsRefusedWithTheReason() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1}, "a--b");
    registered(chain, "a2", "bank-a", 900);
    assertThat(chain.channel("a--b").observers()).containsExactly("a2");

    Receipt receipt = proposeReceipt(chain, "bank-a", new Change.PromoteNode("a2", "a--b"));
    assertThat(receipt.status()).isEqualTo(Receipt.Status.REJECTED);
    assertThat(receipt.code()).isEqualTo(GovernanceReasons.INSTITUTION_QUORUM);
    assertThat(receipt.detail())
        .isEqualTo("bank-a would hold 2 of 3 validators of channel a--b, a quorum (2)");
  }

  @Test
  void aDemotionThatGivesTheOtherBankAQuorumIsRefused() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {2, 2}, "a--b");
    Receipt receipt = proposeReceipt(chain, "bank-a", new Change.DemoteNode("b2", "a--b"));
    assertThat(receipt.code()).isEqualTo(GovernanceReasons.INSTITUTION_QUORUM);
    assertThat(receipt.detail()).startsWith("bank-a would hold 2 of 3 validators");
  }

  @Test
  void aChangeThatWouldLeaveAChannelWithoutValidatorsIsRefused() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 0}, "a--c");
    assertThat(chain.channel("a--c").validators()).containsExactly("a1");
    Receipt receipt = proposeReceipt(chain, "bank-c", new Change.DemoteNode("a1", "a--c"));
    assertThat(receipt.code()).isEqualTo(GovernanceReasons.NO_VALIDATORS);
    assertThat(receipt.detail()).isEqualTo("channel a--c would be left without validators");
  }

  @Test
  void aChangeThatPassedItsProposalChecksIsRefusedAtApprovalWhenTheStateMovedOn() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1}, "a--b--c");
    registered(chain, "a2", "bank-a", 900);
    long promote = chain.proposed("bank-a", new Change.PromoteNode("a2", "a--b--c"));
    long demote = chain.proposed("bank-a", new Change.DemoteNode("c1", "a--b--c"));
    chain.allVoteYes(demote);
    assertThat(chain.channel("a--b--c").validators()).containsExactly("a1", "b1");

    Receipt last = chain.allVoteYes(promote);
    ProposalRecord proposal = chain.proposal(promote);
    assertThat(proposal.status()).isEqualTo(ProposalStatus.REFUSED);
    assertThat(proposal.outcomeCode()).isEqualTo(GovernanceReasons.INSTITUTION_QUORUM);
    assertThat(last.status()).isEqualTo(Receipt.Status.ACCEPTED);
    assertThat(last.code()).isEqualTo(GovernanceReasons.INSTITUTION_QUORUM);
    assertThat(GovernanceRequests.decodeOutcome(last.result()).status())
        .isEqualTo(ProposalStatus.REFUSED);
    assertThat(chain.channel("a--b--c").validators()).containsExactly("a1", "b1");
  }

  @Test
  void aChangeMovesOneValidatorAtATime() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1, 1});
    Store store =
        new Store(GenesisState.over(chain.state, genesisOf(chain)), GovernanceFixture.SUITE_ID);
    Check twoIn = SetSafety.check(store, "x", List.of("a1", "b1"), List.of("a1", "c1", "d1"));
    assertThat(rejected(twoIn).reason()).isEqualTo(GovernanceReasons.NOT_ONE_STEP);
    assertThat(rejected(twoIn).detail())
        .isEqualTo("channel x: 2 validators in and 1 out; a change moves one validator");
    Check same = SetSafety.check(store, "x", List.of("a1", "b1"), List.of("a1", "b1"));
    assertThat(rejected(same).reason()).isEqualTo(GovernanceReasons.NOT_ONE_STEP);
    assertThat(SetSafety.check(store, "x", List.of("a1", "b1"), List.of("a1", "c1")).isAccepted())
        .isTrue();
  }

  @Test
  void aSetWhoseLiveValidatorsAreFewerThanItsQuorumIsRefused() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1, 1});
    Store store =
        new Store(GenesisState.over(chain.state, genesisOf(chain)), GovernanceFixture.SUITE_ID);
    store.put(store.node("b1").orElseThrow().retired());
    store.put(store.node("c1").orElseThrow().retired());
    Check check =
        SetSafety.check(
            store, "governance", List.of("a1", "b1", "c1", "d1"), List.of("a1", "b1", "c1"));
    assertThat(rejected(check).reason()).isEqualTo(GovernanceReasons.NO_LIVE_QUORUM);
    assertThat(rejected(check).detail())
        .isEqualTo(
            "channel governance would have 1 live validators, fewer than its quorum of 2 (not live:"
                + " b1, c1)");
  }

  @Test
  void aNodeThatIsAValidatorIsDemotedBeforeItIsRemovedAndARemovedNodeIsNeverPromoted() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1});
    registered(chain, "c2", "bank-c", 900);
    Receipt validator = proposeReceipt(chain, "bank-c", new Change.RemoveNode("c1"));
    assertThat(validator.code()).isEqualTo(GovernanceReasons.NODE_IS_VALIDATOR);
    assertThat(validator.detail())
        .isEqualTo("node c1 is a validator of governance; demote it first");

    long remove = chain.proposed("bank-c", new Change.RemoveNode("c2"));
    chain.allVoteYes(remove);
    assertThat(chain.channel(GovernanceFixture.GOVERNANCE).observers()).isEmpty();
    Receipt promote = proposeReceipt(chain, "bank-c", new Change.PromoteNode("c2", "governance"));
    assertThat(promote.code()).isEqualTo(GovernanceReasons.NODE_REMOVED);
    Receipt again =
        proposeReceipt(
            chain, "bank-c", new Change.RegisterNode(GovernanceFixture.node("c3", "bank-c", 900)));
    assertThat(again.code()).isEqualTo(GovernanceReasons.KEY_REGISTERED);
  }

  @Test
  void aRevocationIsNeverRefusedEvenTwiceOrWhileEverythingElseWaits() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1, 1});
    // Block the governance validators with a pending change; revocations do not care.
    long demote = chain.proposed("bank-a", new Change.DemoteNode("d1", "governance"));
    chain.allVoteYes(demote);
    Revocation revocation = new Revocation("CN=bank-b CA,O=bank-b", BigInteger.valueOf(77));
    for (int round = 1; round <= 2; round++) {
      long id = chain.proposed("bank-b", new Change.RevokeCertificate(revocation));
      assertThat(chain.proposal(id).eligible()).hasSize(4);
      Receipt receipt = chain.allVoteYes(id);
      GovernanceDecision decision = GovernanceDecision.CODEC.decode(receipt.result());
      assertThat(decision.sequence()).isEqualTo(round);
      assertThat(decision.effect()).isEqualTo(new GovernanceDecision.Revoke(revocation));
    }
  }

  @Test
  void aMemberThatLeavesClosesItsChannelsAndKeepsItsRecords() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1}, "a--b", "a--c");
    Receipt refused = proposeReceipt(chain, "bank-a", new Change.RemoveMember("bank-c"));
    assertThat(refused.code()).isEqualTo(GovernanceReasons.NODE_IS_VALIDATOR);

    long demote = chain.proposed("bank-a", new Change.DemoteNode("c1", "governance"));
    chain.allVoteYes(demote);
    chain.block(chain.setChange(pendingSet(chain)));
    long leave = chain.proposed("bank-a", new Change.RemoveMember("bank-c"));
    assertThat(chain.proposal(leave).eligible()).containsExactly("bank-a", "bank-b");
    chain.allVoteYes(leave);

    assertThat(chain.channel("a--c").open()).isFalse();
    // Roles in a closed channel stay as they were: nothing is deleted.
    assertThat(chain.channel("a--c").validators()).containsExactly("a1", "c1");
    assertThat(chain.channel("a--b").open()).isTrue();
    assertThat(chain.channel("governance").definition().members())
        .containsExactly("bank-a", "bank-b");
    assertThat(chain.channel("governance").observers()).isEmpty();
    BlockResult afterwards = chain.block();
    assertThat(afterwards.receipts()).isEmpty();
    assertThat(chain.app.admit(chain.state, chain.vote("bank-c", leave, true)))
        .isInstanceOfSatisfying(
            Check.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(GovernanceReasons.NOT_A_MEMBER));
  }

  static io.entente.core.chain.ValidatorSet pendingSet(GovernanceFixture chain) {
    return GovernanceState.PendingSet.decode(
            chain.query(GovernanceQueries.request(GovernanceQueries.Kind.PENDING_SET)).result())
        .next();
  }

  private static java.util.NavigableMap<io.entente.core.bytes.Bytes, io.entente.core.bytes.Bytes>
      genesisOf(GovernanceFixture chain) {
    return GenesisState.entries(chain.genesis, Parameters.defaults());
  }
}
