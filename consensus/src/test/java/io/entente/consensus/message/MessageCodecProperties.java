package io.entente.consensus.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.GoldenVectors;
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
 * For every consensus codec: values round-trip (directly and through the tag-dispatching decoders),
 * and any input is either rejected with a known reason or is the one canonical encoding of what it
 * decodes to.
 */
class MessageCodecProperties {
  private static final List<String> REASONS = CodecException.REASONS;

  @Provide
  Arbitrary<MessageArbitraries.Sample> samples() {
    return MessageArbitraries.samples();
  }

  @Provide
  Arbitrary<Messages.Named> codecs() {
    return Arbitraries.of(Messages.CODECS);
  }

  @Property(tries = 300)
  void everyValueRoundTrips(@ForAll("samples") MessageArbitraries.Sample sample) {
    Bytes encoded = GoldenVectors.encode(sample.codec(), sample.value());
    assertThat(encoded.length()).isLessThanOrEqualTo(sample.codec().maxBytes());
    Object decoded = sample.codec().decode(encoded);
    assertThat(decoded).isEqualTo(sample.value());
    assertThat(GoldenVectors.encode(sample.codec(), decoded)).isEqualTo(encoded);
    if (sample.value() instanceof Message message) {
      assertThat(Messages.decode(Messages.encode(message))).isEqualTo(message);
    }
    if (sample.value() instanceof SignedMessage signed) {
      assertThat(Messages.decodeSigned(Messages.encodeSigned(signed))).isEqualTo(signed);
    }
    if (sample.value() instanceof DurableRecord record) {
      assertThat(Messages.decodeRecord(Messages.encodeRecord(record))).isEqualTo(record);
    }
  }

  @Property(tries = 300)
  void aMutatedEncodingIsRejectedWithAReasonOrIsCanonical(
      @ForAll("samples") MessageArbitraries.Sample sample,
      @ForAll("flips") int position,
      @ForAll byte mask) {
    byte[] encoded = GoldenVectors.encode(sample.codec(), sample.value()).toByteArray();
    encoded[Math.floorMod(position, encoded.length)] ^= (byte) (mask == 0 ? 1 : mask);
    Statistics.collect(rejectedOrCanonical(sample.codec(), Bytes.of(encoded)));
  }

  @Provide
  Arbitrary<Integer> flips() {
    return Arbitraries.integers();
  }

  @Property(tries = 300)
  void randomBytesAfterAValidTagAndVersionAreRejectedWithAReasonOrAreCanonical(
      @ForAll("codecs") Messages.Named named, @ForAll("bodies") byte[] body) {
    Codec<?> codec = named.codec();
    Bytes input =
        Bytes.of(new byte[] {(byte) codec.tag(), (byte) codec.version()}).concat(Bytes.of(body));
    Statistics.collect(rejectedOrCanonical(codec, input));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
  }

  @Property(tries = 200)
  void aTruncatedEncodingIsRejectedAsTruncated(
      @ForAll("samples") MessageArbitraries.Sample sample, @ForAll int cut) {
    byte[] encoded = GoldenVectors.encode(sample.codec(), sample.value()).toByteArray();
    byte[] truncated = Arrays.copyOf(encoded, Math.floorMod(cut, encoded.length));
    assertReason(sample.codec(), Bytes.of(truncated), CodecException.TRUNCATED);
  }

  @Property(tries = 200)
  void trailingBytesAreRejected(
      @ForAll("samples") MessageArbitraries.Sample sample, @ForAll("garbage") byte[] garbage) {
    Bytes encoded = GoldenVectors.encode(sample.codec(), sample.value());
    assertReason(sample.codec(), encoded.concat(Bytes.of(garbage)), CodecException.TRAILING_BYTES);
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16);
  }

  @Property(tries = 100)
  void theDispatchingDecodersRejectOtherTypesByTag(
      @ForAll("samples") MessageArbitraries.Sample sample) {
    Bytes encoded = GoldenVectors.encode(sample.codec(), sample.value());
    if (!(sample.value() instanceof Message)) {
      assertThatThrownBy(() -> Messages.decode(encoded)).isInstanceOf(CodecException.class);
    }
    if (!(sample.value() instanceof SignedMessage)) {
      assertThatThrownBy(() -> Messages.decodeSigned(encoded)).isInstanceOf(CodecException.class);
    }
  }

  @Property(tries = 50)
  void anUnsortedJustificationIsRejected(@ForAll("twoPrepares") List<Prepare> prepares) {
    List<Prepare> unsorted = List.of(prepares.get(1), prepares.get(0));
    assertThatThrownBy(
            () ->
                new Proposal(
                    MessageSamples.reProposal().signed(),
                    MessageSamples.block(1),
                    List.of(),
                    unsorted))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Provide
  Arbitrary<List<Prepare>> twoPrepares() {
    return Combinators.combine(MessageArbitraries.prepares(), MessageArbitraries.prepares())
        .as(List::of)
        .filter(pair -> pair.get(0).author().compareTo(pair.get(1).author()) < 0);
  }

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
