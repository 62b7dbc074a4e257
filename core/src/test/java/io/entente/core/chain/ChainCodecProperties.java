package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * For every registered codec: values round-trip, and any input is either rejected with a known
 * reason or is the one canonical encoding of what it decodes to.
 */
class ChainCodecProperties {
  private static final List<String> REASONS = CodecException.REASONS;

  @Provide
  Arbitrary<ChainArbitraries.Sample> samples() {
    return ChainArbitraries.samples();
  }

  @Provide
  Arbitrary<ChainCodecs.Entry> entries() {
    return Arbitraries.of(ChainCodecs.ALL);
  }

  /** An edit of a byte string: its kind, where, and the bytes it puts in. */
  record Mutation(int kind, int position, byte[] bytes) {
    Bytes apply(Bytes input) {
      byte[] original = input.toByteArray();
      int at = Math.floorMod(position, original.length + 1);
      return Bytes.wrapUnsafe(
          switch (kind) {
            case 0 -> flip(original, Math.floorMod(position, original.length));
            case 1 -> splice(original, at, 0, bytes);
            case 2 ->
                splice(original, at, Math.min(1 + bytes.length, original.length - at), new byte[0]);
            default -> splice(original, at, Math.min(bytes.length, original.length - at), bytes);
          });
    }

    private byte[] flip(byte[] original, int index) {
      byte[] copy = original.clone();
      copy[index] ^= (byte) (bytes.length == 0 || bytes[0] == 0 ? 1 : bytes[0]);
      return copy;
    }

    private static byte[] splice(byte[] original, int at, int removed, byte[] inserted) {
      byte[] out = new byte[original.length - removed + inserted.length];
      System.arraycopy(original, 0, out, 0, at);
      System.arraycopy(inserted, 0, out, at, inserted.length);
      System.arraycopy(
          original, at + removed, out, at + inserted.length, original.length - at - removed);
      return out;
    }
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers(),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8))
        .as(Mutation::new);
  }

  @Property(tries = 500)
  void everyValueRoundTrips(@ForAll("samples") ChainArbitraries.Sample sample) {
    Bytes encoded = sample.encode();
    assertThat(encoded.length()).isLessThanOrEqualTo(sample.codec().maxBytes());
    Object decoded = sample.codec().decode(encoded);
    assertThat(decoded).isEqualTo(sample.value());
    assertThat(GoldenVectors.encode(sample.codec(), decoded)).isEqualTo(encoded);
  }

  @Property(tries = 500)
  void aMutatedEncodingIsRejectedWithAReasonOrIsCanonical(
      @ForAll("samples") ChainArbitraries.Sample sample, @ForAll("mutations") Mutation mutation) {
    Bytes input = mutation.apply(sample.encode());
    Statistics.collect(rejectedOrCanonical(sample.codec(), input));
  }

  @Property(tries = 300)
  void randomBytesAfterAValidTagAndVersionAreRejectedWithAReasonOrAreCanonical(
      @ForAll("entries") ChainCodecs.Entry entry, @ForAll("randomBodies") byte[] body) {
    Codec<?> codec = entry.codec();
    Bytes input =
        Bytes.of(new byte[] {(byte) codec.tag(), (byte) codec.version()}).concat(Bytes.of(body));
    Statistics.collect(rejectedOrCanonical(codec, input));
  }

  @Property(tries = 300)
  void randomByteStringsAreRejectedWithAReasonOrAreCanonical(
      @ForAll("entries") ChainCodecs.Entry entry, @ForAll("randomBodies") byte[] input) {
    rejectedOrCanonical(entry.codec(), Bytes.of(input));
  }

  @Provide
  Arbitrary<byte[]> randomBodies() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
  }

  @Property(tries = 300)
  void aTruncatedEncodingIsRejectedAsTruncated(
      @ForAll("samples") ChainArbitraries.Sample sample, @ForAll int cut) {
    byte[] encoded = sample.encode().toByteArray();
    byte[] truncated = Arrays.copyOf(encoded, Math.floorMod(cut, encoded.length));
    assertReason(sample.codec(), Bytes.of(truncated), CodecException.TRUNCATED);
  }

  @Property(tries = 300)
  void trailingBytesAreRejected(
      @ForAll("samples") ChainArbitraries.Sample sample, @ForAll("garbage") byte[] garbage) {
    assertReason(
        sample.codec(), sample.encode().concat(Bytes.of(garbage)), CodecException.TRAILING_BYTES);
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16);
  }

  /** Returns "rejected" or "canonical"; fails on any other outcome. */
  private static String rejectedOrCanonical(Codec<?> codec, Bytes input) {
    Object decoded;
    try {
      decoded = codec.decode(input);
    } catch (CodecException e) {
      assertThat(REASONS).contains(e.reason());
      return "rejected: " + e.reason();
    }
    assertThat(GoldenVectors.encode(codec, decoded)).isEqualTo(input);
    return "canonical";
  }

  private static void assertReason(Codec<?> codec, Bytes input, String reason) {
    assertThatThrownBy(() -> codec.decode(input))
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
