package io.entente.consensus.message;

import io.entente.consensus.ConsensusLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Seal;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import java.util.Objects;

/**
 * A validator's vote to commit the block of {@code digest} in (height, round), with its commit
 * seal: a core {@link Seal} over the block's {@code SealPayload}, which goes into the block's
 * certificate unchanged.
 */
public record CommitPayload(String channel, long height, int round, Hash digest, Seal commitSeal)
    implements Payload {
  public static final Codec<CommitPayload> CODEC =
      new SimpleCodec<>(
          Tags.COMMIT_PAYLOAD,
          1,
          ConsensusLimits.PAYLOAD_BYTES_MAX,
          CommitPayload::write,
          CommitPayload::read);

  public CommitPayload {
    Wire.channel(channel);
    Wire.heightAndRound(height, round);
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(commitSeal, "commitSeal");
  }

  @Override
  public MessageType type() {
    return MessageType.COMMIT;
  }

  @Override
  public Bytes encode() {
    return CODEC.encode(this);
  }

  static void write(Writer writer, CommitPayload payload) {
    Wire.writeChannel(writer, payload.channel);
    writer.i64(payload.height).u32(payload.round).hash(payload.digest);
    Seal.CODEC.writeTo(writer, payload.commitSeal);
  }

  static CommitPayload read(Reader reader) {
    return new CommitPayload(
        Wire.readChannel(reader),
        reader.i64("height"),
        reader.u32("round"),
        reader.hash("digest"),
        Seal.CODEC.readFrom(reader));
  }
}
