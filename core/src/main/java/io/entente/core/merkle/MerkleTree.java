package io.entente.core.merkle;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Merkle trees in the style of RFC 6962 over the suite's hash. Leaf and node hashes carry different
 * prefixes, so a node can never pass for a leaf (the second-preimage attack on plain trees):
 *
 * <ul>
 *   <li>empty tree: H()
 *   <li>leaf: H(0x00 ‖ data)
 *   <li>node: H(0x01 ‖ left ‖ right), the left subtree holding the largest power of two of leaves
 *       that is smaller than the leaf count.
 * </ul>
 */
public final class MerkleTree {
  private static final Bytes LEAF_PREFIX = Bytes.of(new byte[] {0x00});
  private static final Bytes NODE_PREFIX = Bytes.of(new byte[] {0x01});

  private MerkleTree() {}

  /** The root over {@code leaves} in order. */
  public static Hash root(CryptoSuite suite, List<Bytes> leaves) {
    if (leaves.isEmpty()) {
      return suite.hash();
    }
    return subtreeRoot(suite, leafHashes(suite, leaves), 0, leaves.size());
  }

  /** The proof that {@code leaves.get(index)} is the leaf at {@code index} of the tree. */
  public static MerkleProof proof(CryptoSuite suite, List<Bytes> leaves, int index) {
    if (index < 0 || index >= leaves.size()) {
      throw new IndexOutOfBoundsException(
          "leaf " + index + " of a tree of " + leaves.size() + " leaves");
    }
    List<Hash> hashes = leafHashes(suite, leaves);
    List<Hash> siblingsFromRoot = new ArrayList<>();
    int low = 0;
    int high = leaves.size();
    while (high - low > 1) {
      int middle = low + splitPoint(high - low);
      if (index < middle) {
        siblingsFromRoot.add(subtreeRoot(suite, hashes, middle, high));
        high = middle;
      } else {
        siblingsFromRoot.add(subtreeRoot(suite, hashes, low, middle));
        low = middle;
      }
    }
    Collections.reverse(siblingsFromRoot);
    return new MerkleProof(index, leaves.size(), siblingsFromRoot);
  }

  static Hash leafHash(CryptoSuite suite, Bytes data) {
    return suite.hash(LEAF_PREFIX, data);
  }

  static Hash nodeHash(CryptoSuite suite, Hash left, Hash right) {
    return suite.hash(NODE_PREFIX, left.value(), right.value());
  }

  /** The size of the left subtree of a tree of {@code count} ≥ 2 leaves. */
  static int splitPoint(int count) {
    if (count < 2) {
      throw new IllegalArgumentException("only a tree of 2 or more leaves splits: " + count);
    }
    return Integer.highestOneBit(count - 1);
  }

  private static List<Hash> leafHashes(CryptoSuite suite, List<Bytes> leaves) {
    List<Hash> hashes = new ArrayList<>(leaves.size());
    for (Bytes leaf : leaves) {
      hashes.add(leafHash(suite, leaf));
    }
    return hashes;
  }

  /** The root over the leaf hashes in [low, high), which is not empty. */
  private static Hash subtreeRoot(CryptoSuite suite, List<Hash> hashes, int low, int high) {
    if (high - low == 1) {
      return hashes.get(low);
    }
    int middle = low + splitPoint(high - low);
    return nodeHash(
        suite, subtreeRoot(suite, hashes, low, middle), subtreeRoot(suite, hashes, middle, high));
  }
}
