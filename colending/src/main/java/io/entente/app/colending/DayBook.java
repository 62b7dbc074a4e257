package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.SimpleCodec;

/**
 * The agreement's open statement day: its date, the posted reserve when it opened, and the posted
 * reserve movements by event type while it has been open. Mutable, copied on first edit. Key {@code
 * day/<agreement>}.
 */
final class DayBook {
  final String agreement;
  int openDay;
  long openingReserve;
  final long[] movements = new long[EventType.values().length];

  DayBook(String agreement, int openDay, long openingReserve) {
    this.agreement = agreement;
    this.openDay = openDay;
    this.openingReserve = openingReserve;
  }

  static Store.Key<DayBook> key(String agreement) {
    return Store.Key.of("day/" + agreement, CODEC, DayBook::copy);
  }

  DayBook copy() {
    DayBook c = new DayBook(agreement, openDay, openingReserve);
    System.arraycopy(movements, 0, c.movements, 0, movements.length);
    return c;
  }

  static final Codec<DayBook> CODEC =
      new SimpleCodec<>(
          ColendingTags.DAY_BOOK,
          1,
          512,
          (w, v) -> {
            Fields.writeRef(w, v.agreement);
            Fields.writeDay(w, v.openDay);
            w.i64(v.openingReserve);
            for (long m : v.movements) {
              w.i64(m);
            }
          },
          r -> {
            DayBook v =
                new DayBook(
                    Fields.ref(Fields.readRef(r, "agreement"), "agreement"),
                    Fields.readDay(r, "open day"),
                    r.i64("opening"));
            for (int i = 0; i < v.movements.length; i++) {
              v.movements[i] = r.i64("movement");
            }
            return v;
          });
}
