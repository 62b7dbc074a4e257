package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.merkle.MerkleProof;
import io.entente.core.pki.Revocation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A channel imports governance decisions in order, once each, proven by a certificate of the
 * governance set it can follow from its anchor; everything else is refused with a reason naming
 * what failed.
 */
class GovernanceViewTest {
  private static final GovernanceDecision.Effect REVOKE =
      new GovernanceDecision.Revoke(new Revocation("CN=Lead CA,O=Lead", BigInteger.valueOf(42)));

  private static String reason(Check check) {
    return check instanceof Check.Rejected rejected ? rejected.reason() : "accepted";
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void importsDecisionsInOrderOnceEach(SuiteId id) {
    GovernanceFixture governance = new GovernanceFixture(id);
    CryptoSuite suite = CryptoSuite.of(id);
    long first = governance.decide(REVOKE);
    long second =
        governance.decide(new GovernanceDecision.ChannelValidators("x", governance.set(0, 1, 2)));
    GovernanceView view = GovernanceView.of(governance.anchor());

    GovernanceUpdate two = governance.update(second, 1);
    assertThat(reason(view.check(suite, two))).isEqualTo(GovernanceView.OUT_OF_ORDER);

    GovernanceUpdate one = governance.update(first, 1);
    assertThat(view.check(suite, one)).isEqualTo(Check.accepted());
    GovernanceView afterOne = view.after(one);
    assertThat(afterOne.lastSequence()).isEqualTo(1);
    assertThat(afterOne.lastHeight()).isEqualTo(first + 1);

    assertThat(reason(afterOne.check(suite, one))).isEqualTo(GovernanceView.OUT_OF_ORDER);
    assertThat(afterOne.check(suite, two)).isEqualTo(Check.accepted());
    assertThat(afterOne.after(two).lastSequence()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void followsTheGovernanceSetOnlyThroughItsCertifiedChanges(SuiteId id) {
    GovernanceFixture governance = new GovernanceFixture(id);
    CryptoSuite suite = CryptoSuite.of(id);
    long change = governance.changeSet(governance.set(0, 1, 2, 4));
    long decided = governance.decide(REVOKE);
    GovernanceView view = GovernanceView.of(governance.anchor());

    GovernanceUpdate withoutChange = governance.update(decided, change + 1);
    assertThat(withoutChange.setChanges()).isEmpty();
    assertThat(reason(view.check(suite, withoutChange))).isEqualTo(GovernanceView.SET_UNKNOWN);

    GovernanceUpdate withChange = governance.update(decided, 1);
    assertThat(withChange.setChanges()).hasSize(1);
    assertThat(view.check(suite, withChange)).isEqualTo(Check.accepted());
    GovernanceView after = view.after(withChange);
    assertThat(after.validators()).isEqualTo(governance.set(0, 1, 2, 4));
    assertThat(after.setFromHeight()).isEqualTo(change + 1);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void refusesAForeignChannelAForgedChainAndTamperedProofs(SuiteId id) {
    GovernanceFixture governance = new GovernanceFixture(id);
    CryptoSuite suite = CryptoSuite.of(id);
    long decided = governance.decide(REVOKE);
    GovernanceUpdate genuine = governance.update(decided, 1);
    GovernanceView view = GovernanceView.of(governance.anchor());

    GovernanceView otherChannel =
        GovernanceView.of(new GovernanceAnchor("elsewhere", governance.set(0, 1, 2, 3), false));
    assertThat(reason(otherChannel.check(suite, genuine))).isEqualTo(GovernanceView.WRONG_CHANNEL);

    GovernanceView otherSet =
        GovernanceView.of(
            new GovernanceAnchor(GovernanceFixture.GOVERNANCE, governance.set(4, 5, 6, 7), false));
    assertThat(reason(otherSet.check(suite, genuine))).isEqualTo(GovernanceView.SET_UNKNOWN);

    List<Seal> seals = genuine.committing().certificate().seals();
    GovernanceUpdate tooFewSeals =
        new GovernanceUpdate(
            List.of(),
            new CertifiedHeader(
                genuine.committing().header(),
                BlockCertificate.of(
                    genuine.committing().certificate().blockHash(), seals.subList(0, 2))),
            genuine.proof());
    assertThat(reason(view.check(suite, tooFewSeals))).isEqualTo(BlockCertificates.NO_QUORUM);

    Receipt honest = genuine.receipt();
    Receipt altered =
        new Receipt(
            honest.txId(),
            honest.index(),
            honest.status(),
            honest.code(),
            honest.detail(),
            GovernanceDecision.CODEC.encode(
                new GovernanceDecision(
                    1, new GovernanceDecision.ChannelValidators("x", governance.set(4, 5, 6, 7)))));
    InclusionProof proof = genuine.proof();
    GovernanceUpdate forgedReceipt =
        new GovernanceUpdate(
            List.of(),
            genuine.committing(),
            new InclusionProof(
                proof.kind(), proof.height(), Receipt.CODEC.encode(altered), proof.proof()));
    assertThat(reason(view.check(suite, forgedReceipt))).isEqualTo(MerkleProof.ROOT_MISMATCH);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void refusesARejectedReceiptAndOneThatIsNoDecision(SuiteId id) {
    GovernanceFixture governance = new GovernanceFixture(id);
    CryptoSuite suite = CryptoSuite.of(id);
    governance.appendEmpty();
    governance.appendEmpty();
    GovernanceUpdate noDecision = governance.update(1, 1);
    assertThat(reason(GovernanceView.of(governance.anchor()).check(suite, noDecision)))
        .isEqualTo(GovernanceView.MALFORMED);

    List<Receipt> receipts = new ArrayList<>(governance.chain().receipts(1));
    Receipt accepted = receipts.get(0);
    Receipt refused =
        new Receipt(
            accepted.txId(),
            0,
            Receipt.Status.REJECTED,
            "no",
            "refused",
            GovernanceDecision.CODEC.encode(new GovernanceDecision(1, REVOKE)));
    GovernanceUpdate rejected =
        new GovernanceUpdate(
            List.of(),
            noDecision.committing(),
            new InclusionProof(
                InclusionProof.Kind.RECEIPT,
                1,
                Receipt.CODEC.encode(refused),
                noDecision.proof().proof()));
    assertThat(reason(GovernanceView.of(governance.anchor()).check(suite, rejected)))
        .isEqualTo(GovernanceView.MALFORMED);
  }
}
