package io.entente.consensus.qbft;

import static org.assertj.core.api.Assertions.assertThat;

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
 * qbft.md Rule 5 (Dafny {@code ValidNewBlock}): any member node accepts a block of its height that
 * carries a quorum of valid seals from the set of that height, and nothing less.
 */
class FinalityTest {

  @Test
  void aMemberThatIsNotAValidatorFollowsTheChainAndSignsNothing() {
    Cluster cluster =
        new Cluster(
            List.of("bank-a", "bank-a", "bank-b", "bank-b", "regulator"), 4, Rules.CORRECT, false);
    Cluster.Node member = cluster.node(4);
    for (int i = 0; i < 3; i++) {
      cluster.submit();
      cluster.advance(300);
    }
    assertThat(member.qbft.isVoting()).isFalse();
    assertThat(member.chain).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(member.chain.get(i).block()).isEqualTo(cluster.node(0).chain.get(i).block());
    }
    assertThat(member.sent()).isEmpty();
    assertThat(member.actionsOf(Action.ScheduleTimer.class)).isEmpty();
  }

  @Test
  void aCertifiedBlockIsFinalOnlyWithAQuorumOfValidSealsFromTheSet() {
    Cluster cluster = new Cluster(4);
    Forge forge = new Forge(cluster);
    Cluster.Node member = cluster.node(3);
    for (int i = 0; i < 3; i++) {
      cluster.node(i).down = true;
    }
    Block block = forge.block(0, 0);
    Block other = forge.block(0, 0, cluster.nowMs + 1, List.of());
    Seal outsider =
        Seal.sign(
            Cluster.SUITE,
            TestKeys.signer(SuiteId.STANDARD, 77),
            SealPayload.of(Cluster.SUITE, block.header()));
    Seal overOther = seal(forge, 2, other);

    List<CertifiedBlock> refused =
        List.of(
            certified(block, seal(forge, 0, block), seal(forge, 1, block)),
            certified(block, seal(forge, 0, block), seal(forge, 1, block), outsider),
            certified(block, seal(forge, 0, block), seal(forge, 1, block), overOther),
            new CertifiedBlock(
                block,
                BlockCertificate.of(
                    Forge.digest(other),
                    List.of(seal(forge, 0, other), seal(forge, 1, other), seal(forge, 2, other)))));
    for (CertifiedBlock certified : refused) {
      member.deliver(new Event.CertifiedBlockReceived(certified, cluster.nowMs));
      cluster.run();
    }
    assertThat(member.chain).isEmpty();
    assertThat(member.qbft.height()).isEqualTo(1);

    CertifiedBlock valid =
        certified(block, seal(forge, 0, block), seal(forge, 1, block), seal(forge, 2, block));
    member.deliver(new Event.CertifiedBlockReceived(valid, cluster.nowMs));
    cluster.run();
    assertThat(member.chain).containsExactly(valid);
    assertThat(member.qbft.height()).isEqualTo(2);
  }

  private static Seal seal(Forge forge, int signer, Block block) {
    return forge.commit(signer, block.header().round(), block).payload().commitSeal();
  }

  private static CertifiedBlock certified(Block block, Seal... seals) {
    return new CertifiedBlock(
        block, BlockCertificate.of(Forge.digest(block), new ArrayList<>(List.of(seals))));
  }
}
