package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Seals on one block hash, sorted by validator fingerprint with no validator twice, so that a
 * certificate has one encoding. Whether it makes the block final is {@link
 * BlockCertificates#verify}'s call.
 */
public record BlockCertificate(Hash blockHash, List<Seal> seals) {
  public static final Codec<BlockCertificate> CODEC =
      new SimpleCodec<>(
          Tags.BLOCK_CERTIFICATE,
          1,
          CoreLimits.BLOCK_CERTIFICATE_BYTES_MAX,
          BlockCertificate::write,
          BlockCertificate::read);

  static final Comparator<Seal> SEAL_ORDER = Comparator.comparing(Seal::validator);

  public BlockCertificate {
    Objects.requireNonNull(blockHash, "blockHash");
    seals = List.copyOf(seals);
    if (seals.isEmpty() || seals.size() > CoreLimits.VALIDATORS_MAX) {
      throw new IllegalArgumentException(
          "a certificate has 1 to " + CoreLimits.VALIDATORS_MAX + " seals");
    }
    for (int i = 1; i < seals.size(); i++) {
      if (SEAL_ORDER.compare(seals.get(i - 1), seals.get(i)) >= 0) {
        throw new IllegalArgumentException(
            "seals are not sorted by validator, or a validator sealed twice, at " + i);
      }
    }
  }

  /** The certificate of {@code seals} in any order; fails on a validator that sealed twice. */
  public static BlockCertificate of(Hash blockHash, Collection<Seal> seals) {
    List<Seal> sorted = new ArrayList<>(seals);
    sorted.sort(SEAL_ORDER);
    return new BlockCertificate(blockHash, sorted);
  }

  static void write(Writer writer, BlockCertificate certificate) {
    writer.hash(certificate.blockHash);
    writer.list(certificate.seals, CoreLimits.VALIDATORS_MAX, Seal.CODEC::writeTo);
  }

  static BlockCertificate read(Reader reader) {
    Hash blockHash = reader.hash("block hash");
    return new BlockCertificate(
        blockHash,
        reader.sortedList(CoreLimits.VALIDATORS_MAX, "seals", Seal.CODEC::readFrom, SEAL_ORDER));
  }
}
