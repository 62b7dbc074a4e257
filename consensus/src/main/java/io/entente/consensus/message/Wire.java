package io.entente.consensus.message;

import io.entente.consensus.ConsensusLimits;
import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.Signature;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Field rules and encodings shared by the consensus message types. */
final class Wire {
  private Wire() {}

  static String channel(String channel) {
    Objects.requireNonNull(channel, "channel");
    byte[] utf8 = channel.getBytes(StandardCharsets.UTF_8);
    if (channel.isEmpty()
        || utf8.length > CoreLimits.IDENTIFIER_BYTES_MAX
        || !new String(utf8, StandardCharsets.UTF_8).equals(channel)) {
      throw new IllegalArgumentException(
          "channel must be 1 to " + CoreLimits.IDENTIFIER_BYTES_MAX + " UTF-8 bytes");
    }
    return channel;
  }

  static void heightAndRound(long height, int round) {
    if (height < 1) {
      throw new IllegalArgumentException("height = " + height + ", must be at least 1");
    }
    if (round < 0) {
      throw new IllegalArgumentException("round = " + round + ", must be at least 0");
    }
  }

  static void writeChannel(Writer writer, String channel) {
    writer.string(channel, CoreLimits.IDENTIFIER_BYTES_MAX);
  }

  static String readChannel(Reader reader) {
    return reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, "channel");
  }

  static void writeSignature(Writer writer, Signature signature) {
    writer.fixed(signature.value());
  }

  static Signature readSignature(Reader reader) {
    return new Signature(reader.fixed(Signature.LENGTH_BYTES, "signature"));
  }

  /** Messages in a justification are sorted by author, one per author: one encoding, no doubles. */
  static <T extends SignedMessage> List<T> byAuthor(List<T> messages, String field) {
    List<T> copy = List.copyOf(messages);
    if (copy.size() > CoreLimits.VALIDATORS_MAX) {
      throw new IllegalArgumentException(
          field + " has " + copy.size() + " messages, limit " + CoreLimits.VALIDATORS_MAX);
    }
    for (int i = 1; i < copy.size(); i++) {
      if (copy.get(i - 1).author().compareTo(copy.get(i).author()) >= 0) {
        throw new IllegalArgumentException(
            field + " is not sorted by author with one message each, at " + i);
      }
    }
    return copy;
  }

  static <T extends SignedMessage> List<T> sortedByAuthor(List<T> messages) {
    return messages.stream().sorted(Comparator.comparing(SignedMessage::author)).toList();
  }

  static <T extends SignedMessage> List<T> readByAuthor(
      Reader reader, String field, Function<Reader, T> element) {
    return reader.sortedList(
        CoreLimits.VALIDATORS_MAX, field, element, Comparator.comparing(SignedMessage::author));
  }

  static Hash author(Hash author) {
    return Objects.requireNonNull(author, "author");
  }

  /** How a signed message is made from its parts. */
  interface SignedFactory<P extends Payload, S extends SignedMessage> {
    S make(P payload, Hash author, Signature signature);
  }

  /**
   * The codec of a signed payload: the encoded payload (with its own tag), the author's
   * fingerprint, then the signature.
   */
  static <P extends Payload, S extends SignedMessage> Codec<S> signedCodec(
      int tag, Codec<P> payloadCodec, Function<S, P> payloadOf, SignedFactory<P, S> factory) {
    return new SimpleCodec<>(
        tag,
        1,
        ConsensusLimits.SIGNED_BYTES_MAX,
        (writer, signed) -> {
          payloadCodec.writeTo(writer, payloadOf.apply(signed));
          writer.hash(signed.author());
          writeSignature(writer, signed.signature());
        },
        reader -> {
          P payload = payloadCodec.readFrom(reader);
          Hash author = reader.hash("author");
          return factory.make(payload, author, readSignature(reader));
        });
  }
}
