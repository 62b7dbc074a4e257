package io.entente.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A torn or damaged last record is cut wherever the damage is: at every byte offset of the last
 * record, and for any single flipped bit in it. The log then reopens and appends after the cut.
 */
class WalProperties {

  @Provide
  Arbitrary<List<byte[]>> payloads() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 15)
  void aTornLastRecordIsCutAtEveryByteOffset(@ForAll("payloads") List<byte[]> payloads)
      throws IOException {
    Path original = Files.createTempDirectory("wal-torn");
    try {
      Path segment = write(original, payloads);
      byte[] bytes = Files.readAllBytes(segment);
      int lastFrame = Wal.FRAME_HEADER_BYTES + payloads.get(payloads.size() - 1).length;
      int lastStart = bytes.length - lastFrame;
      List<Wal.Entry> kept = entries(payloads.subList(0, payloads.size() - 1));
      for (int cut = 1; cut < lastFrame; cut++) {
        Path torn = Files.createTempDirectory("wal-torn-copy");
        try {
          Files.write(
              torn.resolve(segment.getFileName()), java.util.Arrays.copyOf(bytes, lastStart + cut));
          try (Wal wal = Wal.open(torn)) {
            assertThat(wal.recovered()).isEqualTo(kept);
            assertThat(wal.bytesTruncated()).isEqualTo(cut);
            wal.append(1, Bytes.of(new byte[] {42}));
            wal.sync();
          }
          List<Wal.Entry> expected = new ArrayList<>(kept);
          expected.add(new Wal.Entry(1, Bytes.of(new byte[] {42})));
          try (Wal wal = Wal.open(torn)) {
            assertThat(wal.recovered()).isEqualTo(expected);
            assertThat(wal.bytesTruncated()).isZero();
          }
        } finally {
          delete(torn);
        }
      }
    } finally {
      delete(original);
    }
  }

  @Property(tries = 100)
  void aFlippedBitInTheLastRecordCutsIt(
      @ForAll("payloads") List<byte[]> payloads, @ForAll @IntRange(min = 0) int bitChoice)
      throws IOException {
    Path directory = Files.createTempDirectory("wal-flip");
    try {
      Path segment = write(directory, payloads);
      byte[] bytes = Files.readAllBytes(segment);
      int lastFrame = Wal.FRAME_HEADER_BYTES + payloads.get(payloads.size() - 1).length;
      int lastStart = bytes.length - lastFrame;
      int bit = bitChoice % (lastFrame * 8);
      bytes[lastStart + bit / 8] ^= (byte) (1 << (bit % 8));
      Files.write(segment, bytes);
      try (Wal wal = Wal.open(directory)) {
        assertThat(wal.recovered()).isEqualTo(entries(payloads.subList(0, payloads.size() - 1)));
        assertThat(wal.bytesTruncated()).isEqualTo(lastFrame);
      }
    } finally {
      delete(directory);
    }
  }

  private static Path write(Path directory, List<byte[]> payloads) {
    try (Wal wal = Wal.open(directory)) {
      for (byte[] payload : payloads) {
        wal.append(1, Bytes.of(payload));
      }
      wal.sync();
      return wal.currentSegment();
    }
  }

  private static List<Wal.Entry> entries(List<byte[]> payloads) {
    List<Wal.Entry> entries = new ArrayList<>();
    for (byte[] payload : payloads) {
      entries.add(new Wal.Entry(1, Bytes.of(payload)));
    }
    return entries;
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
