package io.entente.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Leaves are distinct in every tree here: with two equal leaves, a proof for one is rightly a proof
 * for the other.
 */
class MerkleProperties {

  record Tree(CryptoSuite suite, List<Bytes> leaves, int index, int other) {
    Hash root() {
      return MerkleTree.root(suite, leaves);
    }

    MerkleProof proof() {
      return MerkleTree.proof(suite, leaves, index);
    }
  }

  @Provide
  Arbitrary<Tree> trees() {
    Arbitrary<CryptoSuite> suites = Arbitraries.of(SuiteId.class).map(CryptoSuite::of);
    Arbitrary<List<Bytes>> leaves =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMaxSize(12)
            .map(Bytes::of)
            .list()
            .uniqueElements()
            .ofMinSize(2)
            .ofMaxSize(70);
    return Combinators.combine(suites, leaves, Arbitraries.integers().between(0, 1 << 20))
        .flatAs(
            (suite, list, seed) ->
                Arbitraries.integers()
                    .between(0, list.size() - 1)
                    .map(
                        index ->
                            new Tree(
                                suite,
                                list,
                                index,
                                (index + 1 + seed % (list.size() - 1)) % list.size())));
  }

  @Property(tries = 300)
  void everyLeafsProofVerifies(@ForAll("trees") Tree tree) {
    Hash root = tree.root();
    for (int i = 0; i < tree.leaves().size(); i++) {
      MerkleProof proof = MerkleTree.proof(tree.suite(), tree.leaves(), i);
      assertThat(proof.verify(tree.suite(), root, tree.leaves().get(i)).isAccepted()).isTrue();
    }
  }

  @Property(tries = 300)
  void aProofDoesNotVerifyAnotherLeaf(@ForAll("trees") Tree tree) {
    Bytes otherLeaf = tree.leaves().get(tree.other());
    assertRejected(tree.proof().verify(tree.suite(), tree.root(), otherLeaf));
  }

  @Property(tries = 300)
  void aModifiedPathHashIsRejected(
      @ForAll("trees") Tree tree, @ForAll int levelSeed, @ForAll byte flip) {
    MerkleProof proof = tree.proof();
    List<Hash> path = new ArrayList<>(proof.path());
    int level = Math.floorMod(levelSeed, path.size());
    byte[] changed = path.get(level).value().toByteArray();
    changed[Math.floorMod(levelSeed, changed.length)] ^= flip == 0 ? 1 : flip;
    path.set(level, Hash.of(changed));
    MerkleProof modified = new MerkleProof(proof.leafIndex(), proof.leafCount(), path);
    assertRejected(modified.verify(tree.suite(), tree.root(), tree.leaves().get(tree.index())));
  }

  @Property(tries = 300)
  void anotherIndexInTheSameTreeIsRejected(@ForAll("trees") Tree tree) {
    MerkleProof proof = tree.proof();
    MerkleProof moved = new MerkleProof(tree.other(), proof.leafCount(), proof.path());
    assertRejected(moved.verify(tree.suite(), tree.root(), tree.leaves().get(tree.index())));
  }

  /**
   * The root does not commit to the count (see {@link MerkleProof}), so a changed count is rejected
   * exactly when it changes the leaf's place in the tree shape.
   */
  @Property(tries = 300)
  void anotherCountIsRejectedUnlessTheLeafKeepsItsPlace(
      @ForAll("trees") Tree tree, @ForAll("counts") int count) {
    MerkleProof proof = tree.proof();
    MerkleProof recounted = new MerkleProof(proof.leafIndex(), count, proof.path());
    Check check = recounted.verify(tree.suite(), tree.root(), tree.leaves().get(tree.index()));
    boolean samePlace =
        proof.leafIndex() < count
            && Arrays.equals(
                MerkleProof.siblingOnLeft(proof.leafIndex(), count),
                MerkleProof.siblingOnLeft(proof.leafIndex(), proof.leafCount()));
    assertThat(check.isAccepted()).isEqualTo(samePlace);
  }

  @Provide
  Arbitrary<Integer> counts() {
    return Arbitraries.integers().between(0, 200);
  }

  @Property(tries = 200)
  void theEncodingOfAProofRoundTrips(@ForAll("trees") Tree tree) {
    MerkleProof proof = tree.proof();
    assertThat(MerkleProof.CODEC.decode(MerkleProof.CODEC.encode(proof))).isEqualTo(proof);
  }

  private static void assertRejected(Check check) {
    assertThat(check).isInstanceOf(Check.Rejected.class);
  }
}
