package io.entente.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Hash;
import io.entente.core.crypto.SuiteId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Frames, hellos, goodbyes and version ranges, without sockets. */
class WireFormatTest {
  private static final PeerId NODE = new PeerId("bank-a", Hash.fromHex("ab".repeat(32)));

  @Test
  void framesRoundTripInOrder() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Frames.write(out, Frames.DATA, "one".getBytes(StandardCharsets.UTF_8));
    Frames.write(out, Frames.PING, new byte[0]);
    Frames.write(out, Frames.DATA, new byte[0]);
    DataInputStream in = input(out.toByteArray());

    Frames.Frame first = Frames.read(in, 16);
    assertThat(first.kind()).isEqualTo(Frames.DATA);
    assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("one");
    assertThat(Frames.read(in, 16).kind()).isEqualTo(Frames.PING);
    assertThat(Frames.read(in, 16).payload()).isEmpty();
    assertThatThrownBy(() -> Frames.read(in, 16)).isInstanceOf(EOFException.class);
  }

  @Test
  void theLengthIsJudgedBeforeTheBodyIsRead() {
    // A header announcing 4 GiB with no body behind it: refused on the header alone.
    DataInputStream in = input(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});

    assertThatThrownBy(() -> Frames.read(in, 1024))
        .isInstanceOfSatisfying(
            Frames.FrameException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pReasons.FRAME_OVERSIZED));
  }

  @Test
  void aDataFrameOneByteOverTheLimitIsOversized() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Frames.write(out, Frames.DATA, new byte[17]);

    assertThatThrownBy(() -> Frames.read(input(out.toByteArray()), 16))
        .isInstanceOfSatisfying(
            Frames.FrameException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(P2pReasons.FRAME_OVERSIZED);
              assertThat(e.getMessage()).contains("17 payload bytes, the limit is 16");
            });
  }

  @Test
  void emptyFramesAndUnknownKindsAreMalformed() {
    assertThatThrownBy(() -> Frames.read(input(new byte[] {0, 0, 0, 0}), 16))
        .isInstanceOfSatisfying(
            Frames.FrameException.class,
            e -> assertThat(e.reason()).isEqualTo(P2pReasons.FRAME_MALFORMED));
    assertThatThrownBy(() -> Frames.read(input(new byte[] {0, 0, 0, 1, 42}), 16))
        .isInstanceOfSatisfying(
            Frames.FrameException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(P2pReasons.FRAME_MALFORMED);
              assertThat(e.getMessage()).isEqualTo("unknown frame kind 42");
            });
  }

  @Test
  void aHelloRoundTripsAndAnythingElseIsRefused() {
    Hello hello = new Hello(new VersionRange(1, 3), SuiteId.GUOMI, NODE);
    byte[] encoded = hello.encode();

    assertThat(encoded.length).isLessThanOrEqualTo(P2pLimits.HELLO_BYTES_MAX);
    assertThat(Hello.decode(encoded)).contains(hello);
    assertThat(Hello.decode(Arrays.copyOf(encoded, encoded.length + 1))).isEmpty();
    assertThat(Hello.decode(Arrays.copyOf(encoded, encoded.length - 1))).isEmpty();
    byte[] inverted = encoded.clone();
    inverted[1] = 9; // min 9 > max 3
    assertThat(Hello.decode(inverted)).isEmpty();
    byte[] unknownSuite = encoded.clone();
    unknownSuite[4] = 77;
    assertThat(Hello.decode(unknownSuite)).isEmpty();
    byte[] badUtf8 = encoded.clone();
    badUtf8[6] = (byte) 0xff;
    assertThat(Hello.decode(badUtf8)).isEmpty();
  }

  @Test
  void aGoodbyeRoundTripsAndIsCutToItsLimit() {
    Goodbye goodbye = new Goodbye(P2pReasons.NO_COMMON_VERSION, "ours [1, 1], theirs [2, 3]");
    assertThat(Goodbye.decode(goodbye.encode())).isEqualTo(goodbye);

    byte[] tooLong = new Goodbye("r", "x".repeat(10_000)).encode();
    assertThat(tooLong.length).isLessThanOrEqualTo(P2pLimits.GOODBYE_BYTES_MAX);
    assertThat(Goodbye.decode(new byte[0]).reason()).isEqualTo("unspecified");
    assertThat(Goodbye.decode(new byte[] {(byte) 200, 'a'}).reason()).isEqualTo("a");
  }

  @Test
  void versionRangesMeetAtTheirHighestCommonVersion() {
    assertThat(new VersionRange(1, 3).highestCommon(new VersionRange(2, 5)))
        .isEqualTo(OptionalInt.of(3));
    assertThat(new VersionRange(1, 1).highestCommon(new VersionRange(1, 1)))
        .isEqualTo(OptionalInt.of(1));
    assertThat(new VersionRange(1, 1).highestCommon(new VersionRange(2, 3))).isEmpty();
    assertThatThrownBy(() -> new VersionRange(2, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VersionRange(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VersionRange(1, 0x10000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
