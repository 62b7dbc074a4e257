package io.entente.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.app.colending.Account;
import io.entente.app.colending.AgreementTerms;
import io.entente.app.colending.ColendingLimits;
import io.entente.app.colending.Components;
import io.entente.app.colending.EventRecord;
import io.entente.app.colending.EventType;
import io.entente.app.colending.PositionView;
import io.entente.app.colending.QueryAnswers;
import io.entente.app.colending.SplitTable;
import io.entente.app.colending.Statement;
import io.entente.colending.dayfile.Column;
import io.entente.colending.dayfile.DayFileReader;
import io.entente.colending.dayfile.DayFileResult;
import io.entente.colending.dayfile.LineError;
import io.entente.colending.dayfile.Progress;
import io.entente.colending.dayfile.Yuan;
import io.entente.colending.importing.DayFileAttestations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON of the co-lending resources. Field names are the day file's (snake_case); amounts are
 * decimal yuan in strings with two decimals ("1234.56"), read exactly into integer fen by the day
 * file rules ({@link Yuan}); dates are {@code yyyy-MM-dd} (Asia/Shanghai). A member put as null is
 * left out of the answer (the API's mapper writes no nulls): "absent" in the OpenAPI document.
 */
final class ColendingJson {
  private ColendingJson() {}

  // ---------------------------------------------------------------- input

  /** A JSON object body whose fields are checked against {@code allowed}. */
  static final class Body {
    private final JsonNode node;
    private final String prefix;

    Body(JsonNode node, String prefix, Set<String> allowed) {
      if (node == null || !node.isObject()) {
        throw prefix.isEmpty()
            ? ApiProblem.invalidRequest("the body is not a JSON object")
            : ApiProblem.invalidField(prefix, "expected an object");
      }
      this.node = node;
      this.prefix = prefix;
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!allowed.contains(name)) {
          throw ApiProblem.invalidField(field(name), "unknown field");
        }
      }
    }

    static Body parse(byte[] bytes, Set<String> allowed) {
      return new Body(Json.parse(bytes, JsonNode.class), "", allowed);
    }

    String field(String name) {
      return prefix.isEmpty() ? name : prefix + "." + name;
    }

    boolean has(String name) {
      JsonNode value = node.get(name);
      return value != null && !value.isNull();
    }

    JsonNode node(String name) {
      return node.get(name);
    }

    String text(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw ApiProblem.invalidField(field(name), "required");
      }
      if (!value.isTextual()) {
        throw ApiProblem.invalidField(field(name), "wrong type: expected a string");
      }
      return value.asText();
    }

    String text(String name, String absent) {
      return has(name) ? text(name) : absent;
    }

    long integer(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw ApiProblem.invalidField(field(name), "required");
      }
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw ApiProblem.invalidField(field(name), "wrong type: expected an integer");
      }
      return value.asLong();
    }

    int smallInteger(String name) {
      long value = integer(name);
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        throw ApiProblem.invalidField(field(name), "out of range");
      }
      return (int) value;
    }

    long fen(String name) {
      String text = text(name);
      try {
        return Yuan.parseFen(text);
      } catch (Yuan.BadAmount e) {
        throw ApiProblem.invalidField(field(name), e.getMessage());
      }
    }
  }

  static final Set<String> TERMS_FIELDS =
      Set.of(
          "id",
          "partner",
          "currency",
          "split_bp",
          "reserve_warn",
          "reserve_critical",
          "counterpart_sla_ms",
          "date_tolerance_days",
          "hold_ttl_ms",
          "partner_principal_cap",
          "lead_floor_bp",
          "close_grace_ms");

  private static final Set<String> SPLIT_FIELDS = Set.of("principal", "interest", "penalty", "fee");

  /** Terms the caller's institution proposes as lead. */
  static AgreementTerms terms(Body body, String lead) {
    Body split = new Body(body.node("split_bp"), "split_bp", SPLIT_FIELDS);
    try {
      return new AgreementTerms(
          body.text("id"),
          lead,
          body.text("partner"),
          body.text("currency"),
          new SplitTable(
              split.smallInteger("principal"),
              split.smallInteger("interest"),
              split.smallInteger("penalty"),
              split.smallInteger("fee")),
          body.fen("reserve_warn"),
          body.fen("reserve_critical"),
          body.integer("counterpart_sla_ms"),
          body.smallInteger("date_tolerance_days"),
          body.integer("hold_ttl_ms"),
          body.fen("partner_principal_cap"),
          body.has("lead_floor_bp")
              ? body.smallInteger("lead_floor_bp")
              : ColendingLimits.LEAD_FLOOR_BP_DEFAULT,
          body.integer("close_grace_ms"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidRequest("the terms are not valid: " + e.getMessage());
    }
  }

  /** The fields of an event record: the day file's columns. */
  static final Set<String> RECORD_FIELDS = recordFields();

  private static Set<String> recordFields() {
    TreeSet<String> names = new TreeSet<>();
    for (Column column : Column.values()) {
      names.add(column.header());
    }
    // Not a day file column: the hold a disbursement consumes (API only, like the hold itself).
    names.add(HOLD_REF);
    return Set.copyOf(names);
  }

  static final String HOLD_REF = "hold_ref";

  /**
   * Event records from JSON objects whose members are day file cells (strings), read by exactly the
   * day file's rules: the array is written as a day file with every column and read back with
   * {@link DayFileReader}. Any invalid record makes the whole request a 400 naming it; nothing is
   * submitted. Identical repeats count once, as in a file. {@code agreement} may be left out of a
   * record: it is the agreement of the URL, and a record naming another is refused.
   */
  static List<EventRecord> records(JsonNode array, String field, String agreement, int max) {
    if (array == null || !array.isArray()) {
      throw ApiProblem.invalidField(field, "required: an array of records");
    }
    if (array.isEmpty() || array.size() > max) {
      throw ApiProblem.invalidField(field, "give 1 to " + max + " records");
    }
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return read(items, i -> field + "[" + i + "]", agreement);
  }

  /** One event record (a break proposal's), named {@code field} in errors. */
  static EventRecord record(JsonNode object, String field, String agreement) {
    return read(List.of(object), i -> field, agreement).get(0);
  }

  private static List<EventRecord> read(
      List<JsonNode> items, java.util.function.IntFunction<String> name, String agreement) {
    StringBuilder csv = new StringBuilder();
    Column[] columns = Column.values();
    for (int c = 0; c < columns.length; c++) {
      csv.append(c == 0 ? "" : ",").append(columns[c].header());
    }
    csv.append('\n');
    List<String> holdRefs = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Body record = new Body(items.get(i), name.apply(i), RECORD_FIELDS);
      holdRefs.add(record.text(HOLD_REF, ""));
      String named = record.text("agreement", agreement);
      if (!named.equals(agreement)) {
        throw ApiProblem.invalidField(
            record.field("agreement"), "the record is for " + named + ", not " + agreement);
      }
      for (int c = 0; c < columns.length; c++) {
        String header = columns[c].header();
        String value = columns[c] == Column.AGREEMENT ? agreement : record.text(header, "");
        for (int k = 0; k < value.length(); k++) {
          if (Character.isISOControl(value.charAt(k))) {
            throw ApiProblem.invalidField(
                record.field(header), "control characters are not allowed");
          }
        }
        csv.append(c == 0 ? "" : ",").append('"').append(value.replace("\"", "\"\"")).append('"');
      }
      csv.append('\n');
    }
    DayFileResult result;
    try {
      result =
          DayFileReader.read(
              new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
              Progress.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!result.errors().isEmpty()) {
      LineError error = result.errors().get(0);
      // Line 1 is the header; record i is on line i + 2.
      String reason = error.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
      if (error.line() < 2) {
        // Not about one record: a limit of the whole batch.
        throw ApiProblem.invalidRequest(error.detail()).with("reason", reason);
      }
      throw ApiProblem.invalidField(name.apply((int) (error.line() - 2)), error.detail())
          .with("reason", reason);
    }
    DayFileAttestations.Mapped mapped = DayFileAttestations.map(result.entries());
    if (!mapped.refused().isEmpty()) {
      DayFileAttestations.Refused refused = mapped.refused().get(0);
      throw ApiProblem.invalidField(name.apply((int) (refused.line() - 2)), refused.detail());
    }
    List<EventRecord> records = new ArrayList<>();
    for (int r = 0; r < mapped.records().size(); r++) {
      int item = (int) (mapped.lines().get(r) - 2);
      records.add(withHoldRef(mapped.records().get(r), holdRefs.get(item), name.apply(item)));
    }
    return records;
  }

  private static EventRecord withHoldRef(EventRecord r, String holdRef, String field) {
    if (holdRef.isEmpty()) {
      return r;
    }
    try {
      return new EventRecord(
          r.agreement(),
          r.type(),
          r.eventRef(),
          r.action(),
          r.reason(),
          r.loanRef(),
          r.valueDate(),
          r.currency(),
          r.amount(),
          r.components(),
          r.partnerPortion(),
          r.direction(),
          r.paymentRef(),
          r.settlementRef(),
          holdRef);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField(field + "." + HOLD_REF, e.getMessage());
    }
  }

  // ---------------------------------------------------------------- output

  static String yuan(long fen) {
    return Yuan.format(fen);
  }

  static Map<String, Object> agreement(String channel, QueryAnswers.AgreementView view) {
    AgreementTerms t = view.terms();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", t.id());
    json.put("channel", channel);
    json.put("status", view.status());
    json.put("terms_hash", view.termsHash().toHex());
    json.put("lead", t.lead());
    json.put("partner", t.partner());
    json.put("currency", t.currency());
    Map<String, Object> split = new LinkedHashMap<>();
    split.put("principal", t.split().principalBp());
    split.put("interest", t.split().interestBp());
    split.put("penalty", t.split().penaltyBp());
    split.put("fee", t.split().feeBp());
    json.put("split_bp", split);
    json.put("reserve_warn", yuan(t.reserveWarnFen()));
    json.put("reserve_critical", yuan(t.reserveCriticalFen()));
    json.put("counterpart_sla_ms", t.counterpartSlaMs());
    json.put("date_tolerance_days", t.dateToleranceDays());
    json.put("hold_ttl_ms", t.holdTtlMs());
    json.put("partner_principal_cap", yuan(t.partnerPrincipalCapFen()));
    json.put("lead_floor_bp", t.leadFloorBp());
    json.put("close_grace_ms", t.closeGraceMs());
    json.put("proposed_by", view.proposedBy());
    json.put("accepted_by", view.acceptedBy());
    return json;
  }

  static Map<String, Object> record(EventRecord r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("event_ref", r.eventRef());
    json.put("event_type", r.type().name());
    json.put("agreement", r.agreement());
    json.put("loan_ref", r.loanRef());
    json.put("value_date", QueryAnswers.isoDate(r.valueDate()));
    json.put("currency", r.currency());
    json.put("amount", yuan(r.amount()));
    Components c = r.components();
    json.put("principal", yuan(c.principal()));
    json.put("interest", yuan(c.interest()));
    json.put("penalty", yuan(c.penalty()));
    json.put("fee", yuan(c.fee()));
    Components p = r.partnerPortion();
    if (p != null) {
      json.put("partner_principal", yuan(p.principal()));
      json.put("partner_interest", yuan(p.interest()));
      json.put("partner_penalty", yuan(p.penalty()));
      json.put("partner_fee", yuan(p.fee()));
    }
    json.put("direction", r.direction().name());
    json.put("payment_ref", r.paymentRef());
    json.put("settlement_ref", r.settlementRef());
    json.put("hold_ref", r.holdRef());
    json.put("action", r.action().name());
    json.put("reason", r.reason());
    return json;
  }

  static Map<String, Object> breakJson(QueryAnswers.BreakView b) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", b.id());
    json.put("agreement", b.agreement());
    json.put("type", b.type().name());
    json.put("state", b.state());
    json.put("event_type", b.eventType());
    json.put("event_ref", b.eventRef());
    json.put("date", b.date());
    json.put("opened_at_ms", b.openedMs());
    json.put("opened_height", b.openedHeight());
    json.put("age_bucket", b.ageBucket());
    json.put("amount_at_stake", yuan(b.amountAtStake()));
    json.put("diffs", b.diffs());
    if (b.proposal() != null) {
      QueryAnswers.ProposalView p = b.proposal();
      Map<String, Object> proposal = new LinkedHashMap<>();
      proposal.put("proposal_id", p.proposalId());
      proposal.put("institution", p.institution());
      proposal.put("user", p.user());
      proposal.put("kind", p.kind());
      proposal.put("reason", p.reason());
      proposal.put("record", p.record() == null ? null : record(p.record()));
      proposal.put("at_ms", p.atMs());
      json.put("proposal", proposal);
    }
    json.put("last_rejection", b.lastRejection());
    json.put("resolved_at_ms", b.resolvedMs() == 0 ? null : b.resolvedMs());
    json.put("resolution", b.resolution());
    return json;
  }

  static Map<String, Object> recordView(QueryAnswers.RecordView v) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("agreement", v.key().agreement());
    json.put("event_type", v.key().type().name());
    json.put("event_ref", v.key().eventRef());
    json.put("state", v.state());
    json.put("statement_date", v.statementDate());
    json.put("timing_note", v.timingNote());
    json.put("first_attested_at_ms", v.firstAttestedMs());
    json.put("lead", side(v.lead()));
    json.put("partner", side(v.partner()));
    json.put("agreed", v.agreed() == null ? null : record(v.agreed()));
    json.put("breaks", v.breakIds());
    return json;
  }

  private static Map<String, Object> side(QueryAnswers.SideView side) {
    if (side == null) {
      return null;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("user", side.user());
    json.put("at_ms", side.atMs());
    json.put("version", side.version());
    json.put("record", record(side.record()));
    return json;
  }

  static Map<String, Object> position(PositionView p) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("agreement", p.agreement());
    Map<String, Object> balances = new LinkedHashMap<>();
    for (Account account : Account.values()) {
      balances.put(
          account.name().toLowerCase(Locale.ROOT), yuan(p.balances().get(account.ordinal())));
    }
    json.put("posted", balances);
    json.put("held", yuan(p.held()));
    json.put("pending_out", yuan(p.pendingOut()));
    json.put("pending_in", yuan(p.pendingIn()));
    json.put("available", yuan(p.available()));
    json.put("disbursed_today", yuan(p.disbursedToday()));
    json.put("repaid_today", yuan(p.repaidToday()));
    json.put("other_in_today", yuan(p.otherInToday()));
    json.put("other_out_today", yuan(p.otherOutToday()));
    json.put("cover_hours", p.coverHundredthsOfHour() < 0 ? null : yuan(p.coverHundredthsOfHour()));
    json.put("alert", p.alert());
    json.put("open_breaks", p.openBreaks());
    return json;
  }

  static Map<String, Object> statement(Statement s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("agreement", s.agreement());
    json.put("date", QueryAnswers.isoDate(s.day()));
    json.put("csv_sha256", java.util.HexFormat.of().formatHex(s.csvSha256().unsafeArray()));
    json.put("opening_reserve", yuan(s.openingReserve()));
    json.put("closing_reserve", yuan(s.closingReserve()));
    Map<String, Object> movements = new LinkedHashMap<>();
    EventType[] types = EventType.values();
    for (int i = 0; i < s.movements().size() && i < types.length; i++) {
      movements.put(types[i].name(), yuan(s.movements().get(i)));
    }
    json.put("movements", movements);
    json.put("rows", s.rows());
    json.put("matched", s.matched());
    json.put("awaiting", s.awaiting());
    json.put("mismatched", s.mismatched());
    json.put("open_breaks", s.openBreaks());
    json.put("closed_at_ms", s.closedAtMs());
    json.put("closed_by", s.closedBy());
    return json;
  }
}
