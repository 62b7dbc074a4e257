package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;

/**
 * Evidence of one validator-set change for an auditor: the certified header of the block that
 * includes the change, and the inclusion proof of the change transaction in that block.
 */
public record CertifiedChange(CertifiedHeader block, InclusionProof proof) {
  public static final Codec<CertifiedChange> CODEC =
      new SimpleCodec<>(
          Tags.CERTIFIED_CHANGE,
          1,
          CoreLimits.CERTIFIED_CHANGE_BYTES_MAX,
          CertifiedChange::write,
          CertifiedChange::read);

  public CertifiedChange {
    if (proof.kind() != InclusionProof.Kind.TRANSACTION) {
      throw new IllegalArgumentException("a set change is proven by a transaction proof");
    }
    Fields.bytes(proof.leaf(), CoreLimits.SET_CHANGE_TX_BYTES_MAX, "change transaction");
  }

  /** The height whose block includes the change; the new set governs the next height. */
  public long height() {
    return block.header().height();
  }

  static void write(Writer writer, CertifiedChange value) {
    CertifiedHeader.CODEC.writeTo(writer, value.block);
    InclusionProof.CODEC.writeTo(writer, value.proof);
  }

  static CertifiedChange read(Reader reader) {
    return new CertifiedChange(
        CertifiedHeader.CODEC.readFrom(reader), InclusionProof.CODEC.readFrom(reader));
  }
}
