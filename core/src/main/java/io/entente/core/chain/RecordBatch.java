package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import java.util.List;

/**
 * Many business records in one transaction payload, so that a bank pays for one signature per batch
 * rather than per record. The ledger does not look inside a record; the application does.
 */
public record RecordBatch(List<Bytes> records) {
  public static final Codec<RecordBatch> CODEC =
      new SimpleCodec<>(
          Tags.RECORD_BATCH,
          1,
          CoreLimits.RECORD_BATCH_BYTES_MAX,
          RecordBatch::write,
          RecordBatch::read);

  /** Tag, version and record count. */
  private static final int FIXED_BYTES = 2 + 4;

  /** The length prefix of each record. */
  private static final int PER_RECORD_BYTES = 4;

  public RecordBatch {
    records = List.copyOf(records);
    if (records.isEmpty() || records.size() > CoreLimits.RECORDS_PER_BATCH_MAX) {
      throw new IllegalArgumentException(
          "a batch has 1 to " + CoreLimits.RECORDS_PER_BATCH_MAX + " records");
    }
    long total = FIXED_BYTES;
    for (Bytes record : records) {
      Fields.bytes(record, CoreLimits.RECORD_BYTES_MAX, "record");
      total += PER_RECORD_BYTES + record.length();
    }
    // Checked here, not only at encoding: a batch that exists always fits a payload.
    if (total > CoreLimits.RECORD_BATCH_BYTES_MAX) {
      throw new IllegalArgumentException(
          "a batch of " + total + " bytes exceeds " + CoreLimits.RECORD_BATCH_BYTES_MAX);
    }
  }

  static void write(Writer writer, RecordBatch batch) {
    writer.list(
        batch.records,
        CoreLimits.RECORDS_PER_BATCH_MAX,
        (w, record) -> w.bytes(record, CoreLimits.RECORD_BYTES_MAX));
  }

  static RecordBatch read(Reader reader) {
    return new RecordBatch(
        reader.list(
            CoreLimits.RECORDS_PER_BATCH_MAX,
            "records",
            r -> r.bytes(CoreLimits.RECORD_BYTES_MAX, "record")));
  }
}
