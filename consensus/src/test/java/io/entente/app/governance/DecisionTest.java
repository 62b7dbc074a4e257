package io.entente.app.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.governance.GovernanceState.DecisionRecord;
import io.entente.app.governance.GovernanceState.ProposalStatus;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.ledger.BlockChecks;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.core.pki.Revocation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {

  private static ValidatorSet setOf(GovernanceFixture chain, List<String> nodeIds) {
    List<Validator> validators = new ArrayList<>();
    for (String nodeId : nodeIds) {
      var node =
          GovernanceState.NodeRecord.decode(
              chain.query(GovernanceQueries.request(GovernanceQueries.Kind.NODE, nodeId)).result(),
              GovernanceFixture.SUITE_ID);
      validators.add(new Validator(node.node().institution(), node.node().validatorKey()));
    }
    return ValidatorSet.of(validators);
  }

  private static long approvedRegistration(
      GovernanceFixture chain, String nodeId, String bank, int key) {
    long id =
        chain.proposed(bank, new Change.RegisterNode(GovernanceFixture.node(nodeId, bank, key)));
    Receipt last = chain.allVoteYes(id);
    // Registering a node is governance's own business: no decision for other channels.
    assertThat(GovernanceRequests.decodeOutcome(last.result()).status())
        .isEqualTo(ProposalStatus.APPROVED);
    return id;
  }

  @Test
  void decisionsAreNumberedConsecutivelyAcrossTheChannelAndIndexedByNumber() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1}, "a--b--c");
    approvedRegistration(chain, "a2", "bank-a", 900);
    ValidatorSet before = setOf(chain, chain.channel("a--b--c").validators());

    long promote = chain.proposed("bank-a", new Change.PromoteNode("a2", "a--b--c"));
    long revokeOne =
        chain.proposed(
            "bank-b", new Change.RevokeCertificate(new Revocation("CN=x", BigInteger.TWO)));
    long revokeTwo =
        chain.proposed(
            "bank-c", new Change.RevokeCertificate(new Revocation("CN=y", BigInteger.TEN)));

    Receipt first = chain.allVoteYes(promote);
    long firstHeight = chain.height;
    GovernanceDecision one = GovernanceDecision.CODEC.decode(first.result());
    assertThat(one.sequence()).isEqualTo(1);
    ValidatorSet next = ((GovernanceDecision.ChannelValidators) one.effect()).next();
    assertThat(((GovernanceDecision.ChannelValidators) one.effect()).channel())
        .isEqualTo("a--b--c");
    assertThat(next).isEqualTo(setOf(chain, List.of("a1", "a2", "b1", "c1")));
    // The channel that imports it will admit it: one step from its current set.
    assertThat(BlockChecks.changeFits(before, chain.setChange(next))).isEqualTo(Check.accepted());

    chain.block(chain.vote("bank-a", revokeOne, true), chain.vote("bank-a", revokeTwo, true));
    chain.block(chain.vote("bank-b", revokeOne, true), chain.vote("bank-b", revokeTwo, true));
    BlockResult last =
        chain.block(chain.vote("bank-c", revokeOne, true), chain.vote("bank-c", revokeTwo, true));
    assertThat(last.receipts())
        .extracting(receipt -> GovernanceDecision.CODEC.decode(receipt.result()).sequence())
        .containsExactly(2L, 3L);
    // The block after a decision is asked for at once: it commits the decision's receipt.
    assertThat(last.nextDeadlineMs()).hasValue(chain.timeMs + 1);
    assertThat(last.events())
        .extracting(BlockResult.Event::index, BlockResult.Event::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, GovernanceApplication.DECISION_EVENT),
            org.assertj.core.groups.Tuple.tuple(1, GovernanceApplication.DECISION_EVENT));
    assertThat(last.events().get(1).data()).isEqualTo(last.receipts().get(1).result());

    DecisionRecord located = decision(chain, 1);
    assertThat(located.height()).isEqualTo(firstHeight);
    assertThat(located.receiptIndex()).isZero();
    assertThat(located.proposalId()).isEqualTo(promote);
    assertThat(located.decision()).isEqualTo(one);
    DecisionRecord third = decision(chain, 3);
    assertThat(third.height()).isEqualTo(chain.height);
    assertThat(third.receiptIndex()).isEqualTo(1);
    assertThat(chain.proposal(revokeTwo).decision()).isEqualTo(3);
    var counters =
        GovernanceState.Counters.decode(
            chain.query(GovernanceQueries.request(GovernanceQueries.Kind.COUNTERS)).result());
    assertThat(counters.lastDecision()).isEqualTo(3);
    assertThat(chain.query(GovernanceQueries.request(GovernanceQueries.Kind.DECISION, 4)).check())
        .isInstanceOf(Check.Rejected.class);
  }

  private static DecisionRecord decision(GovernanceFixture chain, long number) {
    return DecisionRecord.decode(
        chain.query(GovernanceQueries.request(GovernanceQueries.Kind.DECISION, number)).result());
  }

  @Test
  void theGovernanceChannelChangesItsOwnValidatorsOnlyAsApproved() {
    GovernanceFixture chain = new GovernanceFixture(new int[] {1, 1, 1, 1});
    ValidatorSet all = setOf(chain, List.of("a1", "b1", "c1", "d1"));
    ValidatorSet withoutD = setOf(chain, List.of("a1", "b1", "c1"));
    ValidatorSet withoutC = setOf(chain, List.of("a1", "b1", "d1"));
    assertThat(reason(chain.app.admit(chain.state, chain.setChange(withoutD))))
        .isEqualTo(GovernanceReasons.SET_NOT_APPROVED);

    long demote = chain.proposed("bank-a", new Change.DemoteNode("d1", "governance"));
    Receipt approving = chain.allVoteYes(demote);
    // Not a decision: importing channels follow the governance set through certified changes.
    assertThat(GovernanceRequests.decodeOutcome(approving.result()).status())
        .isEqualTo(ProposalStatus.APPROVED);
    assertThat(SafetyTest.pendingSet(chain)).isEqualTo(withoutD);
    assertThat(chain.channel("governance").validators()).containsExactly("a1", "b1", "c1", "d1");
    assertThat(BlockChecks.changeFits(all, chain.setChange(withoutD))).isEqualTo(Check.accepted());

    Receipt second =
        chain
            .block(chain.propose("bank-a", new Change.DemoteNode("c1", "governance")))
            .receipts()
            .get(0);
    assertThat(second.code()).isEqualTo(GovernanceReasons.SET_PENDING);
    assertThat(reason(chain.app.admit(chain.state, chain.setChange(withoutC))))
        .isEqualTo(GovernanceReasons.SET_NOT_APPROVED);

    BlockResult made = chain.block(chain.setChange(withoutD));
    assertThat(made.receipts().get(0).status()).isEqualTo(Receipt.Status.ACCEPTED);
    assertThat(chain.channel("governance").validators()).containsExactly("a1", "b1", "c1");
    assertThat(chain.channel("governance").observers()).containsExactly("d1");
    assertThat(chain.query(GovernanceQueries.request(GovernanceQueries.Kind.PENDING_SET)).check())
        .isInstanceOf(Check.Rejected.class);
    assertThat(reason(chain.app.admit(chain.state, chain.setChange(withoutD))))
        .isEqualTo(GovernanceReasons.SET_NOT_APPROVED);
  }

  private static String reason(Check check) {
    assertThat(check).isInstanceOf(Check.Rejected.class);
    return ((Check.Rejected) check).reason();
  }
}
