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
 *   <li>RECORDS: tag, version, a list of reconciliation record encodings in row order (at most
 *       {@value ColendingLimits#QUERY_RECORDS_MAX}), then the next cursor (empty at the end);
 *   <li>STATEMENT: the {@link Statement} encoding, then the CSV bytes;
 *   <li>AGREEMENTS: tag, version, a list of agreement state encodings (those the caller is a party
 *       to, in proposal order), then the next cursor (empty at the end);
 *   <li>AGREEMENT: the agreement state encoding (terms, status, who proposed, who accepted);
 *   <li>BREAKS: tag, version, a list of (age bucket, break encoding) in work-queue order (opening
 *       order), then the next cursor (empty at the end).
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

  /**
   * A statement day's records in row order, paged like the lists: at most {@code limit} records (0:
   * {@value ColendingLimits#QUERY_RECORDS_MAX}), after at most {@value
   * ColendingLimits#QUERY_SCAN_MAX} rows looked at; the cursor is the row index to continue from.
   */
  private static QueryResult records(Store store, Requests.QueryRequest query) {
    long cursor = cursorIndex(query.cursor());
    if (cursor < 0) {
      return refuse(MALFORMED, "bad cursor " + query.cursor());
    }
    String prefix = Days.rowsPrefix(query.agreement(), query.day());
    Chunks.Head head = Chunks.head(store, prefix);
    int limit = query.limit() == 0 ? ColendingLimits.QUERY_RECORDS_MAX : query.limit();
    Writer body = new Writer();
    int count = 0;
    long index = Math.max(cursor, head.first());
    long scanEnd = Math.min(head.count(), index + ColendingLimits.QUERY_SCAN_MAX);
    while (index < scanEnd && count < limit) {
      Chunks.Entry entry = Chunks.entryAt(store, prefix, index);
      int slash = entry.text().indexOf('/');
      RecordKey key =
          new RecordKey(
              query.agreement(),
              EventType.valueOf(entry.text().substring(0, slash)),
              entry.text().substring(slash + 1));
      boolean typeOk = query.type() == null || query.type() == key.type();
      if (typeOk) {
        Recon recon = store.get(Recon.key(key));
        if (query.state().isEmpty() || recon.state.name().equals(query.state())) {
          Recon.CODEC.writeTo(body, recon);
          count++;
        }
      }
      index++;
    }
    String next = index < head.count() ? Long.toString(index) : "";
    Writer writer = new Writer(body.size() + 16);
    writer.u8(ColendingTags.RECORD_LIST).u8(2).u32(count);
    writer.fixed(body.toBytes());
    Fields.writeRef(writer, next);
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

  /**
   * A cursor is the index entry to continue from, in decimal: the previous page looked at every
   * entry before it exactly once, so a value changing between pages never makes a page skip or
   * repeat an entry. Returns -1 for a malformed cursor; 0 for none.
   */
  private static long cursorIndex(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int pageSize(Requests.QueryRequest query) {
    return query.limit() == 0 ? ColendingLimits.QUERY_PAGE_MAX : query.limit();
  }

  private static QueryResult agreements(Store store, Caller caller, Requests.QueryRequest query) {
    long cursor = cursorIndex(query.cursor());
    if (cursor < 0) {
      return refuse(MALFORMED, "bad cursor " + query.cursor());
    }
    Chunks.Head head = Chunks.head(store, Agreements.INDEX);
    int limit = pageSize(query);
    Writer body = new Writer();
    int count = 0;
    long index = Math.max(cursor, head.first());
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
   * An agreement's breaks in work-queue order: the order they opened, so oldest first (block time
   * never goes back) and, within a block, in opening order. The index is read in that order, at
   * most {@value ColendingLimits#QUERY_SCAN_MAX} entries per page however many breaks one block
   * opened, and the cursor is the index entry to continue from. A filter on a state a closed break
   * can never return to (OPEN, PROPOSED, RESOLVED) starts past the agreement's closed prefix
   * ({@link Breaks#liveFrom}).
   */
  private static QueryResult breaks(Store store, Requests.QueryRequest query, long nowMs) {
    long cursor = cursorIndex(query.cursor());
    Break.State filter = null;
    if (!query.state().isEmpty()) {
      filter = breakState(query.state());
      if (filter == null) {
        return refuse(MALFORMED, "no break state " + query.state());
      }
    }
    if (cursor < 0) {
      return refuse(MALFORMED, "bad cursor " + query.cursor());
    }
    String prefix = Breaks.indexPrefix(query.agreement());
    Chunks.Head head = Chunks.head(store, prefix);
    int limit = pageSize(query);
    List<Break> page = new ArrayList<>();
    long index = Math.max(cursor, head.first());
    if (filter != null && filter != Break.State.CLOSED) {
      index = Math.max(index, Breaks.liveFrom(store, query.agreement()));
    }
    long scanEnd = Math.min(head.count(), index + ColendingLimits.QUERY_SCAN_MAX);
    while (index < scanEnd && page.size() < limit) {
      Break b = store.get(Break.key(Chunks.entryAt(store, prefix, index).text()));
      if (filter == null || b.state == filter) {
        page.add(b);
      }
      index++;
    }
    String next = index < head.count() ? Long.toString(index) : "";
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
