package io.entente.core.merkle;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.util.List;

/**
 * Proof that some data is the leaf at {@code leafIndex} of a tree of {@code leafCount} leaves: the
 * sibling hashes on the way from the leaf up to the root, nearest the leaf first.
 *
 * <p>Like RFC 6962, the root does not commit to the leaf count: a proof shows membership, and its
 * index only relative to its count. Changing the count is caught when it changes the leaf's place
 * in the tree shape (path length or left/right turns), but e.g. leaf 0 of 5 and leaf 0 of 6 share a
 * proof. Whoever needs the count itself must take it from a trusted source.
 */
public record MerkleProof(int leafIndex, int leafCount, List<Hash> path) {
  public static final String INDEX_OUT_OF_RANGE = "merkle-index-out-of-range";
  public static final String PATH_LENGTH = "merkle-path-length";
  public static final String ROOT_MISMATCH = "merkle-root-mismatch";

  public static final Codec<MerkleProof> CODEC =
      new SimpleCodec<>(
          Tags.MERKLE_PROOF,
          1,
          CoreLimits.MERKLE_PROOF_BYTES_MAX,
          MerkleProof::write,
          MerkleProof::read);

  public MerkleProof {
    if (leafIndex < 0 || leafCount < 0) {
      throw new IllegalArgumentException(
          "leaf index " + leafIndex + " and count " + leafCount + " must not be negative");
    }
    if (path.size() > CoreLimits.MERKLE_PROOF_HASHES_MAX) {
      throw new IllegalArgumentException(
          "a proof path has at most " + CoreLimits.MERKLE_PROOF_HASHES_MAX + " hashes");
    }
    path = List.copyOf(path);
  }

  /** Accepted when {@code leafData} at this proof's place leads to {@code root}. */
  public Check verify(CryptoSuite suite, Hash root, Bytes leafData) {
    if (leafIndex >= leafCount) {
      return Check.rejected(
          INDEX_OUT_OF_RANGE, "leaf " + leafIndex + " of a tree of " + leafCount + " leaves");
    }
    boolean[] siblingOnLeft = siblingOnLeft(leafIndex, leafCount);
    if (path.size() != siblingOnLeft.length) {
      return Check.rejected(
          PATH_LENGTH,
          "leaf "
              + leafIndex
              + " of "
              + leafCount
              + " needs "
              + siblingOnLeft.length
              + " hashes, the proof has "
              + path.size());
    }
    Hash computed = MerkleTree.leafHash(suite, leafData);
    for (int level = 0; level < path.size(); level++) {
      Hash sibling = path.get(level);
      computed =
          siblingOnLeft[level]
              ? MerkleTree.nodeHash(suite, sibling, computed)
              : MerkleTree.nodeHash(suite, computed, sibling);
    }
    Hash result = computed;
    return Check.require(
        result.equals(root),
        ROOT_MISMATCH,
        () -> "the proof leads to " + result.shortHex() + ", expected " + root.shortHex());
  }

  /**
   * For each level from the leaf up, whether the sibling is the left child: the leaf's place in a
   * tree of {@code count} leaves. Walks down from the root, then reverses.
   */
  static boolean[] siblingOnLeft(int index, int count) {
    boolean[] fromRoot = new boolean[CoreLimits.MERKLE_PROOF_HASHES_MAX];
    int depth = 0;
    int offset = index;
    int size = count;
    while (size > 1) {
      int split = MerkleTree.splitPoint(size);
      boolean goRight = offset >= split;
      fromRoot[depth++] = goRight;
      offset = goRight ? offset - split : offset;
      size = goRight ? size - split : split;
    }
    boolean[] fromLeaf = new boolean[depth];
    for (int level = 0; level < depth; level++) {
      fromLeaf[level] = fromRoot[depth - 1 - level];
    }
    return fromLeaf;
  }

  private static void write(Writer writer, MerkleProof proof) {
    writer.u32(proof.leafIndex).u32(proof.leafCount);
    writer.list(proof.path, CoreLimits.MERKLE_PROOF_HASHES_MAX, Writer::hash);
  }

  private static MerkleProof read(Reader reader) {
    int leafIndex = reader.u32("leaf index");
    int leafCount = reader.u32("leaf count");
    List<Hash> path =
        reader.list(CoreLimits.MERKLE_PROOF_HASHES_MAX, "path", r -> r.hash("path hash"));
    return new MerkleProof(leafIndex, leafCount, path);
  }
}
