package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.message.Commit;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockCertificate;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Seal;
import io.entente.core.chain.SealPayload;
import io.entente.core.chain.TestKeys;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bilateral channel's accountability rule (DESIGN §1, {@code Genesis.sealFromEveryInstitution}):
 * a certificate needs a quorum of seals and a seal from each institution that has a validator. Here
 * bank-a runs three of the four validators, so its three COMMITs alone are a quorum; bank-b's one
 * validator is node 3.
 */
class InstitutionSealTest {
  private static final List<String> THREE_AND_ONE = List.of("bank-a", "bank-a", "bank-a", "bank-b");

  private final Cluster cluster = new Cluster(THREE_AND_ONE, 4, Rules.CORRECT, true);

  @Test
  void aQuorumOfCommitsWaitsForASealFromEveryInstitutionAndCommitsOnceItArrives() {
    Cluster.Node bankB = cluster.node(3);
    assertThat(bankB.validator.institution()).isEqualTo("bank-b");
    bankB.announce = false;
    cluster.hold = delivery -> delivery.message() instanceof Commit && delivery.from() == 3;
    cluster.submit();
    cluster.advance(300);

    for (int i = 0; i < 3; i++) {
      Cluster.Node node = cluster.node(i);
      assertThat(node.sentOf(Commit.class)).as("node " + i).hasSize(1);
      assertThat(node.chain).as("three bank-a COMMITs are a quorum, but no bank-b seal").isEmpty();
      assertThat(node.actionsOf(Action.CommitBlock.class)).isEmpty();
      assertThat(node.qbft.height()).isEqualTo(1);
    }

    cluster.release();
    for (Cluster.Node node : cluster.nodes) {
      assertThat(node.chain).as("node " + node.index).hasSize(1);
      assertThat(node.chain.get(0).certificate().seals())
          .extracting(Seal::validator)
          .contains(bankB.id);
      assertThat(node.qbft.height()).isEqualTo(2);
    }
  }

  @Test
  void withoutTheRuleTheSameThreeCommitsAreEnough() {
    Cluster plain = new Cluster(THREE_AND_ONE, 4, Rules.CORRECT, false);
    plain.node(3).announce = false;
    plain.hold = delivery -> delivery.message() instanceof Commit && delivery.from() == 3;
    plain.submit();
    plain.advance(300);
    for (int i = 0; i < 3; i++) {
      assertThat(plain.node(i).chain).hasSize(1);
      assertThat(plain.node(i).chain.get(0).certificate().seals())
          .extracting(Seal::validator)
          .doesNotContain(plain.node(3).id);
    }
  }

  @Test
  void aCertifiedBlockWithoutASealOfEveryInstitutionIsNotFinal() {
    Forge forge = new Forge(cluster);
    Cluster.Node member = cluster.node(3);
    for (int i = 0; i < 3; i++) {
      cluster.node(i).down = true;
    }
    Block block = forge.block(0, 0);

    member.deliver(new Event.CertifiedBlockReceived(certified(forge, block, 0, 1, 2), 0));
    cluster.run();
    assertThat(member.chain).as("a quorum, all of bank-a").isEmpty();
    assertThat(member.qbft.height()).isEqualTo(1);

    CertifiedBlock both = certified(forge, block, 0, 1, 3);
    member.deliver(new Event.CertifiedBlockReceived(both, 0));
    cluster.run();
    assertThat(member.chain).containsExactly(both);
  }

  @Test
  void aSealOutsideTheSetDoesNotStandInForAnInstitution() {
    Forge forge = new Forge(cluster);
    Cluster.Node member = cluster.node(3);
    for (int i = 0; i < 3; i++) {
      cluster.node(i).down = true;
    }
    Block block = forge.block(0, 0);
    List<Seal> seals = new ArrayList<>(certified(forge, block, 0, 1, 2).certificate().seals());
    seals.add(
        Seal.sign(
            Cluster.SUITE,
            TestKeys.signer(SuiteId.STANDARD, 77),
            SealPayload.of(Cluster.SUITE, block.header())));
    member.deliver(
        new Event.CertifiedBlockReceived(
            new CertifiedBlock(block, BlockCertificate.of(Forge.digest(block), seals)), 0));
    cluster.run();
    assertThat(member.chain).isEmpty();
  }

  private static CertifiedBlock certified(Forge forge, Block block, int... sealers) {
    List<Seal> seals = new ArrayList<>();
    for (int sealer : sealers) {
      seals.add(forge.commit(sealer, block.header().round(), block).payload().commitSeal());
    }
    return new CertifiedBlock(block, BlockCertificate.of(Forge.digest(block), seals));
  }
}
