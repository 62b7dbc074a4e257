package io.entente.app.colending;

import io.entente.consensus.app.Application.Caller;
import io.entente.consensus.app.Application.QueryResult;
import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Read requests. An institution sees only the agreements it is lead or partner of; anyone else is
 * refused, not answered. Answers are canonical encodings:
 *
 * <ul>
 *   <li>POSITION: {@link PositionView};
 *   <li>BREAK: age bucket (string), then the break's state encoding;
 *   <li>RECORDS: a list of reconciliation record encodings, at most {@value
 *       ColendingLimits#QUERY_RECORDS_MAX};
 *   <li>STATEMENT: the {@link Statement} encoding, then the CSV bytes;
 *   <li>AGREEMENTS: tag, version, a list of agreement state encodings (those the caller is a party
 *       to, in proposal order), then the next cursor (empty at the end);
 *   <li>AGREEMENT: the agreement state encoding (terms, status, who proposed, who accepted);
 *   <li>BREAKS: tag, version, a list of (age bucket, break encoding) in work-queue order, then the
 *       next cursor (empty at the end).
 * </ul>
 *
 * {@link QueryAnswers} decodes them into public views.
 */
final class Queries {
  private Queries() {}

  static final String MALFORMED = "malformed-query";
  static final String NOT_FOUND = "not-found";

  static QueryResult answer(Store store, Caller caller, Bytes request) {
    Requests.QueryRequest query;
    try {
      query = Requests.QueryRequest.CODEC.decode(request);
    } catch (CodecException e) {
      return refuse(MALFORMED, e.getMessage());
    }
    if (query.kind() == Requests.QueryKind.AGREEMENTS) {
      return agreements(store, caller, query);
    }
    String agreement = query.agreement();
    Break found = null;
    if (query.kind() == Requests.QueryKind.BREAK) {
      found = store.get(Break.key(query.breakId()));
      if (found == null) {
        return refuse(NOT_FOUND, "no break " + query.breakId());
      }
      agreement = found.agreement;
    }
    AgreementState state = store.get(AgreementState.key(agreement));
    if (state == null || !state.isParty(caller.institution())) {
      // The same answer whether the agreement exists or not: no probing of others' agreements.
      return refuse(
          Admission.NOT_A_PARTY, caller.institution() + " is not a party to " + agreement);
    }
    Indexes.Counter clock = store.get(Indexes.LAST_BLOCK_MS);
    long nowMs = clock == null ? 0 : clock.value();
    return switch (query.kind()) {
      case POSITION -> position(store, agreement, nowMs);
      case BREAK -> breakView(found, nowMs);
      case RECORDS -> records(store, query);
      case STATEMENT -> statement(store, query);
      case AGREEMENT -> ok(AgreementState.CODEC.encode(state));
      case BREAKS -> breaks(store, query, nowMs);
      case AGREEMENTS -> throw new AssertionError("answered above");
    };
  }

  private static QueryResult refuse(String reason, String detail) {
    return new QueryResult(Check.rejected(reason, detail), Bytes.EMPTY);
  }

  private static QueryResult position(Store store, String agreement, long nowMs) {
    Position position = store.get(Position.key(agreement));
    if (position == null) {
      return refuse(NOT_FOUND, agreement + " is not active");
    }
    return ok(PositionView.CODEC.encode(PositionView.of(position, nowMs)));
  }

  private static QueryResult breakView(Break b, long nowMs) {
    Writer writer = new Writer();
    writer.string(Breaks.ageBucket(b, nowMs), 16);
    Break.CODEC.writeTo(writer, b);
    return ok(writer.toBytes());
  }

  private static QueryResult records(Store store, Requests.QueryRequest query) {
    Writer body = new Writer();
    int count = 0;
    for (Chunks.Entry entry : Chunks.all(store, Days.rowsPrefix(query.agreement(), query.day()))) {
      if (count == ColendingLimits.QUERY_RECORDS_MAX) {
        break;
      }
      int slash = entry.text().indexOf('/');
      RecordKey key =
          new RecordKey(
              query.agreement(),
              EventType.valueOf(entry.text().substring(0, slash)),
              entry.text().substring(slash + 1));
      Recon recon = store.get(Recon.key(key));
      boolean stateOk = query.state().isEmpty() || recon.state.name().equals(query.state());
      boolean typeOk = query.type() == null || query.type() == key.type();
      if (stateOk && typeOk) {
        Recon.CODEC.writeTo(body, recon);
        count++;
      }
    }
    Writer writer = new Writer(body.size() + 16);
    writer.u8(ColendingTags.RECORD_LIST).u8(1).u32(count);
    writer.fixed(body.toBytes());
    return ok(writer.toBytes());
  }

  private static QueryResult statement(Store store, Requests.QueryRequest query) {
    Statement statement = store.get(Statement.key(query.agreement(), query.day()));
    if (statement == null) {
      return refuse(NOT_FOUND, "no closed statement for " + ShanghaiCalendar.iso(query.day()));
    }
    Statement.Text csv = store.get(Statement.csvKey(query.agreement(), query.day()));
    Writer writer = new Writer();
    Statement.CODEC.writeTo(writer, statement);
    writer.bytes(
        Bytes.wrapUnsafe(csv.csv().getBytes(StandardCharsets.UTF_8)),
        ColendingLimits.STATEMENT_CSV_BYTES_MAX);
    return ok(writer.toBytes());
  }

  /** A cursor: the index entry to continue from and how many of its group were returned. */
  private record Cursor(long index, int skip) {
    static Cursor parse(String text) {
      if (text.isEmpty()) {
        return new Cursor(0, 0);
      }
      int colon = text.indexOf(':');
      try {
        long index = Long.parseLong(colon < 0 ? text : text.substring(0, colon));
        int skip = colon < 0 ? 0 : Integer.parseInt(text.substring(colon + 1));
        return index < 0 || skip < 0 ? null : new Cursor(index, skip);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    String text() {
      return skip == 0 ? Long.toString(index) : index + ":" + skip;
    }
  }

  private static int pageSize(Requests.QueryRequest query) {
    return query.limit() == 0 ? ColendingLimits.QUERY_PAGE_MAX : query.limit();
  }

  private static QueryResult agreements(Store store, Caller caller, Requests.QueryRequest query) {
    Cursor cursor = Cursor.parse(query.cursor());
    if (cursor == null || cursor.skip() != 0) {
      return refuse(MALFORMED, "bad cursor " + query.cursor());
    }
    Chunks.Head head = Chunks.head(store, Agreements.INDEX);
    int limit = pageSize(query);
    Writer body = new Writer();
    int count = 0;
    long index = Math.max(cursor.index(), head.first());
    long scanEnd = Math.min(head.count(), index + ColendingLimits.QUERY_SCAN_MAX);
    while (index < scanEnd && count < limit) {
      String id = Chunks.entryAt(store, Agreements.INDEX, index).text();
      AgreementState state = store.get(AgreementState.key(id));
      if (state.isParty(caller.institution())) {
        AgreementState.CODEC.writeTo(body, state);
        count++;
      }
      index++;
    }
    String next = index < head.count() ? Long.toString(index) : "";
    Writer writer = new Writer(body.size() + 16);
    writer.u8(ColendingTags.AGREEMENT_PAGE).u8(1).u32(count);
    writer.fixed(body.toBytes());
    Fields.writeRef(writer, next);
    return ok(writer.toBytes());
  }

  /**
   * An agreement's breaks in work-queue order: oldest first (opening time), then larger amount at
   * stake, then opening order. Breaks opened in one block share a time, so the index is read a
   * block's group at a time and each group sorted; the cursor names a group and how many of it were
   * returned.
   */
  private static QueryResult breaks(Store store, Requests.QueryRequest query, long nowMs) {
    Cursor cursor = Cursor.parse(query.cursor());
    Break.State filter = null;
    if (!query.state().isEmpty()) {
      filter = breakState(query.state());
      if (filter == null) {
        return refuse(MALFORMED, "no break state " + query.state());
      }
    }
    if (cursor == null) {
      return refuse(MALFORMED, "bad cursor " + query.cursor());
    }
    String prefix = Breaks.indexPrefix(query.agreement());
    Chunks.Head head = Chunks.head(store, prefix);
    int limit = pageSize(query);
    List<Break> page = new ArrayList<>();
    long index = cursor.index();
    int skip = cursor.skip();
    long scanned = 0;
    String next = "";
    while (index < head.count()) {
      if (page.size() == limit || scanned >= ColendingLimits.QUERY_SCAN_MAX) {
        next = new Cursor(index, skip).text();
        break;
      }
      long openedMs = Chunks.entryAt(store, prefix, index).number();
      long end = index;
      List<Break> group = new ArrayList<>();
      while (end < head.count() && Chunks.entryAt(store, prefix, end).number() == openedMs) {
        Break b = store.get(Break.key(Chunks.entryAt(store, prefix, end).text()));
        if (filter == null || b.state == filter) {
          group.add(b);
        }
        end++;
      }
      scanned += end - index;
      // Stable: equal amounts stay in opening order.
      group.sort((a, b) -> Long.compare(b.amountAtStake, a.amountAtStake));
      int from = Math.min(skip, group.size());
      int to = Math.min(group.size(), from + limit - page.size());
      page.addAll(group.subList(from, to));
      if (to < group.size()) {
        next = new Cursor(index, to).text();
        break;
      }
      index = end;
      skip = 0;
    }
    Writer writer = new Writer();
    writer.u8(ColendingTags.BREAK_PAGE).u8(1);
    writer.list(
        page,
        ColendingLimits.QUERY_PAGE_MAX,
        (w, b) -> {
          w.string(Breaks.ageBucket(b, nowMs), 16);
          Break.CODEC.writeTo(w, b);
        });
    Fields.writeRef(writer, next);
    return ok(writer.toBytes());
  }

  private static Break.State breakState(String name) {
    for (Break.State state : Break.State.values()) {
      if (state.name().equals(name)) {
        return state;
      }
    }
    return null;
  }

  private static QueryResult ok(Bytes result) {
    return new QueryResult(Check.accepted(), result);
  }
}
