package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.check.Check;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.util.Objects;

/** A block with the certificate that makes it final: how blocks are stored and synced. */
public record CertifiedBlock(Block block, BlockCertificate certificate) {
  public static final Codec<CertifiedBlock> CODEC =
      new SimpleCodec<>(
          Tags.CERTIFIED_BLOCK,
          1,
          CoreLimits.CERTIFIED_BLOCK_BYTES_MAX,
          CertifiedBlock::write,
          CertifiedBlock::read);

  public CertifiedBlock {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(certificate, "certificate");
  }

  /**
   * The transactions match the header and the certificate is valid for it under {@code validators},
   * the set of this block's height. Application rules are not checked here.
   */
  public Check check(CryptoSuite suite, ValidatorSet validators, boolean sealFromEveryInstitution) {
    return block
        .checkTxRoot(suite)
        .and(
            () ->
                BlockCertificates.verify(
                    suite, block.header(), certificate, validators, sealFromEveryInstitution));
  }

  static void write(Writer writer, CertifiedBlock certified) {
    Block.CODEC.writeTo(writer, certified.block);
    BlockCertificate.CODEC.writeTo(writer, certified.certificate);
  }

  static CertifiedBlock read(Reader reader) {
    Block block = Block.CODEC.readFrom(reader);
    return new CertifiedBlock(block, BlockCertificate.CODEC.readFrom(reader));
  }
}
