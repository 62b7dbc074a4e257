package io.entente.consensus.message;

import io.entente.consensus.ConsensusLimits;
import io.entente.core.CoreLimits;
import io.entente.core.chain.Block;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A ROUND-CHANGE: the signed payload and, when it names a prepared block, that block and the
 * PREPAREs that prepared it (sorted by author, one each). The block is present exactly when the
 * payload is prepared, so a new proposer can re-propose it.
 */
public record RoundChange(
    SignedRoundChange signed, Optional<Block> preparedBlock, List<Prepare> prepares)
    implements Message {
  public static final Codec<RoundChange> CODEC =
      new SimpleCodec<>(
          Tags.ROUND_CHANGE,
          1,
          ConsensusLimits.ROUND_CHANGE_BYTES_MAX,
          RoundChange::write,
          RoundChange::read);

  public RoundChange {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(preparedBlock, "preparedBlock");
    prepares = Wire.byAuthor(prepares, "prepares");
    boolean prepared = signed.payload().prepared().isPresent();
    if (prepared != preparedBlock.isPresent()) {
      throw new IllegalArgumentException(
          "a round change carries a block exactly when it names a prepared round");
    }
    if (!prepared && !prepares.isEmpty()) {
      throw new IllegalArgumentException("a round change without a prepared block has no prepares");
    }
  }

  static void write(Writer writer, RoundChange roundChange) {
    SignedRoundChange.CODEC.writeTo(writer, roundChange.signed);
    writer.optional(roundChange.preparedBlock.orElse(null), Block.CODEC::writeTo);
    writer.list(roundChange.prepares, CoreLimits.VALIDATORS_MAX, Prepare.CODEC::writeTo);
  }

  static RoundChange read(Reader reader) {
    SignedRoundChange signed = SignedRoundChange.CODEC.readFrom(reader);
    Block block = reader.optional("prepared block", Block.CODEC::readFrom);
    return new RoundChange(
        signed,
        Optional.ofNullable(block),
        Wire.readByAuthor(reader, "prepares", Prepare.CODEC::readFrom));
  }
}
