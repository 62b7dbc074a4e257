package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import java.util.List;
import java.util.Objects;

/**
 * Everything an auditor needs to check one record offline: the channel's genesis (whose hash the
 * auditor knows from the consortium), every validator-set change since, in height order, the
 * certified header that commits to the record, and the record's inclusion proof. See {@link
 * OfflineVerifier}.
 */
public record AuditBundle(
    Genesis genesis, List<CertifiedChange> changes, CertifiedHeader anchor, InclusionProof proof) {
  public static final Codec<AuditBundle> CODEC =
      new SimpleCodec<>(
          Tags.AUDIT_BUNDLE,
          1,
          CoreLimits.AUDIT_BUNDLE_BYTES_MAX,
          AuditBundle::write,
          AuditBundle::read);

  public AuditBundle {
    Objects.requireNonNull(genesis, "genesis");
    changes = List.copyOf(changes);
    if (changes.size() > CoreLimits.AUDIT_CHANGES_MAX) {
      throw new IllegalArgumentException(
          changes.size() + " set changes, limit " + CoreLimits.AUDIT_CHANGES_MAX);
    }
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(proof, "proof");
  }

  static void write(Writer writer, AuditBundle value) {
    Genesis.CODEC.writeTo(writer, value.genesis);
    writer.list(value.changes, CoreLimits.AUDIT_CHANGES_MAX, CertifiedChange.CODEC::writeTo);
    CertifiedHeader.CODEC.writeTo(writer, value.anchor);
    InclusionProof.CODEC.writeTo(writer, value.proof);
  }

  static AuditBundle read(Reader reader) {
    return new AuditBundle(
        Genesis.CODEC.readFrom(reader),
        reader.list(CoreLimits.AUDIT_CHANGES_MAX, "changes", CertifiedChange.CODEC::readFrom),
        CertifiedHeader.CODEC.readFrom(reader),
        InclusionProof.CODEC.readFrom(reader));
  }
}
