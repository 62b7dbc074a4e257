package io.entente.app.colending;

import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Codec;
import io.entente.core.codec.SimpleCodec;
import java.util.List;

/**
 * A closed statement day of one agreement: opening and closing posted reserve, posted movements by
 * event type, row counts by reconciliation state, open breaks at close, and the SHA-256 of the
 * statement CSV. Key {@code stmt/<agreement>/<day>}; the CSV text is at {@code csv/…}.
 */
public record Statement(
    String agreement,
    int day,
    long openingReserve,
    long closingReserve,
    List<Long> movements,
    long rows,
    long matched,
    long awaiting,
    long mismatched,
    long openBreaks,
    Bytes csvSha256,
    long closedAtMs,
    String closedBy) {

  public static final Codec<Statement> CODEC =
      new SimpleCodec<>(
          ColendingTags.STATEMENT,
          1,
          1024,
          (w, v) -> {
            Fields.writeRef(w, v.agreement);
            Fields.writeDay(w, v.day);
            w.i64(v.openingReserve).i64(v.closingReserve);
            w.list(v.movements, EventType.values().length, LongItem::write);
            w.i64(v.rows).i64(v.matched).i64(v.awaiting).i64(v.mismatched).i64(v.openBreaks);
            w.fixed(v.csvSha256);
            w.i64(v.closedAtMs);
            Fields.writeRef(w, v.closedBy);
          },
          r ->
              new Statement(
                  Fields.readRef(r, "agreement"),
                  Fields.readDay(r, "day"),
                  r.i64("opening"),
                  r.i64("closing"),
                  r.list(EventType.values().length, "movements", rr -> rr.i64("movement")),
                  r.i64("rows"),
                  r.i64("matched"),
                  r.i64("awaiting"),
                  r.i64("mismatched"),
                  r.i64("open breaks"),
                  r.fixed(32, "csv sha-256"),
                  r.i64("closed at"),
                  Fields.readRef(r, "closed by")));

  public Statement {
    Fields.ref(agreement, "agreement");
    movements = List.copyOf(movements);
    if (movements.size() != EventType.values().length || csvSha256.length() != 32) {
      throw new IllegalArgumentException("a statement has a movement per event type and a hash");
    }
    Fields.ref(closedBy, "closed by");
  }

  static Store.Key<Statement> key(String agreement, int day) {
    return Store.Key.immutable("stmt/" + agreement + "/" + day, CODEC);
  }

  static Store.Key<Text> csvKey(String agreement, int day) {
    return Store.Key.immutable("csv/" + agreement + "/" + day, Text.CODEC);
  }

  /** The statement CSV as stored. */
  record Text(String csv) {
    static final Codec<Text> CODEC =
        new SimpleCodec<>(
            ColendingTags.STATEMENT_CSV,
            1,
            ColendingLimits.STATE_VALUE_BYTES_MAX,
            (w, v) ->
                w.bytes(
                    Bytes.wrapUnsafe(v.csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    ColendingLimits.STATEMENT_CSV_BYTES_MAX),
            r ->
                new Text(
                    new String(
                        r.bytes(ColendingLimits.STATEMENT_CSV_BYTES_MAX, "csv").unsafeArray(),
                        java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Encodes a long list item (a method reference target for the writer). */
  private static final class LongItem {
    static void write(io.entente.core.codec.Writer w, Long value) {
      w.i64(value);
    }
  }
}
