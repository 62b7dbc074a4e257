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
import java.util.Optional;

/**
 * A validator's request to move to {@code round}, with what it last prepared in this height, if
 * anything. Prepared round and prepared digest are one optional field, so one without the other
 * cannot be encoded. Whether the prepared round is below {@code round} is the justification's rule,
 * not the codec's: a well-formed but unjustifiable round change must be representable to be
 * rejected with a reason.
 */
public record RoundChangePayload(
    String channel, long height, int round, Optional<Prepared> prepared) implements Payload {
  public static final Codec<RoundChangePayload> CODEC =
      new SimpleCodec<>(
          Tags.ROUND_CHANGE_PAYLOAD,
          1,
          ConsensusLimits.PAYLOAD_BYTES_MAX,
          RoundChangePayload::write,
          RoundChangePayload::read);

  /** The round a validator last prepared in and the digest of the block it prepared. */
  public record Prepared(int round, Hash digest) {
    public Prepared {
      if (round < 0) {
        throw new IllegalArgumentException("prepared round = " + round + ", must be at least 0");
      }
      Objects.requireNonNull(digest, "digest");
    }
  }

  public RoundChangePayload {
    Wire.channel(channel);
    Wire.heightAndRound(height, round);
    Objects.requireNonNull(prepared, "prepared");
  }

  @Override
  public MessageType type() {
    return MessageType.ROUND_CHANGE;
  }

  @Override
  public Bytes encode() {
    return CODEC.encode(this);
  }

  static void write(Writer writer, RoundChangePayload payload) {
    Wire.writeChannel(writer, payload.channel);
    writer.i64(payload.height).u32(payload.round);
    writer.optional(
        payload.prepared.orElse(null),
        (w, prepared) -> w.u32(prepared.round).hash(prepared.digest));
  }

  static RoundChangePayload read(Reader reader) {
    String channel = Wire.readChannel(reader);
    long height = reader.i64("height");
    int round = reader.u32("round");
    Prepared prepared =
        reader.optional(
            "prepared", r -> new Prepared(r.u32("prepared round"), r.hash("prepared digest")));
    return new RoundChangePayload(channel, height, round, Optional.ofNullable(prepared));
  }
}
