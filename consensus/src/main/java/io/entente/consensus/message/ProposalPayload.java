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

/** The proposer's claim that {@code digest}, a block hash, is its proposal for (height, round). */
public record ProposalPayload(String channel, long height, int round, Hash digest)
    implements Payload {
  public static final Codec<ProposalPayload> CODEC =
      new SimpleCodec<>(
          Tags.PROPOSAL_PAYLOAD,
          1,
          ConsensusLimits.PAYLOAD_BYTES_MAX,
          ProposalPayload::write,
          ProposalPayload::read);

  public ProposalPayload {
    Wire.channel(channel);
    Wire.heightAndRound(height, round);
    Objects.requireNonNull(digest, "digest");
  }

  @Override
  public MessageType type() {
    return MessageType.PROPOSAL;
  }

  @Override
  public Bytes encode() {
    return CODEC.encode(this);
  }

  static void write(Writer writer, ProposalPayload payload) {
    Wire.writeChannel(writer, payload.channel);
    writer.i64(payload.height).u32(payload.round).hash(payload.digest);
  }

  static ProposalPayload read(Reader reader) {
    return new ProposalPayload(
        Wire.readChannel(reader), reader.i64("height"), reader.u32("round"), reader.hash("digest"));
  }
}
