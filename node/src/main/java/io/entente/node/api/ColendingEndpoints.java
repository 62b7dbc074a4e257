package io.entente.node.api;

import io.entente.app.colending.AgreementTerms;
import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.ColendingLimits;
import io.entente.app.colending.EventRecord;
import io.entente.app.colending.EventType;
import io.entente.app.colending.PositionView;
import io.entente.app.colending.QueryAnswers;
import io.entente.app.colending.Requests;
import io.entente.colending.importing.DayFileAttestations;
import io.entente.consensus.app.Application;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.check.Check;
import io.entente.node.auth.Principal;
import io.entente.node.auth.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The co-lending resources under {@code /v1/channels/{channel}/agreements}: agreements,
 * attestations, reconciliation records, breaks and their workflow, positions, statements and an
 * event stream per agreement (docs/api.md, "Co-lending").
 *
 * <p>The channel is in the path: it is the bilateral channel the agreement lives in (GET {@code
 * /v1/status} lists the caller's channels). The dispatcher has checked that the caller's
 * institution is a member of it. Every route that names an agreement first asks the application for
 * it, as the caller: an agreement the caller's institution is not a party to is answered 404,
 * exactly as one that does not exist, before the body is read. Actions are node-signed user
 * requests ({@link SubmitEndpoints#signAndSubmit}), acting as submitter or approver by route, with
 * the {@code Idempotency-Key} header as the request's idempotency key.
 */
final class ColendingEndpoints {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Pattern REF = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final List<String> RECORD_STATES =
      List.of("AWAITING_COUNTERPART", "MATCHED", "MISMATCHED", "WITHDRAWN", "ADJUSTED");
  private static final List<String> BREAK_STATES =
      List.of("OPEN", "PROPOSED", "RESOLVED", "CLOSED");

  /** The co-lending events a per-agreement stream carries. */
  private static final Set<String> STREAMED =
      Set.of(
          "record-matched",
          "break-opened",
          "break-changed",
          "break-proposed",
          "break-rejected",
          "break-resolved",
          "break-closed",
          "alert",
          "statement-closed",
          "agreement-proposed",
          "agreement-active",
          "hold-granted",
          "hold-consumed",
          "hold-released",
          "bank-statement");

  private final NodeBackend backend;
  private final SubmitEndpoints submit;
  private final EventStream events;

  ColendingEndpoints(NodeBackend backend, SubmitEndpoints submit, EventStream events) {
    this.backend = backend;
    this.submit = submit;
    this.events = events;
  }

  /** Every co-lending route, for {@link ApiServer}'s list. */
  List<Route> routes() {
    String base = "/v1/channels/{channel}/agreements";
    String one = base + "/{agreement}";
    String oneBreak = one + "/breaks/{break}";
    return List.of(
        new Route("POST", base, Route.Access.SUBMIT, this::propose),
        new Route("GET", base, Route.Access.READ, this::list),
        new Route("GET", one, Route.Access.READ, this::view),
        new Route("POST", one + "/accept", Route.Access.APPROVE, this::accept),
        new Route("POST", one + "/attestations", Route.Access.SUBMIT, this::attest),
        new Route("GET", one + "/records", Route.Access.READ, this::records),
        new Route("GET", one + "/breaks", Route.Access.READ, this::breaks),
        new Route("GET", oneBreak, Route.Access.READ, this::breakById),
        new Route("POST", oneBreak + "/proposals", Route.Access.SUBMIT, this::proposeResolution),
        new Route("POST", oneBreak + "/approve", Route.Access.APPROVE, this::approve),
        new Route("POST", oneBreak + "/reject", Route.Access.APPROVE, this::reject),
        new Route("POST", one + "/holds", Route.Access.SUBMIT, this::hold),
        new Route("POST", one + "/days/{date}/close", Route.Access.SUBMIT, this::closeDay),
        new Route("GET", one + "/position", Route.Access.READ, this::position),
        new Route("GET", one + "/statements/{date}", Route.Access.READ, this::statement),
        new Route("GET", one + "/statements/{date}/csv", Route.Access.READ, this::statementCsv),
        new Route("GET", one + "/events", Route.Access.READ, this::stream));
  }

  // ---------------------------------------------------------------- agreements

  Reply propose(Call call) throws Exception {
    boolean wait = SubmitEndpoints.waitForCommit(call);
    String key = idempotencyKey(call);
    submit.requireReady();
    ColendingJson.Body body =
        ColendingJson.Body.parse(
            call.jsonBody(ApiLimits.SMALL_BODY_BYTES_MAX), ColendingJson.TERMS_FIELDS);
    AgreementTerms terms = ColendingJson.terms(body, call.principal().institution());
    return action(
        call,
        Role.SUBMITTER,
        ColendingApplication.AGREEMENT_PROPOSE,
        AgreementTerms.CODEC.encode(terms),
        key,
        wait);
  }

  Reply list(Call call) {
    String channel = call.path("channel");
    int limit = limit(call);
    String cursor = cursor(call);
    QueryAnswers.AgreementPage page =
        QueryAnswers.agreements(ask(call, Requests.QueryRequest.agreements(limit, cursor)));
    List<Map<String, Object>> items = new ArrayList<>();
    page.agreements().forEach(view -> items.add(ColendingJson.agreement(channel, view)));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("agreements", items);
    json.put("next_cursor", page.nextCursor().isEmpty() ? null : page.nextCursor());
    return Reply.json(200, json);
  }

  Reply view(Call call) {
    return Reply.json(200, ColendingJson.agreement(call.path("channel"), agreement(call)));
  }

  Reply accept(Call call) throws Exception {
    QueryAnswers.AgreementView agreement = agreement(call);
    boolean wait = SubmitEndpoints.waitForCommit(call);
    String key = idempotencyKey(call);
    submit.requireReady();
    ColendingJson.Body body =
        ColendingJson.Body.parse(
            call.jsonBody(ApiLimits.SMALL_BODY_BYTES_MAX), Set.of("terms_hash"));
    Hash termsHash = Json.hash(body.text("terms_hash"), "terms_hash");
    Bytes content =
        Requests.AgreementAccept.CODEC.encode(
            new Requests.AgreementAccept(agreement.terms().id(), termsHash));
    return action(call, Role.APPROVER, ColendingApplication.AGREEMENT_ACCEPT, content, key, wait);
  }

  // ---------------------------------------------------------------- attestations and records

  Reply attest(Call call) throws Exception {
    QueryAnswers.AgreementView agreement = agreement(call);
    boolean wait = SubmitEndpoints.waitForCommit(call);
    String key = idempotencyKey(call);
    submit.requireReady();
    ColendingJson.Body body =
        ColendingJson.Body.parse(
            call.jsonBody(ApiLimits.ATTESTATION_BODY_BYTES_MAX), Set.of("records"));
    List<EventRecord> records =
        ColendingJson.records(
            body.node("records"),
            "records",
            agreement.terms().id(),
            ApiLimits.ATTESTATION_RECORDS_MAX);
    return action(
        call,
        Role.SUBMITTER,
        ColendingApplication.ATTEST,
        DayFileAttestations.batchContent(records),
        key,
        wait);
  }

  Reply records(Call call) {
    QueryAnswers.AgreementView agreement = agreement(call);
    int day =
        date(
            call.query("date").orElseThrow(() -> ApiProblem.invalidField("date", "required")),
            "date");
    String state = call.query("state").orElse("");
    if (!state.isEmpty() && !RECORD_STATES.contains(state)) {
      throw ApiProblem.invalidField("state", "one of " + RECORD_STATES);
    }
    EventType type = null;
    Optional<String> typeName = call.query("type");
    if (typeName.isPresent()) {
      try {
        type = EventType.valueOf(typeName.get());
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalidField("type", "not an event type");
      }
    }
    int limit = limit(call, ColendingLimits.QUERY_RECORDS_MAX);
    QueryAnswers.RecordPage page =
        QueryAnswers.records(
            ask(
                call,
                Requests.QueryRequest.records(
                    agreement.terms().id(), day, state, type, limit, cursor(call))));
    List<Map<String, Object>> items = new ArrayList<>();
    page.records().forEach(view -> items.add(ColendingJson.recordView(view)));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("records", items);
    json.put("next_cursor", page.nextCursor().isEmpty() ? null : page.nextCursor());
    return Reply.json(200, json);
  }

  // ---------------------------------------------------------------- breaks

  Reply breaks(Call call) {
    QueryAnswers.AgreementView agreement = agreement(call);
    String state = call.query("state").orElse("");
    if (!state.isEmpty() && !BREAK_STATES.contains(state)) {
      throw ApiProblem.invalidField("state", "one of " + BREAK_STATES);
    }
    QueryAnswers.BreakPage page =
        QueryAnswers.breaks(
            ask(
                call,
                Requests.QueryRequest.breaks(
                    agreement.terms().id(), state, limit(call), cursor(call))));
    List<Map<String, Object>> items = new ArrayList<>();
    page.breaks().forEach(b -> items.add(ColendingJson.breakJson(b)));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("breaks", items);
    json.put("next_cursor", page.nextCursor().isEmpty() ? null : page.nextCursor());
    return Reply.json(200, json);
  }

  Reply breakById(Call call) {
    return Reply.json(200, ColendingJson.breakJson(breakOf(call, agreement(call))));
  }

  private static final Set<String> PROPOSAL_FIELDS =
      Set.of("proposal_id", "kind", "reason", "record");

  Reply proposeResolution(Call call) throws Exception {
    QueryAnswers.BreakView found = breakOf(call, agreement(call));
    boolean wait = SubmitEndpoints.waitForCommit(call);
    String key = idempotencyKey(call);
    submit.requireReady();
    ColendingJson.Body body =
        ColendingJson.Body.parse(call.jsonBody(ApiLimits.SMALL_BODY_BYTES_MAX), PROPOSAL_FIELDS);
    String proposalId = proposalId(body, key);
    Requests.ProposalKind kind;
    try {
      kind = Requests.ProposalKind.valueOf(body.text("kind"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("kind", "CORRECTION or ADJUSTMENT");
    }
    EventRecord record = null;
    if (body.has("record")) {
      record = ColendingJson.record(body.node("record"), "record", found.agreement());
    }
    Bytes content;
    try {
      content =
          Requests.BreakProposal.CODEC.encode(
              new Requests.BreakProposal(
                  found.id(), proposalId, kind, body.text("reason"), record));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidRequest(e.getMessage());
    }
    return action(call, Role.SUBMITTER, ColendingApplication.BREAK_PROPOSE, content, key, wait);
  }

  Reply approve(Call call) throws Exception {
    return decide(call, ColendingApplication.BREAK_APPROVE);
  }

  Reply reject(Call call) throws Exception {
    return decide(call, ColendingApplication.BREAK_REJECT);
  }

  private Reply decide(Call call, String type) throws Exception {
    QueryAnswers.BreakView found = breakOf(call, agreement(call));
    boolean wait = SubmitEndpoints.waitForCommit(call);
    String key = idempotencyKey(call);
    submit.requireReady();
    ColendingJson.Body body =
        ColendingJson.Body.parse(
            call.jsonBody(ApiLimits.SMALL_BODY_BYTES_MAX), Set.of("proposal_id", "reason"));
    String proposalId;
    if (body.has("proposal_id")) {
      proposalId = ref(body.text("proposal_id"), "proposal_id");
    } else if (type.equals(ColendingApplication.BREAK_APPROVE)) {
      // An approval names what it approves: the open proposal may have been replaced (rejected,
      // proposed again) since the approver read it.
      throw ApiProblem.invalidField(
          "proposal_id", "required to approve: the id of the proposal you read and approve");
    } else if (found.proposal() != null) {
      proposalId = found.proposal().proposalId();
    } else {
      throw ApiProblem.invalidField("proposal_id", "break " + found.id() + " has no open proposal");
    }
    String reason = body.text("reason");
    if (reason.isBlank()) {
      throw ApiProblem.invalidField("reason", "give a reason");
    }
    Bytes content;
    try {
      content =
          Requests.BreakDecision.CODEC.encode(
              new Requests.BreakDecision(found.id(), proposalId, reason));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidRequest(e.getMessage());
    }
    return action(call, Role.APPROVER, type, content, key, wait);
  }

  private static String proposalId(ColendingJson.Body body, String idempotencyKey) {
    if (body.has("proposal_id")) {
      return ref(body.text("proposal_id"), "proposal_id");
    }
    if (!REF.matcher(idempotencyKey).matches()) {
      throw ApiProblem.invalidField(
          "proposal_id",
          "required when the Idempotency-Key is not a reference (1-64 of A-Z a-z 0-9 . _ : -)");
    }
    return idempotencyKey;
  }

  // ---------------------------------------------------------------- holds, day close

  private static final Set<String> HOLD_FIELDS =
      Set.of("hold_ref", "loan_ref", "principal", "value_date");

  /**
   * A disbursement request (lead only, API only): a hold on the partner's portion of {@code
   * principal}, granted or refused when its block executes (insufficient available, cap).
   */
  Reply hold(Call call) throws Exception {
    QueryAnswers.AgreementView agreement = agreement(call);
    boolean wait = SubmitEndpoints.waitForCommit(call);
    String key = idempotencyKey(call);
    submit.requireReady();
    ColendingJson.Body body =
        ColendingJson.Body.parse(call.jsonBody(ApiLimits.SMALL_BODY_BYTES_MAX), HOLD_FIELDS);
    Bytes content;
    try {
      content =
          Requests.HoldRequest.CODEC.encode(
              new Requests.HoldRequest(
                  agreement.terms().id(),
                  ref(body.text("hold_ref"), "hold_ref"),
                  ref(body.text("loan_ref"), "loan_ref"),
                  body.fen("principal"),
                  date(body.text("value_date"), "value_date")));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidRequest(e.getMessage());
    }
    return action(
        call, Role.SUBMITTER, ColendingApplication.DISBURSEMENT_REQUEST, content, key, wait);
  }

  /** Closes the agreement's statement days up to {@code date}, each once it has ended. */
  Reply closeDay(Call call) throws Exception {
    QueryAnswers.AgreementView agreement = agreement(call);
    int day = date(call.path("date"), "date");
    boolean wait = SubmitEndpoints.waitForCommit(call);
    String key = idempotencyKey(call);
    submit.requireReady();
    Bytes content =
        Requests.DayClose.CODEC.encode(new Requests.DayClose(agreement.terms().id(), day));
    return action(call, Role.SUBMITTER, ColendingApplication.DAY_CLOSE, content, key, wait);
  }

  // ---------------------------------------------------------------- positions, statements

  Reply position(Call call) {
    QueryAnswers.AgreementView agreement = agreement(call);
    PositionView view =
        PositionView.CODEC.decode(
            ask(call, Requests.QueryRequest.position(agreement.terms().id())));
    return Reply.json(200, ColendingJson.position(view));
  }

  Reply statement(Call call) {
    QueryAnswers.StatementFile file = statementFile(call);
    Map<String, Object> json = ColendingJson.statement(file.statement());
    json.put("csv_bytes", file.csv().length());
    return Reply.json(200, json);
  }

  Reply statementCsv(Call call) {
    QueryAnswers.StatementFile file = statementFile(call);
    byte[] csv = file.csv().unsafeArray();
    byte[] digest = sha256(csv);
    if (!MessageDigest.isEqual(digest, file.statement().csvSha256().unsafeArray())) {
      throw new IllegalStateException("the stored statement CSV does not hash to its ledger hash");
    }
    String date = QueryAnswers.isoDate(file.statement().day());
    Reply.Full reply =
        new Reply.Full(200, "text/csv", csv, Map.of())
            .header(
                "Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(digest) + ":")
            .header(STATEMENT_SHA256_HEADER, HexFormat.of().formatHex(digest))
            .header(
                "Content-Disposition",
                "attachment; filename=\"" + file.statement().agreement() + "-" + date + ".csv\"");
    return reply;
  }

  /** The header carrying the statement CSV's SHA-256 (hex), as recorded on the ledger. */
  static final String STATEMENT_SHA256_HEADER = "X-Entente-Statement-Sha256";

  private QueryAnswers.StatementFile statementFile(Call call) {
    QueryAnswers.AgreementView agreement = agreement(call);
    int day = date(call.path("date"), "date");
    return QueryAnswers.statement(
        ask(call, Requests.QueryRequest.statement(agreement.terms().id(), day)));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  // ---------------------------------------------------------------- events

  /**
   * The co-lending events of one agreement (matches, breaks, alerts, statements, agreement status,
   * holds, bank statements received), one SSE event per application event, named by its type; the
   * last event of each height carries {@code id: <height>}, so resuming from {@code Last-Event-ID +
   * 1} loses nothing.
   */
  Reply stream(Call call) {
    String agreement = agreement(call).terms().id();
    return events.open(call, (height, block, emitted) -> render(agreement, height, block, emitted));
  }

  private static String render(
      String agreement, long height, CertifiedBlock block, List<ApplicationEvent> emitted) {
    List<String> lines = new ArrayList<>();
    for (ApplicationEvent event : emitted) {
      if (!event.application().equals(ColendingApplication.NAME)
          || !STREAMED.contains(event.type())) {
        continue;
      }
      List<String> fields;
      try {
        fields = QueryAnswers.eventFields(event.data());
      } catch (RuntimeException e) {
        continue;
      }
      if (!agreement.equals(QueryAnswers.eventAgreement(event.type(), fields))) {
        continue;
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("type", event.type());
      json.put("height", height);
      json.put("tx_index", event.txIndex());
      json.put("agreement", agreement);
      json.put("fields", fields);
      lines.add(
          "event: "
              + event.type()
              + "\n"
              + "data: "
              + new String(Json.write(json), StandardCharsets.UTF_8)
              + "\n");
    }
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      out.append(lines.get(i));
      if (i == lines.size() - 1) {
        out.append("id: ").append(height).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- helpers

  private Reply action(Call call, Role role, String type, Bytes content, String key, boolean wait) {
    return submit.signAndSubmit(
        call.principal(),
        role,
        call.path("channel"),
        ColendingApplication.NAME,
        type,
        content,
        key,
        IDEMPOTENCY_KEY,
        ApiLimits.USER_REQUEST_VALIDITY_DEFAULT,
        wait,
        true);
  }

  static String idempotencyKey(Call call) {
    return call.header(IDEMPOTENCY_KEY)
        .orElseThrow(
            () ->
                ApiProblem.invalidField(
                    IDEMPOTENCY_KEY, "required: one key per action, the same on a retry"));
  }

  /** The agreement of the path, if the caller's institution is a party to it; 404 otherwise. */
  private QueryAnswers.AgreementView agreement(Call call) {
    String id = ref(call.path("agreement"), "agreement");
    return QueryAnswers.agreement(ask(call, Requests.QueryRequest.agreement(id)));
  }

  /** The break of the path, if it belongs to the agreement of the path; 404 otherwise. */
  private QueryAnswers.BreakView breakOf(Call call, QueryAnswers.AgreementView agreement) {
    String id = ref(call.path("break"), "break");
    QueryAnswers.BreakView found =
        QueryAnswers.breakView(ask(call, Requests.QueryRequest.breakById(id)));
    if (!found.agreement().equals(agreement.terms().id())) {
      throw notFound("agreement " + agreement.terms().id() + " has no break " + id);
    }
    return found;
  }

  /**
   * Asks the channel's application as the caller. A refusal because the caller is not a party, or
   * because the thing does not exist, is a 404 either way (no probing of others' agreements).
   */
  private Bytes ask(Call call, Requests.QueryRequest query) {
    String channel = call.path("channel");
    Principal principal = call.principal();
    Application.QueryResult result =
        backend
            .query(
                channel,
                new Application.Caller(principal.institution(), principal.username()),
                Requests.QueryRequest.CODEC.encode(query))
            .orElseThrow(() -> ReadEndpoints.unknownChannel(channel));
    if (result.check() instanceof Check.Rejected rejected) {
      switch (rejected.reason()) {
        case NodeBackend.QUERY_BUSY ->
            throw ApiProblem.unavailable(
                "busy",
                "The channel is busy",
                "channel " + channel + " could not answer in time; retry later",
                ApiLimits.BUSY_RETRY_AFTER);
        case "malformed-query" -> throw ApiProblem.invalidRequest(rejected.detail());
        // Past the party check (every kind but BREAK, whose lookup comes first), the detail (a
        // day not closed, an agreement not yet active) tells a party only about its own.
        case "not-found" ->
            throw notFound(
                query.kind() == Requests.QueryKind.BREAK
                    ? describe(query) + " in channel " + channel
                    : rejected.detail());
        default -> throw notFound(describe(query) + " in channel " + channel);
      }
    }
    return result.result();
  }

  private static String describe(Requests.QueryRequest query) {
    return switch (query.kind()) {
      case BREAK -> "no break " + query.breakId() + " of an agreement of yours";
      case AGREEMENTS -> "no agreements";
      case STATEMENT ->
          "no closed statement of "
              + QueryAnswers.isoDate(query.day())
              + " for "
              + query.agreement();
      default -> "no agreement " + query.agreement() + " of yours";
    };
  }

  private static ApiProblem notFound(String detail) {
    return ApiProblem.notFound(detail).with("reason", "unknown-agreement-or-break");
  }

  private static String ref(String value, String field) {
    if (!REF.matcher(value).matches()) {
      throw ApiProblem.invalidField(field, "1 to 64 of A-Z a-z 0-9 . _ : -");
    }
    return value;
  }

  private static int date(String text, String field) {
    if (!DATE.matcher(text).matches()) {
      throw ApiProblem.invalidField(field, "expected yyyy-MM-dd");
    }
    try {
      return QueryAnswers.parseDate(text);
    } catch (RuntimeException e) {
      throw ApiProblem.invalidField(field, "not a calendar date");
    }
  }

  private static int limit(Call call) {
    return limit(call, ColendingLimits.QUERY_PAGE_MAX);
  }

  /** The {@code limit} parameter, 1 to {@code max}; 0 (the application's default) when absent. */
  private static int limit(Call call, int max) {
    Optional<String> text = call.query("limit");
    if (text.isEmpty()) {
      return 0;
    }
    try {
      int limit = Integer.parseInt(text.get());
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.invalidField("limit", "1 to " + max);
  }

  private static String cursor(Call call) {
    return call.query("cursor").map(cursor -> ref(cursor, "cursor")).orElse("");
  }
}
