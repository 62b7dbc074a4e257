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

/**
 * Evidence that one validator signed two conflicting payloads of the same type for the same
 * (channel, height, round). Both signatures verify under the validator's key, so anyone can check
 * it. The two are ordered by their encoded payloads, so a pair has one encoding.
 */
public record Equivocation(SignedMessage first, SignedMessage second) {
  public static final Codec<Equivocation> CODEC =
      new SimpleCodec<>(
          Tags.EQUIVOCATION,
          1,
          ConsensusLimits.EQUIVOCATION_BYTES_MAX,
          Equivocation::write,
          Equivocation::read);

  public Equivocation {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Payload a = first.payload();
    Payload b = second.payload();
    if (!first.author().equals(second.author())
        || a.type() != b.type()
        || !a.channel().equals(b.channel())
        || a.height() != b.height()
        || a.round() != b.round()) {
      throw new IllegalArgumentException(
          "evidence needs two messages of one author, type, channel, height and round");
    }
    if (a.encode().compareTo(b.encode()) >= 0) {
      throw new IllegalArgumentException("evidence payloads must differ and be in order");
    }
  }

  /** The evidence of two conflicting messages, in either order. */
  public static Equivocation of(SignedMessage one, SignedMessage other) {
    return one.payload().encode().compareTo(other.payload().encode()) < 0
        ? new Equivocation(one, other)
        : new Equivocation(other, one);
  }

  public Hash validator() {
    return first.author();
  }

  static void write(Writer writer, Equivocation evidence) {
    writer.bytes(Messages.encodeSigned(evidence.first), ConsensusLimits.SIGNED_BYTES_MAX);
    writer.bytes(Messages.encodeSigned(evidence.second), ConsensusLimits.SIGNED_BYTES_MAX);
  }

  static Equivocation read(Reader reader) {
    Bytes first = reader.bytes(ConsensusLimits.SIGNED_BYTES_MAX, "first");
    Bytes second = reader.bytes(ConsensusLimits.SIGNED_BYTES_MAX, "second");
    return new Equivocation(Messages.decodeSigned(first), Messages.decodeSigned(second));
  }
}
