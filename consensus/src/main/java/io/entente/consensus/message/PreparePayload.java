package io.entente.consensus.message;

import io.entente.consensus.ConsensusLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import java.util.Objects;

/** A validator's vote that it accepted the proposal of {@code digest} for (height, round). */
public record PreparePayload(String channel, long height, int round, Hash digest)
    implements Payload {
  public static final Codec<PreparePayload> CODEC =
      new SimpleCodec<>(
          Tags.PREPARE_PAYLOAD,
          1,
          ConsensusLimits.PAYLOAD_BYTES_MAX,
          PreparePayload::write,
          PreparePayload::read);

  public PreparePayload {
    Wire.channel(channel);
    Wire.heightAndRound(height, round);
    Objects.requireNonNull(digest, "digest");
  }

  @Override
  public MessageType type() {
    return MessageType.PREPARE;
  }

  @Override
  public Bytes encode() {
    return CODEC.encode(this);
  }

  static void write(Writer writer, PreparePayload payload) {
    Wire.writeChannel(writer, payload.channel);
    writer.i64(payload.height).u32(payload.round).hash(payload.digest);
  }

  static PreparePayload read(Reader reader) {
    return new PreparePayload(
        Wire.readChannel(reader), reader.i64("height"), reader.u32("round"), reader.hash("digest"));
  }
}
