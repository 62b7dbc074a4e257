package io.entente.app.colending;

import io.entente.consensus.app.Application.Caller;
import io.entente.consensus.app.Application.QueryResult;
import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Read requests. An institution sees only the agreements it is lead or partner of; anyone else is
 * refused, not answered. Answers are canonical encodings:
 *
 * <ul>
 *   <li>POSITION: {@link PositionView};
 *   <li>BREAK: age bucket (string), then the break's state encoding;
 *   <li>RECORDS: a list of reconciliation record encodings, at most {@value
 *       ColendingLimits#QUERY_RECORDS_MAX};
 *   <li>STATEMENT: the {@link Statement} encoding, then the CSV bytes.
 * </ul>
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

  private static QueryResult ok(Bytes result) {
    return new QueryResult(Check.accepted(), result);
  }
}
