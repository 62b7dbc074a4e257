package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A checksummed record format for a {@link Disk} log, so recovery can tell a torn tail from a
 * record. A frame is {@code length (u32) ‖ crc32c(length ‖ payload) (u32) ‖ payload}; a strict
 * prefix of a frame fails either the length or the checksum.
 */
public final class ChecksummedLog {
  private ChecksummedLog() {}

  public static final int HEADER_BYTES = 8;

  /** What recovery found: the intact payloads, and why the tail was cut if it was. */
  public record Recovery(List<Bytes> payloads, Optional<Check.Rejected> tornTail) {
    public Recovery {
      payloads = List.copyOf(payloads);
    }

    public boolean truncated() {
      return tornTail.isPresent();
    }
  }

  public static Bytes frame(Bytes payload) {
    int length = payload.length();
    if (length > SimulationLimits.DISK_RECORD_BYTES_MAX - HEADER_BYTES) {
      throw new IllegalArgumentException("a payload of " + length + " bytes does not fit a record");
    }
    byte[] frame = new byte[HEADER_BYTES + length];
    writeInt(frame, 0, length);
    System.arraycopy(payload.unsafeArray(), 0, frame, HEADER_BYTES, length);
    writeInt(frame, 4, checksum(frame, length));
    return Bytes.wrapUnsafe(frame);
  }

  /** Accepted for an intact frame; rejected with the reason a torn or damaged one fails. */
  public static Check check(Bytes frame) {
    byte[] bytes = frame.unsafeArray();
    if (bytes.length < HEADER_BYTES) {
      return Check.rejected(
          "record.short_header", bytes.length + " bytes, a header is " + HEADER_BYTES);
    }
    int length = readInt(bytes, 0);
    if (length != bytes.length - HEADER_BYTES) {
      return Check.rejected(
          "record.length_mismatch",
          "header says " + length + " payload bytes, found " + (bytes.length - HEADER_BYTES));
    }
    if (readInt(bytes, 4) != checksum(bytes, length)) {
      return Check.rejected("record.checksum_mismatch", "crc32c of " + length + " bytes differs");
    }
    return Check.accepted();
  }

  /** The payload of an intact frame; fails on a torn or damaged one. */
  public static Bytes payload(Bytes frame) {
    if (check(frame) instanceof Check.Rejected rejected) {
      throw new IllegalArgumentException("not an intact record: " + rejected);
    }
    return Bytes.of(frame.unsafeArray(), HEADER_BYTES, frame.length() - HEADER_BYTES);
  }

  /** Frames {@code payload} and appends it; returns its index in the log. */
  public static int append(Disk disk, Bytes payload) {
    return disk.append(frame(payload));
  }

  /** The payloads of every record, which must all be intact (no recovery). */
  public static List<Bytes> read(DiskView disk) {
    List<Bytes> payloads = new ArrayList<>(disk.log().size());
    for (Bytes record : disk.log()) {
      payloads.add(payload(record));
    }
    return payloads;
  }

  /**
   * Reads the log after a restart. A bad last record is a torn write: it is cut off and the cut is
   * synced. A bad record before the last cannot come from a torn write, so it fails loudly.
   */
  public static Recovery recover(Disk disk) {
    List<Bytes> log = disk.log();
    List<Bytes> payloads = new ArrayList<>(log.size());
    for (int index = 0; index < log.size(); index++) {
      Check check = check(log.get(index));
      if (check instanceof Check.Rejected rejected) {
        if (index != log.size() - 1) {
          throw new IllegalStateException(
              "record "
                  + index
                  + " of "
                  + log.size()
                  + " is damaged and is not the tail, so it is not a torn write: "
                  + rejected);
        }
        disk.truncateLog(index);
        disk.sync();
        return new Recovery(payloads, Optional.of(rejected));
      }
      payloads.add(
          Bytes.of(
              log.get(index).unsafeArray(), HEADER_BYTES, log.get(index).length() - HEADER_BYTES));
    }
    return new Recovery(payloads, Optional.empty());
  }

  private static int checksum(byte[] frame, int length) {
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, 4);
    crc.update(frame, HEADER_BYTES, length);
    return (int) crc.getValue();
  }

  private static void writeInt(byte[] target, int offset, int value) {
    target[offset] = (byte) (value >>> 24);
    target[offset + 1] = (byte) (value >>> 16);
    target[offset + 2] = (byte) (value >>> 8);
    target[offset + 3] = (byte) value;
  }

  private static int readInt(byte[] source, int offset) {
    return ((source[offset] & 0xFF) << 24)
        | ((source[offset + 1] & 0xFF) << 16)
        | ((source[offset + 2] & 0xFF) << 8)
        | (source[offset + 3] & 0xFF);
  }
}
