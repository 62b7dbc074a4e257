package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.merkle.MerkleProof;
import io.entente.core.merkle.MerkleTree;
import java.util.List;
import java.util.Objects;

/**
 * Proof that an encoded transaction was in block {@code height}, or that an encoded receipt was one
 * of block {@code height}'s receipts. Because execution runs one block behind, a receipt of block h
 * is checked against the {@code prevReceiptRoot} of header h + 1. The header itself must come with
 * a valid certificate; that is the caller's check.
 */
public record InclusionProof(Kind kind, long height, Bytes leaf, MerkleProof proof) {
  public static final String WRONG_HEADER = "proof-wrong-header";

  /** Encoded as its code; a new kind is a new codec version. */
  public enum Kind {
    TRANSACTION(0),
    RECEIPT(1);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    static Kind fromCode(int code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw new CodecException(CodecException.OUT_OF_RANGE, "unknown proof kind " + code);
    }
  }

  public static final Codec<InclusionProof> CODEC =
      new SimpleCodec<>(
          Tags.INCLUSION_PROOF,
          1,
          CoreLimits.INCLUSION_PROOF_BYTES_MAX,
          InclusionProof::write,
          InclusionProof::read);

  public InclusionProof {
    Objects.requireNonNull(kind, "kind");
    Fields.atLeast(height, 1, "height");
    Fields.bytes(leaf, CoreLimits.INCLUSION_PROOF_LEAF_BYTES_MAX, "leaf");
    Objects.requireNonNull(proof, "proof");
  }

  /** Proof of the transaction at {@code index} of {@code block}. */
  public static InclusionProof ofTransaction(CryptoSuite suite, Block block, int index) {
    List<Bytes> leaves = Block.txLeaves(block.transactions());
    return new InclusionProof(
        Kind.TRANSACTION,
        block.header().height(),
        leaves.get(index),
        MerkleTree.proof(suite, leaves, index));
  }

  /** Proof of the receipt at {@code index} of the receipts of block {@code height}. */
  public static InclusionProof ofReceipt(
      CryptoSuite suite, long height, List<Receipt> receipts, int index) {
    List<Bytes> leaves = Receipt.leaves(receipts);
    return new InclusionProof(
        Kind.RECEIPT, height, leaves.get(index), MerkleTree.proof(suite, leaves, index));
  }

  /** The height of the header that commits to this proof's root. */
  public long committingHeight() {
    return kind == Kind.TRANSACTION ? height : height + 1;
  }

  public Check verify(CryptoSuite suite, BlockHeader header) {
    if (header.height() != committingHeight()) {
      return Check.rejected(
          WRONG_HEADER,
          "a "
              + kind
              + " proof of block "
              + height
              + " needs header "
              + committingHeight()
              + ", got "
              + header.height());
    }
    Hash root = kind == Kind.TRANSACTION ? header.txRoot() : header.prevReceiptRoot();
    return proof.verify(suite, root, leaf);
  }

  static void write(Writer writer, InclusionProof proof) {
    writer.u8(proof.kind.code()).i64(proof.height);
    writer.bytes(proof.leaf, CoreLimits.INCLUSION_PROOF_LEAF_BYTES_MAX);
    MerkleProof.CODEC.writeTo(writer, proof.proof);
  }

  static InclusionProof read(Reader reader) {
    return new InclusionProof(
        Kind.fromCode(reader.u8("kind")),
        reader.i64("height"),
        reader.bytes(CoreLimits.INCLUSION_PROOF_LEAF_BYTES_MAX, "leaf"),
        MerkleProof.CODEC.readFrom(reader));
  }
}
