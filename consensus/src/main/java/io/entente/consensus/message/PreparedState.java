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

/**
 * A validator's prepared state, written to its write-ahead log before it sends COMMIT: the round in
 * which a quorum prepared {@code block} (whose header carries that round) and the PREPAREs that
 * show it. Its ROUND-CHANGEs carry this until the height is decided.
 */
public record PreparedState(long height, int round, Block block, List<Prepare> prepares)
    implements DurableRecord {
  public static final Codec<PreparedState> CODEC =
      new SimpleCodec<>(
          Tags.PREPARED_STATE,
          1,
          ConsensusLimits.PREPARED_STATE_BYTES_MAX,
          PreparedState::write,
          PreparedState::read);

  public PreparedState {
    Wire.heightAndRound(height, round);
    Objects.requireNonNull(block, "block");
    prepares = Wire.byAuthor(prepares, "prepares");
    if (block.header().height() != height || block.header().round() != round) {
      throw new IllegalArgumentException("the prepared block is not of this height and round");
    }
  }

  static void write(Writer writer, PreparedState state) {
    writer.i64(state.height).u32(state.round);
    Block.CODEC.writeTo(writer, state.block);
    writer.list(state.prepares, CoreLimits.VALIDATORS_MAX, Prepare.CODEC::writeTo);
  }

  static PreparedState read(Reader reader) {
    long height = reader.i64("height");
    int round = reader.u32("round");
    Block block = Block.CODEC.readFrom(reader);
    return new PreparedState(
        height, round, block, Wire.readByAuthor(reader, "prepares", Prepare.CODEC::readFrom));
  }
}
