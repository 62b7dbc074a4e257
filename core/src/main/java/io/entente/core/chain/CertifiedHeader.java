package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import java.util.Objects;

/** A block header with the certificate that makes its block final, without the transactions. */
public record CertifiedHeader(BlockHeader header, BlockCertificate certificate) {
  public static final Codec<CertifiedHeader> CODEC =
      new SimpleCodec<>(
          Tags.CERTIFIED_HEADER,
          1,
          CoreLimits.CERTIFIED_HEADER_BYTES_MAX,
          CertifiedHeader::write,
          CertifiedHeader::read);

  public CertifiedHeader {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(certificate, "certificate");
  }

  public static CertifiedHeader of(CertifiedBlock block) {
    return new CertifiedHeader(block.block().header(), block.certificate());
  }

  static void write(Writer writer, CertifiedHeader value) {
    BlockHeader.CODEC.writeTo(writer, value.header);
    BlockCertificate.CODEC.writeTo(writer, value.certificate);
  }

  static CertifiedHeader read(Reader reader) {
    return new CertifiedHeader(
        BlockHeader.CODEC.readFrom(reader), BlockCertificate.CODEC.readFrom(reader));
  }
}
