package io.entente.colending.dayfile;

import io.entente.colending.EdgeLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Splits records into batches and derives each batch's idempotency key.
 *
 * <p>The key is the lower-case hex SHA-256 of the UTF-8 bytes of {@value #DOMAIN} followed by the
 * canonical line of each record of the batch in order ({@link DayFileWriter#canonicalLine}: the
 * fixed column order, two decimals, LF). It depends on the records only, not on the file's name,
 * column order, quoting or the batch's position, so re-importing a file, or resuming an import that
 * stopped half way, produces the same keys for the same batches and the ledger treats them as
 * replays. It does depend on the batch size, which an import must therefore keep when resuming.
 */
public final class Batches {
  private Batches() {}

  /** Versioned so a change of the canonical form can never collide with older keys. */
  static final String DOMAIN = "entente/colending/day-file-batch/v1\n";

  /** Splits records, in order, into batches of {@code size} (the last may be smaller). */
  public static List<Batch> split(List<DayFileRecord> records, int size) {
    if (size < 1 || size > EdgeLimits.BATCH_RECORDS_MAX) {
      throw new IllegalArgumentException(
          "batch size "
              + size
              + " is outside 1.."
              + EdgeLimits.BATCH_RECORDS_MAX
              + " (BATCH_RECORDS_MAX)");
    }
    List<Batch> batches = new ArrayList<>();
    for (int from = 0; from < records.size(); from += size) {
      List<DayFileRecord> slice = records.subList(from, Math.min(records.size(), from + size));
      batches.add(new Batch(batches.size(), slice, idempotencyKey(slice)));
    }
    return batches;
  }

  /** The idempotency key of a batch of records (see the class comment). */
  public static String idempotencyKey(List<DayFileRecord> records) {
    MessageDigest sha256 = sha256();
    sha256.update(DOMAIN.getBytes(StandardCharsets.UTF_8));
    for (DayFileRecord record : records) {
      sha256.update(DayFileWriter.canonicalLine(record).getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
