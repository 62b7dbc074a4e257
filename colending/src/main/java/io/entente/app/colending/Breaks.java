package io.entente.app.colending;

import java.util.List;

/** Opening, re-typing, resolving and closing breaks, with their events and open counts. */
final class Breaks {
  private Breaks() {}

  static final String OPENED = "break-opened";
  static final String CHANGED = "break-changed";
  static final String RESOLVED = "break-resolved";
  static final String CLOSED = "break-closed";

  /** Opens a break and counts it open on the agreement's position. */
  static Break open(
      Context cx,
      AgreementTerms terms,
      BreakType type,
      RecordKey key,
      int day,
      long amountAtStake,
      List<String> diffs) {
    Indexes.Counter counter = cx.store.get(Indexes.Counter.BREAKS);
    long next = counter == null ? 1 : counter.value() + 1;
    cx.store.put(Indexes.Counter.BREAKS, new Indexes.Counter(next));
    String id = "B" + next;
    Break b = new Break(id, terms.id(), type, key, day, cx.nowMs, terms.counterpartSlaMs());
    b.openedHeight = cx.height;
    b.amountAtStake = amountAtStake;
    b.setDiffs(diffs);
    cx.store.put(Break.key(id), b);
    // The agreement's work queue index, in opening order (block time never goes back).
    Chunks.append(cx.store, indexPrefix(terms.id()), new Chunks.Entry(cx.nowMs, id));
    Position position = cx.store.edit(Position.key(terms.id()));
    position.openBreaks++;
    emit(cx, OPENED, b);
    return b;
  }

  /** The open break with this id for editing, or null if the id is empty or the break is done. */
  static Break editOpen(Context cx, String id) {
    if (id.isEmpty()) {
      return null;
    }
    Break b = cx.store.edit(Break.key(id));
    return b != null && b.isOpen() ? b : null;
  }

  /** Opens the break, or updates the open one (type, diffs, amount) if it has changed. */
  static String openOrUpdate(
      Context cx,
      AgreementTerms terms,
      String currentId,
      BreakType type,
      RecordKey key,
      long amountAtStake,
      List<String> diffs) {
    Break b = editOpen(cx, currentId);
    if (b == null) {
      return open(cx, terms, type, key, Recon.NO_DAY, amountAtStake, diffs).id;
    }
    if (b.type != type || !b.diffs.equals(diffs) || b.amountAtStake != amountAtStake) {
      b.type = type;
      b.setDiffs(diffs);
      b.amountAtStake = amountAtStake;
      emit(cx, CHANGED, b);
    }
    return b.id;
  }

  /** Resolves the break if it is open; a no-op otherwise. */
  static void resolveIfOpen(Context cx, String id, String resolution) {
    Break b = editOpen(cx, id);
    if (b != null) {
      resolve(cx, b, resolution);
    }
  }

  static void resolve(Context cx, Break b, String resolution) {
    b.state = Break.State.RESOLVED;
    b.resolvedMs = cx.nowMs;
    b.resolution = Fields.truncate(resolution, ColendingLimits.REASON_BYTES_MAX);
    Position position = cx.store.edit(Position.key(b.agreement));
    position.openBreaks--;
    // CLOSED follows when the statement of the resolution date closes.
    Chunks.append(cx.store, resolvedPrefix(b.agreement, cx.today), new Chunks.Entry(0, b.id));
    emit(cx, RESOLVED, b);
  }

  /** At the close of {@code day}: the breaks resolved on that date become CLOSED. */
  static void closeResolved(Context cx, String agreement, int day) {
    for (Chunks.Entry entry : Chunks.all(cx.store, resolvedPrefix(agreement, day))) {
      Break b = cx.store.edit(Break.key(entry.text()));
      if (b.state == Break.State.RESOLVED) {
        b.state = Break.State.CLOSED;
        emit(cx, CLOSED, b);
      }
    }
    advanceLive(cx.store, agreement);
  }

  /**
   * Moves the agreement's live head past the breaks at the front of its index that are CLOSED (a
   * state no break leaves), so a work-queue read of OPEN, PROPOSED or RESOLVED breaks does not
   * start at index 0 forever. Each index entry is passed once over the agreement's life. A break
   * that stays open holds the head where it is; reads past it are still bounded per page.
   */
  static void advanceLive(Store store, String agreement) {
    String prefix = indexPrefix(agreement);
    Chunks.Head head = Chunks.head(store, prefix);
    long live = liveFrom(store, agreement);
    long from = live;
    while (live < head.count()
        && store.get(Break.key(Chunks.entryAt(store, prefix, live).text())).state
            == Break.State.CLOSED) {
      live++;
    }
    if (live != from) {
      store.put(liveKey(agreement), new Indexes.Counter(live));
    }
  }

  /** The index of the agreement's first break that is not CLOSED (or the index's length). */
  static long liveFrom(Store store, String agreement) {
    Indexes.Counter live = store.get(liveKey(agreement));
    return live == null ? 0 : live.value();
  }

  /** Key {@code brks-live/<agreement>}: every break before this index of the index is CLOSED. */
  static Store.Key<Indexes.Counter> liveKey(String agreement) {
    return Store.Key.immutable("brks-live/" + agreement, Indexes.Counter.CODEC);
  }

  /** Every break of an agreement, in the order they opened; entry number = opened at (ms). */
  static String indexPrefix(String agreement) {
    return "brks/" + agreement;
  }

  static String resolvedPrefix(String agreement, int day) {
    return "resolved/" + agreement + "/" + day;
  }

  /** Event data: break id, agreement, type, state, event type, event ref, amount at stake. */
  static void emit(Context cx, String event, Break b) {
    cx.emit(
        event,
        b.id,
        b.agreement,
        b.type.name(),
        b.state.name(),
        b.key == null ? "" : b.key.type().name(),
        b.key == null ? "" : b.key.eventRef(),
        Long.toString(b.amountAtStake));
  }

  /**
   * The age bucket of a break at {@code nowMs}: within SLA while younger than the counterpart SLA,
   * else by Shanghai calendar days since it opened: T0, T+1–2, T+3–6, T+7+.
   */
  static String ageBucket(Break b, long nowMs) {
    if (nowMs - b.openedMs < b.slaMs) {
      return "WITHIN_SLA";
    }
    int days = ShanghaiCalendar.day(nowMs) - ShanghaiCalendar.day(b.openedMs);
    if (days <= 0) {
      return "T0";
    }
    if (days <= 2) {
      return "T1_2";
    }
    return days <= 6 ? "T3_6" : "T7_PLUS";
  }
}
