package io.entente.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log on real files: round trip, durability only after sync (a crash is modelled by
 * {@link Wal#simulateCrash}, which cuts the file back to its length at the last sync), rotation by
 * height, and recovery from damage anywhere in the log.
 */
class WalTest {
  @TempDir Path directory;

  static Bytes text(String value) {
    return Bytes.of(value.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Wal.Entry> reopen(Path directory) {
    try (Wal wal = Wal.open(directory)) {
      return wal.recovered();
    }
  }

  @Test
  void roundTripsRecordsOfSeveralHeightsInOrder() {
    try (Wal wal = Wal.open(directory)) {
      assertThat(wal.wasCreated()).isTrue();
      assertThat(wal.recovered()).isEmpty();
      wal.append(1, text("a"));
      wal.append(1, Bytes.EMPTY);
      wal.append(2, text("b"));
      wal.append(4, text("c"));
      wal.sync();
    }
    try (Wal wal = Wal.open(directory)) {
      assertThat(wal.wasCreated()).isFalse();
      assertThat(wal.bytesTruncated()).isZero();
      assertThat(wal.truncationReason()).isEmpty();
      assertThat(wal.lastHeight()).isEqualTo(4);
      assertThat(wal.recovered())
          .containsExactly(
              new Wal.Entry(1, text("a")),
              new Wal.Entry(1, Bytes.EMPTY),
              new Wal.Entry(2, text("b")),
              new Wal.Entry(4, text("c")));
      wal.append(4, text("d"));
      wal.sync();
    }
    assertThat(reopen(directory)).hasSize(5).last().isEqualTo(new Wal.Entry(4, text("d")));
  }

  @Test
  void onlySyncedRecordsSurviveACrash() throws IOException {
    Wal wal = Wal.open(directory);
    wal.append(1, text("synced"));
    wal.sync();
    wal.append(1, text("buffered only"));
    wal.simulateCrash();
    assertThat(reopen(directory)).containsExactly(new Wal.Entry(1, text("synced")));
  }

  @Test
  void recordsWrittenOutByAFullBufferAreStillNotDurableBeforeSync() throws IOException {
    Wal wal = Wal.open(directory);
    wal.append(1, text("synced"));
    wal.sync();
    // Two records larger than half the buffer: the first is written to the file, not forced.
    Bytes large = Bytes.wrapUnsafe(new byte[StorageLimits.WAL_BUFFER_BYTES_MAX / 2 + 1]);
    wal.append(1, large);
    wal.append(1, large);
    assertThat(Files.size(wal.currentSegment()))
        .isGreaterThan(StorageLimits.WAL_BUFFER_BYTES_MAX / 2);
    wal.simulateCrash();
    assertThat(reopen(directory)).containsExactly(new Wal.Entry(1, text("synced")));
  }

  @Test
  void aCleanCloseWritesAndForcesWhatIsBuffered() {
    try (Wal wal = Wal.open(directory)) {
      wal.append(3, text("closed cleanly"));
    }
    assertThat(reopen(directory)).containsExactly(new Wal.Entry(3, text("closed cleanly")));
  }

  @Test
  void truncateBeforeDeletesOlderHeightsAndKeepsASegment() {
    try (Wal wal = Wal.open(directory)) {
      wal.append(1, text("h1"));
      wal.append(2, text("h2"));
      wal.append(3, text("h3"));
      wal.sync();
      wal.truncateBefore(3);
      assertThat(segmentFiles()).containsExactly(Wal.segmentName(3));
    }
    assertThat(reopen(directory)).containsExactly(new Wal.Entry(3, text("h3")));
    try (Wal wal = Wal.open(directory)) {
      wal.truncateBefore(7);
      assertThat(segmentFiles()).containsExactly(Wal.segmentName(7));
      assertThat(wal.lastHeight()).isEqualTo(7);
    }
    try (Wal wal = Wal.open(directory)) {
      assertThat(wal.recovered()).isEmpty();
      assertThat(wal.wasCreated()).isFalse();
      assertThat(wal.lastHeight()).isEqualTo(7);
    }
  }

  @Test
  void refusesHeightsGoingDownAndOversizedRecords() {
    try (Wal wal = Wal.open(directory)) {
      wal.append(5, text("five"));
      assertThatThrownBy(() -> wal.append(4, text("four")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("height 4 after records of height 5");
      Bytes oversized = Bytes.wrapUnsafe(new byte[StorageLimits.WAL_RECORD_BYTES_MAX + 1]);
      assertThatThrownBy(() -> wal.append(5, oversized))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("WAL_RECORD_BYTES_MAX");
    }
    assertThat(reopen(directory)).containsExactly(new Wal.Entry(5, text("five")));
  }

  @Test
  void damageInTheMiddleCutsEverythingAfterItEvenValidLookingRecords() throws IOException {
    Path first;
    try (Wal wal = Wal.open(directory)) {
      wal.append(1, text("one"));
      wal.append(1, text("two"));
      wal.append(1, text("three"));
      wal.sync();
      first = wal.currentSegment();
      wal.append(2, text("next height"));
      wal.sync();
    }
    long secondSize = Files.size(directory.resolve(Wal.segmentName(2)));
    byte[] bytes = Files.readAllBytes(first);
    int secondRecord = Wal.SEGMENT_HEADER_BYTES + Wal.FRAME_HEADER_BYTES + 3;
    bytes[secondRecord + Wal.FRAME_HEADER_BYTES] ^= 0x01; // one bit of "two"
    Files.write(first, bytes);

    try (Wal wal = Wal.open(directory)) {
      assertThat(wal.recovered()).containsExactly(new Wal.Entry(1, text("one")));
      assertThat(wal.bytesTruncated()).isEqualTo(bytes.length - secondRecord + secondSize);
      assertThat(wal.truncationReason()).get().asString().contains("checksum mismatch");
      assertThat(segmentFiles()).containsExactly(Wal.segmentName(0), Wal.segmentName(1));
      wal.append(2, text("again"));
      wal.sync();
    }
    assertThat(reopen(directory))
        .containsExactly(new Wal.Entry(1, text("one")), new Wal.Entry(2, text("again")));
  }

  @Test
  void aLengthAboveTheLimitIsDamage() throws IOException {
    Path segment;
    try (Wal wal = Wal.open(directory)) {
      wal.append(0, text("kept"));
      wal.sync();
      segment = wal.currentSegment();
    }
    byte[] frame = new byte[Wal.FRAME_HEADER_BYTES + 4];
    ByteBuffer.wrap(frame).putInt(0, -1); // 4 GiB − 1
    Files.write(segment, frame, java.nio.file.StandardOpenOption.APPEND);
    try (Wal wal = Wal.open(directory)) {
      assertThat(wal.recovered()).containsExactly(new Wal.Entry(0, text("kept")));
      assertThat(wal.bytesTruncated()).isEqualTo(frame.length);
      assertThat(wal.truncationReason()).get().asString().contains("exceeds");
    }
  }

  @Test
  void aDamagedSegmentHeaderIsRefusedNotTruncated() throws IOException {
    Path segment;
    try (Wal wal = Wal.open(directory)) {
      wal.append(0, text("x"));
      segment = wal.currentSegment();
    }
    byte[] bytes = Files.readAllBytes(segment);
    bytes[9] ^= 0x40;
    Files.write(segment, bytes);
    assertThatThrownBy(() -> Wal.open(directory))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("damaged header")
        .hasMessageContaining(segment.getFileName().toString());
  }

  @Test
  void aSegmentOfAnotherFormatVersionIsRefusedNamingBoth() throws IOException {
    ByteBuffer header = ByteBuffer.allocate(Wal.SEGMENT_HEADER_BYTES);
    header.putInt(Wal.MAGIC).putShort((short) 2).putShort((short) 0).putLong(1);
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, Wal.SEGMENT_HEADER_BYTES - 4);
    header.putInt((int) crc.getValue());
    Files.write(directory.resolve(Wal.segmentName(1)), header.array());
    assertThatThrownBy(() -> Wal.open(directory))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("format version 2")
        .hasMessageContaining("reads format version 1");
  }

  @Test
  void aClosedLogRefusesUse() {
    Wal wal = Wal.open(directory);
    wal.close();
    wal.close();
    assertThatThrownBy(() -> wal.append(0, text("late")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private List<String> segmentFiles() {
    try (var files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
