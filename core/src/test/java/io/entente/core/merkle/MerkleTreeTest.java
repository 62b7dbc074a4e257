package io.entente.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static final CryptoSuite SHA256 = CryptoSuite.of(SuiteId.STANDARD);

  private static Bytes text(String value) {
    return Bytes.of(value.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 through the JDK, independent of the code under test. */
  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] leaf(String data) {
    return sha256(new byte[] {0}, data.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] node(byte[] left, byte[] right) {
    return sha256(new byte[] {1}, left, right);
  }

  @Test
  void emptyTreeIsTheHashOfNothing() {
    assertThat(MerkleTree.root(SHA256, List.of()))
        .isEqualTo(
            Hash.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  }

  @Test
  void aSingleLeafIsItsPrefixedHash() {
    // SHA-256(0x00): the RFC 6962 hash of an empty leaf.
    assertThat(MerkleTree.root(SHA256, List.of(Bytes.EMPTY)))
        .isEqualTo(
            Hash.fromHex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"));
  }

  @Test
  void threeLeavesSplitTwoAndOne() {
    assertThat(MerkleTree.root(SHA256, List.of(text("a"), text("b"), text("c"))))
        .isEqualTo(
            Hash.fromHex("36642e73c2540ab121e3a6bf9545b0a24982cd830eb13d3cd19de3ce6c021ec1"));
  }

  @Test
  void fiveAndSevenLeavesSplitAtTheLargestPowerOfTwoBelow() {
    byte[] ab = node(leaf("a"), leaf("b"));
    byte[] cd = node(leaf("c"), leaf("d"));
    byte[] abcd = node(ab, cd);
    List<Bytes> five = List.of(text("a"), text("b"), text("c"), text("d"), text("e"));
    assertThat(MerkleTree.root(SHA256, five)).isEqualTo(Hash.of(node(abcd, leaf("e"))));

    List<Bytes> seven =
        List.of(text("a"), text("b"), text("c"), text("d"), text("e"), text("f"), text("g"));
    byte[] efg = node(node(leaf("e"), leaf("f")), leaf("g"));
    assertThat(MerkleTree.root(SHA256, seven)).isEqualTo(Hash.of(node(abcd, efg)));
  }

  @Test
  void aLeafCannotPassForANode() {
    // Two leaves whose concatenated leaf hashes form a third "leaf": the prefixes keep them apart.
    List<Bytes> pair = List.of(text("a"), text("b"));
    Bytes forged = Bytes.of(leaf("a")).concat(Bytes.of(leaf("b")));
    assertThat(MerkleTree.root(SHA256, pair))
        .isNotEqualTo(MerkleTree.root(SHA256, List.of(forged)));
  }

  @Test
  void proofOfTheLastOfFiveLeavesIsTheRootOfTheFirstFour() {
    List<Bytes> five = List.of(text("a"), text("b"), text("c"), text("d"), text("e"));
    MerkleProof proof = MerkleTree.proof(SHA256, five, 4);
    byte[] abcd = node(node(leaf("a"), leaf("b")), node(leaf("c"), leaf("d")));
    assertThat(proof).isEqualTo(new MerkleProof(4, 5, List.of(Hash.of(abcd))));
    assertThat(proof.verify(SHA256, MerkleTree.root(SHA256, five), text("e")).isAccepted())
        .isTrue();
  }

  @Test
  void proofOfTheThirdOfThreeLeavesHasOneHashAndOfTheFirstHasTwo() {
    List<Bytes> three = List.of(text("a"), text("b"), text("c"));
    assertThat(MerkleTree.proof(SHA256, three, 2).path())
        .containsExactly(Hash.of(node(leaf("a"), leaf("b"))));
    assertThat(MerkleTree.proof(SHA256, three, 0).path())
        .containsExactly(Hash.of(leaf("b")), Hash.of(leaf("c")));
  }

  @Test
  void rejectionsNameWhatFailed() {
    List<Bytes> three = List.of(text("a"), text("b"), text("c"));
    Hash root = MerkleTree.root(SHA256, three);
    MerkleProof proof = MerkleTree.proof(SHA256, three, 0);

    assertReason(
        new MerkleProof(3, 3, proof.path()).verify(SHA256, root, text("a")),
        MerkleProof.INDEX_OUT_OF_RANGE);
    assertReason(
        new MerkleProof(0, 0, List.of()).verify(SHA256, root, text("a")),
        MerkleProof.INDEX_OUT_OF_RANGE);
    assertReason(
        new MerkleProof(0, 3, proof.path().subList(0, 1)).verify(SHA256, root, text("a")),
        MerkleProof.PATH_LENGTH);
    assertReason(proof.verify(SHA256, root, text("b")), MerkleProof.ROOT_MISMATCH);
  }

  @Test
  void theRootDoesNotCommitToTheLeafCount() {
    // Documented RFC 6962 behaviour: leaf 0 of 5 and of 6 takes the same three left turns.
    List<Bytes> five = List.of(text("a"), text("b"), text("c"), text("d"), text("e"));
    MerkleProof proof = MerkleTree.proof(SHA256, five, 0);
    MerkleProof relabelled = new MerkleProof(0, 6, proof.path());
    assertThat(relabelled.verify(SHA256, MerkleTree.root(SHA256, five), text("a")).isAccepted())
        .isTrue();
  }

  @Test
  void proofOutsideTheTreeFailsFast() {
    assertThatThrownBy(() -> MerkleTree.proof(SHA256, List.of(text("a")), 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void theCodecRejectsANegativeIndexAndTooLongAPath() {
    Bytes encoded = MerkleProof.CODEC.encode(new MerkleProof(1, 2, List.of(Hash.ZERO)));
    byte[] negativeIndex = encoded.toByteArray();
    negativeIndex[2] = (byte) 0x80; // top bit of the u32 index
    assertThatThrownBy(() -> MerkleProof.CODEC.decode(Bytes.of(negativeIndex)))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> assertThat(e.reason()).isEqualTo(CodecException.OUT_OF_RANGE));

    byte[] longPath = encoded.toByteArray();
    longPath[13] = 32; // the path count, over the 31-hash limit
    assertThatThrownBy(() -> MerkleProof.CODEC.decode(Bytes.of(longPath)))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> assertThat(e.reason()).isEqualTo(CodecException.TOO_MANY_ITEMS));
  }

  private static void assertReason(Check check, String reason) {
    assertThat(check)
        .isInstanceOfSatisfying(
            Check.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }
}
