package io.entente.node.storage;

import io.entente.core.bytes.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A channel's write-ahead log of consensus records (every message the validator signed, and its
 * prepared state), as a directory of segment files, one per height: {@code wal-<height, 20
 * digits>.log}.
 *
 * <p><b>Format.</b> A segment starts with a 20-byte header: magic {@code "EWAL"}, format version
 * (u16), zero (u16), the segment's height (i64), and a CRC32C of those 16 bytes (u32). Records
 * follow, each framed as {@code length (u32) ‖ crc32c(length ‖ payload) (u32) ‖ payload}, all
 * big-endian: the frame of the simulator's checksummed log. A length above {@link
 * StorageLimits#WAL_RECORD_BYTES_MAX} is corruption.
 *
 * <p><b>Durability.</b> {@link #append} only buffers (in memory, or written to the file but not
 * forced); {@link #sync} writes and forces the current segment ({@link FileChannel#force
 * force(false)}, i.e. fdatasync, which on Linux includes the file size) and is the point after
 * which appended records count as durable. The shell syncs before any message leaves the node.
 * After an I/O error the log refuses further use: what the kernel holds after a failed write or
 * fsync cannot be trusted, so the node restarts and recovers from what is on disk.
 *
 * <p><b>Recovery.</b> {@link #open} reads every segment in height order. The first frame that is
 * torn (a partial length or body) or damaged (a length over the limit, a bad checksum) ends the
 * log: the segment is truncated there and every later segment is deleted, even if valid-looking
 * records follow (after a crash nothing after a torn write can be trusted, and a record can never
 * be read out of order). The bytes cut and the reason are logged and reported. A segment header is
 * written to a temporary file, forced and renamed into place, so a crash never leaves a torn
 * header: a damaged header is refused with an error, not truncated.
 *
 * <p><b>Rotation.</b> Records of heights below the committed height are never needed again ({@code
 * Qbft.restart} ignores them). Appending a record of a higher height, or {@link #truncateBefore} a
 * higher height, forces the current segment and starts a new one; truncateBefore(h) then deletes
 * the segments below h. The log always has at least one segment, so a missing log (a new node, or
 * one whose log was lost) can be told apart from an empty one by {@link #wasCreated()}.
 *
 * <p>One thread (the channel's) uses a log; it is not safe for concurrent use.
 */
public final class Wal implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Wal.class.getName());

  /** The format version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  static final int MAGIC = 0x4557414C; // "EWAL"
  static final int SEGMENT_HEADER_BYTES = 20;
  static final int FRAME_HEADER_BYTES = 8;
  private static final String PREFIX = "wal-";
  private static final String SUFFIX = ".log";
  private static final String TEMPORARY_SUFFIX = ".tmp";
  private static final int HEIGHT_DIGITS = 20;

  /** A record read back on open, with the height of the segment it was in. */
  public record Entry(long height, Bytes payload) {}

  private final Path directory;
  private final List<Entry> recovered;
  private final long bytesTruncated;
  private final Optional<String> truncationReason;
  private final boolean created;
  private final TreeMap<Long, Path> segments;

  private FileChannel channel;
  private long segmentHeight;
  private long writtenBytes;
  private long syncedBytes;
  private final List<ByteBuffer> pending = new ArrayList<>();
  private long pendingBytes;
  private String failure;
  private boolean closed;

  private Wal(
      Path directory,
      TreeMap<Long, Path> segments,
      List<Entry> recovered,
      long bytesTruncated,
      Optional<String> truncationReason,
      boolean created) {
    this.directory = directory;
    this.segments = segments;
    this.recovered = List.copyOf(recovered);
    this.bytesTruncated = bytesTruncated;
    this.truncationReason = truncationReason;
    this.created = created;
  }

  /**
   * Opens the log in {@code directory} (created if missing), reads its records back and cuts a torn
   * or damaged tail. A directory without segments gets a first, empty segment of height 0.
   *
   * @throws StorageException on an I/O error, a damaged segment header, a segment of another format
   *     version, or more than {@link StorageLimits#WAL_SEGMENTS_MAX} segments
   */
  public static Wal open(Path directory) {
    try {
      Files.createDirectories(directory);
      deleteTemporaries(directory);
      TreeMap<Long, Path> segments = listSegments(directory);
      Wal wal;
      if (segments.isEmpty()) {
        segments.put(0L, createSegment(directory, 0));
        wal = new Wal(directory, segments, List.of(), 0, Optional.empty(), true);
      } else {
        wal = recover(directory, segments);
      }
      wal.openLastSegment();
      return wal;
    } catch (IOException e) {
      throw new StorageException(
          "cannot open the write-ahead log in " + directory + ": " + e.getMessage(), e);
    }
  }

  private static Wal recover(Path directory, TreeMap<Long, Path> segments) throws IOException {
    List<Entry> entries = new ArrayList<>();
    long cut = 0;
    String reason = null;
    List<Long> deleted = new ArrayList<>();
    for (Map.Entry<Long, Path> segment : segments.entrySet()) {
      Path path = segment.getValue();
      if (reason != null) {
        cut += Files.size(path);
        Files.delete(path);
        deleted.add(segment.getKey());
        continue;
      }
      try (FileChannel file =
          FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        checkHeader(file, path, segment.getKey());
        long size = file.size();
        long position = SEGMENT_HEADER_BYTES;
        while (position < size) {
          Frame frame = readFrame(file, position, size);
          if (frame.damage != null) {
            reason = path.getFileName() + " at offset " + position + ": " + frame.damage;
            cut += size - position;
            file.truncate(position);
            file.force(true);
            break;
          }
          entries.add(new Entry(segment.getKey(), frame.payload));
          position += FRAME_HEADER_BYTES + frame.payload.length();
        }
      }
    }
    deleted.forEach(segments::remove);
    if (reason != null) {
      syncDirectory(directory);
      LOG.log(
          System.Logger.Level.WARNING,
          "write-ahead log in "
              + directory
              + ": cut "
              + cut
              + " bytes after a torn or damaged"
              + " record ("
              + reason
              + "); "
              + entries.size()
              + " records kept");
    }
    return new Wal(directory, segments, entries, cut, Optional.ofNullable(reason), false);
  }

  private record Frame(Bytes payload, String damage) {}

  private static Frame readFrame(FileChannel file, long position, long size) throws IOException {
    long left = size - position;
    if (left < FRAME_HEADER_BYTES) {
      return new Frame(
          null, "torn frame header (" + left + " of " + FRAME_HEADER_BYTES + " bytes)");
    }
    ByteBuffer header = readFully(file, position, FRAME_HEADER_BYTES);
    long length = Integer.toUnsignedLong(header.getInt(0));
    int checksum = header.getInt(4);
    if (length > StorageLimits.WAL_RECORD_BYTES_MAX) {
      return new Frame(
          null, "length " + length + " exceeds " + StorageLimits.WAL_RECORD_BYTES_MAX + " bytes");
    }
    if (left - FRAME_HEADER_BYTES < length) {
      return new Frame(
          null,
          "torn record (length says "
              + length
              + " bytes, "
              + (left - FRAME_HEADER_BYTES)
              + " present)");
    }
    byte[] payload = readFully(file, position + FRAME_HEADER_BYTES, (int) length).array();
    if (checksum(payload, (int) length) != checksum) {
      return new Frame(null, "checksum mismatch over " + length + " bytes");
    }
    return new Frame(Bytes.wrapUnsafe(payload), null);
  }

  private static void checkHeader(FileChannel file, Path path, long height) throws IOException {
    if (file.size() < SEGMENT_HEADER_BYTES) {
      throw damagedHeader(path, "it is " + file.size() + " bytes long");
    }
    ByteBuffer header = readFully(file, 0, SEGMENT_HEADER_BYTES);
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, SEGMENT_HEADER_BYTES - 4);
    if (header.getInt(0) != MAGIC || (int) crc.getValue() != header.getInt(16)) {
      throw damagedHeader(path, "bad magic or checksum");
    }
    int version = Short.toUnsignedInt(header.getShort(4));
    if (version != FORMAT_VERSION) {
      throw new StorageException(
          "write-ahead log segment "
              + path
              + " has format version "
              + version
              + "; this node reads format version "
              + FORMAT_VERSION);
    }
    if (header.getLong(8) != height) {
      throw damagedHeader(path, "it says height " + header.getLong(8));
    }
  }

  private static StorageException damagedHeader(Path path, String detail) {
    return new StorageException(
        "write-ahead log segment "
            + path
            + " has a damaged header ("
            + detail
            + "); a crash cannot cause this, so the log is not trusted. Move the WAL directory"
            + " aside to start without it: the node then votes only after it has seen a final"
            + " block above its last known height + 1");
  }

  private void openLastSegment() throws IOException {
    Map.Entry<Long, Path> last = segments.lastEntry();
    segmentHeight = last.getKey();
    channel = FileChannel.open(last.getValue(), StandardOpenOption.WRITE);
    writtenBytes = channel.size();
    syncedBytes = writtenBytes;
    channel.position(writtenBytes);
  }

  // ---------------------------------------------------------------------------------------------
  // What open found

  /** The records read back on open, in order (a truncated tail excluded). */
  public List<Entry> recovered() {
    return recovered;
  }

  /** Bytes cut from a torn or damaged tail on open (0 if the log was intact). */
  public long bytesTruncated() {
    return bytesTruncated;
  }

  /** Where and why the tail was cut on open, if it was. */
  public Optional<String> truncationReason() {
    return truncationReason;
  }

  /** Whether open found no log and created one. */
  public boolean wasCreated() {
    return created;
  }

  /** The height of the newest segment: appends of lower heights are refused. */
  public long lastHeight() {
    return segmentHeight;
  }

  public Path directory() {
    return directory;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Buffers a record of consensus height {@code height}; durable only after {@link #sync}. Heights
   * never go down; a higher height starts a new segment (forcing the current one first).
   */
  public void append(long height, Bytes payload) {
    ensureUsable();
    if (payload.length() > StorageLimits.WAL_RECORD_BYTES_MAX) {
      throw new IllegalArgumentException(
          "a write-ahead log record of "
              + payload.length()
              + " bytes exceeds WAL_RECORD_BYTES_MAX = "
              + StorageLimits.WAL_RECORD_BYTES_MAX);
    }
    if (height < segmentHeight) {
      throw new IllegalArgumentException(
          "a record of height "
              + height
              + " after records of height "
              + segmentHeight
              + ": heights in the write-ahead log never go down");
    }
    try {
      if (height > segmentHeight) {
        roll(height);
      }
      ByteBuffer frame = ByteBuffer.wrap(frame(payload));
      if (pendingBytes + frame.remaining() > StorageLimits.WAL_BUFFER_BYTES_MAX) {
        writePending();
      }
      pending.add(frame);
      pendingBytes += frame.remaining();
    } catch (IOException e) {
      throw fail("append", e);
    }
  }

  /** Writes what is buffered and forces it to disk: appended records are durable on return. */
  public void sync() {
    ensureUsable();
    try {
      writePending();
      if (syncedBytes != writtenBytes) {
        channel.force(false);
        syncedBytes = writtenBytes;
      }
    } catch (IOException e) {
      throw fail("sync", e);
    }
  }

  /**
   * Drops every record of a height below {@code height}: called once block {@code height − 1} is
   * committed. Starts the segment of {@code height} if it is above the current one, then deletes
   * the older segment files.
   */
  public void truncateBefore(long height) {
    ensureUsable();
    try {
      if (height > segmentHeight) {
        roll(height);
      }
      List<Long> old = new ArrayList<>(segments.headMap(height, false).keySet());
      for (Long oldHeight : old) {
        Files.deleteIfExists(segments.remove(oldHeight));
      }
      if (!old.isEmpty()) {
        syncDirectory(directory);
      }
    } catch (IOException e) {
      throw fail("truncate", e);
    }
  }

  private void roll(long height) throws IOException {
    writePending();
    channel.force(false);
    channel.close();
    segments.put(height, createSegment(directory, height));
    openLastSegment();
  }

  private void writePending() throws IOException {
    for (ByteBuffer buffer : pending) {
      while (buffer.hasRemaining()) {
        writtenBytes += channel.write(buffer);
      }
    }
    pending.clear();
    pendingBytes = 0;
  }

  /** Writes buffered records and forces them (a clean shutdown loses nothing), then closes. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (failure == null) {
        sync();
      }
    } finally {
      closed = true;
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "closing the write-ahead log in " + directory, e);
      }
    }
  }

  /**
   * Test hook: a crash. What was not synced is lost, as an operating system that never wrote its
   * page cache would lose it: the buffer is dropped and the current segment is cut back to its
   * length at the last sync (records written out early by a full buffer included). The log is
   * closed; open it again to recover. Torn writes are tested separately by cutting files by hand.
   */
  void simulateCrash() throws IOException {
    pending.clear();
    pendingBytes = 0;
    channel.truncate(syncedBytes);
    channel.close();
    closed = true;
  }

  /** The file of the newest segment, for tests that damage it. */
  Path currentSegment() {
    return segments.lastEntry().getValue();
  }

  private void ensureUsable() {
    if (closed) {
      throw new IllegalStateException("the write-ahead log in " + directory + " is closed");
    }
    if (failure != null) {
      throw new StorageException(
          "the write-ahead log in "
              + directory
              + " failed earlier ("
              + failure
              + "); restart the node to recover from what is on disk");
    }
  }

  private StorageException fail(String operation, IOException e) {
    failure = operation + ": " + e.getMessage();
    return new StorageException(
        "write-ahead log " + operation + " failed in " + directory + ": " + e.getMessage(), e);
  }

  // ---------------------------------------------------------------------------------------------
  // Files and frames

  static byte[] frame(Bytes payload) {
    int length = payload.length();
    byte[] frame = new byte[FRAME_HEADER_BYTES + length];
    ByteBuffer.wrap(frame).putInt(0, length);
    System.arraycopy(payload.unsafeArray(), 0, frame, FRAME_HEADER_BYTES, length);
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, 4);
    crc.update(frame, FRAME_HEADER_BYTES, length);
    ByteBuffer.wrap(frame).putInt(4, (int) crc.getValue());
    return frame;
  }

  private static int checksum(byte[] payload, int length) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(0, length).array());
    crc.update(payload, 0, length);
    return (int) crc.getValue();
  }

  static String segmentName(long height) {
    String digits = Long.toString(height);
    return PREFIX + "0".repeat(HEIGHT_DIGITS - digits.length()) + digits + SUFFIX;
  }

  private static Path createSegment(Path directory, long height) throws IOException {
    Path target = directory.resolve(segmentName(height));
    if (Files.exists(target)) {
      throw new IllegalStateException("write-ahead log segment " + target + " exists already");
    }
    Path temporary = directory.resolve(segmentName(height) + TEMPORARY_SUFFIX);
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
    header.putInt(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) 0).putLong(height);
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, SEGMENT_HEADER_BYTES - 4);
    header.putInt((int) crc.getValue()).flip();
    try (FileChannel file =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (header.hasRemaining()) {
        file.write(header);
      }
      file.force(true);
    }
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(directory);
    return target;
  }

  private static TreeMap<Long, Path> listSegments(Path directory) throws IOException {
    TreeMap<Long, Path> segments = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        if (digits.length() != HEIGHT_DIGITS || !digits.chars().allMatch(Character::isDigit)) {
          throw new StorageException(
              "unexpected file " + file + " in the write-ahead log directory");
        }
        segments.put(Long.parseLong(digits), file);
        if (segments.size() > StorageLimits.WAL_SEGMENTS_MAX) {
          throw new StorageException(
              "more than "
                  + StorageLimits.WAL_SEGMENTS_MAX
                  + " segments in the write-ahead log in "
                  + directory
                  + ": old heights were never truncated");
        }
      }
    }
    return segments;
  }

  /** A segment whose rename never happened is not part of the log. */
  private static void deleteTemporaries(Path directory) throws IOException {
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(directory, PREFIX + "*" + TEMPORARY_SUFFIX)) {
      for (Path file : files) {
        Files.delete(file);
      }
    }
  }

  private static ByteBuffer readFully(FileChannel file, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int read = file.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new IOException("unexpected end of file at " + (position + buffer.position()));
      }
    }
    return buffer;
  }

  /** Makes a created, renamed or deleted file's directory entry durable (Linux, macOS). */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
