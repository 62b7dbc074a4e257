package io.entente.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.app.governance.Change;
import io.entente.app.governance.GovernanceApplication;
import io.entente.app.governance.GovernanceQueries;
import io.entente.app.governance.GovernanceRequests;
import io.entente.app.governance.GovernanceState;
import io.entente.consensus.app.Application;
import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.check.Check;
import io.entente.core.crypto.PublicKey;
import io.entente.core.governance.Member;
import io.entente.core.governance.NodeEntry;
import io.entente.core.governance.Role;
import io.entente.core.pki.Revocation;
import io.entente.node.auth.Principal;
import io.entente.node.consortium.ConfigException;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.OrganizationBundle;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * Consortium governance under {@code /v1/governance}: proposals, votes and members (docs/api.md,
 * "Governance"; docs/governance.md). Proposals and votes are node-signed user requests on the
 * governance channel ({@link SubmitEndpoints#signAndSubmit}) by a user with the {@code admin} role,
 * with the {@code Idempotency-Key} header as the request's idempotency key. Reads are governance
 * queries, open to every user whose institution is a member of the governance channel.
 */
final class GovernanceEndpoints {
  static final String CHANNEL = ConsortiumSpec.GOVERNANCE_CHANNEL;

  /** The proposals a list shows at most. */
  static final int LIST_MAX = 100;

  static final int LIST_DEFAULT = 20;

  /**
   * How many of the latest proposals a listing looks at, at most: with a status filter that few
   * match, the scan stops here rather than read the whole history one query at a time.
   */
  static final int LIST_SCAN_MAX = 500;

  private static final Set<String> PROPOSAL_FIELDS =
      Set.of(
          "kind",
          "bundle",
          "role",
          "institution",
          "issuer",
          "serial",
          "nodeId",
          "tlsKeyFingerprint",
          "validatorKey",
          "channel",
          "parameters");

  private final NodeBackend backend;
  private final SubmitEndpoints submit;
  private final Clock clock;

  GovernanceEndpoints(NodeBackend backend, SubmitEndpoints submit, Clock clock) {
    this.backend = backend;
    this.submit = submit;
    this.clock = clock;
  }

  List<Route> routes() {
    String base = "/v1/governance/proposals";
    return List.of(
        new Route("POST", base, Route.Access.MANAGE, this::propose),
        new Route("GET", base, Route.Access.READ, this::list),
        new Route("GET", base + "/{id}", Route.Access.READ, this::view),
        new Route("POST", base + "/{id}/votes", Route.Access.MANAGE, this::vote),
        new Route("GET", "/v1/governance/members", Route.Access.READ, this::members),
        new Route("GET", "/v1/governance/nodes", Route.Access.READ, this::nodes));
  }

  // ---------------------------------------------------------------- actions

  Reply propose(Call call) throws Exception {
    requireMember(call.principal());
    boolean wait = SubmitEndpoints.waitForCommit(call);
    String key = ColendingEndpoints.idempotencyKey(call);
    submit.requireReady();
    ColendingJson.Body body =
        ColendingJson.Body.parse(
            call.jsonBody(OrganizationBundle.BYTES_MAX + ApiLimits.SMALL_BODY_BYTES_MAX),
            PROPOSAL_FIELDS);
    Change change = change(body, call.principal().user().institution());
    return withOutcome(
        action(call, GovernanceApplication.PROPOSE, GovernanceRequests.propose(change), key, wait));
  }

  Reply vote(Call call) throws Exception {
    requireMember(call.principal());
    long id = proposalId(call);
    boolean wait = SubmitEndpoints.waitForCommit(call);
    String key = ColendingEndpoints.idempotencyKey(call);
    submit.requireReady();
    ColendingJson.Body body =
        ColendingJson.Body.parse(call.jsonBody(ApiLimits.SMALL_BODY_BYTES_MAX), Set.of("vote"));
    String vote = body.text("vote");
    if (!vote.equals("yes") && !vote.equals("no")) {
      throw ApiProblem.invalidField("vote", "'yes' or 'no'");
    }
    return withOutcome(
        action(
            call,
            GovernanceApplication.VOTE,
            GovernanceRequests.vote(id, vote.equals("yes")),
            key,
            wait));
  }

  private OrganizationBundle bundle(ColendingJson.Body body) {
    JsonNode bundleJson = body.node("bundle");
    if (bundleJson == null || !bundleJson.isObject()) {
      throw ApiProblem.invalidField("bundle", "required: the bundle.json of `entente org new`");
    }
    try {
      return OrganizationBundle.parse(
          new String(Json.write(bundleJson), StandardCharsets.UTF_8),
          "bundle",
          backend.suite().id(),
          clock.millis());
    } catch (ConfigException e) {
      throw ApiProblem.invalidField("bundle", e.getMessage());
    }
  }

  /**
   * A node of the caller's institution: from a bundle ({@code entente org new}) by its id, or named
   * by its TLS key fingerprint and validator key. Only the node's own institution may propose it;
   * the application refuses any other ({@code governance-not-own-institution}).
   */
  private NodeEntry registration(ColendingJson.Body body, String institution) {
    String nodeId = identifier(body, "nodeId");
    if (body.node("bundle") != null) {
      OrganizationBundle bundle = bundle(body);
      for (OrganizationBundle.BundleNode node : bundle.nodes()) {
        if (node.nodeId().equals(nodeId)) {
          return node.entry(bundle.institution());
        }
      }
      throw ApiProblem.invalidField("nodeId", "the bundle has no node " + nodeId);
    }
    Hash fingerprint;
    try {
      fingerprint = Hash.fromHex(body.text("tlsKeyFingerprint"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("tlsKeyFingerprint", "64 hex digits (SHA-256 of the TLS key)");
    }
    PublicKey validatorKey;
    try {
      validatorKey = new PublicKey(backend.suite().id(), Bytes.fromHex(body.text("validatorKey")));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField(
          "validatorKey", "the compressed validator public key in hex: " + e.getMessage());
    }
    try {
      return new NodeEntry(nodeId, institution, fingerprint, validatorKey);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidRequest(e.getMessage());
    }
  }

  private Change change(ColendingJson.Body body, String institution) {
    String kind = body.text("kind");
    return switch (kind) {
      case "register-node" -> new Change.RegisterNode(registration(body, institution));
      case "admit-member" -> {
        OrganizationBundle bundle = bundle(body);
        Role role = role(body.text("role", "partner"));
        // The bundle's client certificate is registered with the member: every node admits the
        // new bank's signed transactions from the block that approves it.
        yield new Change.AdmitMember(
            new Member(bundle.institution(), role, bundle.caCertificate()),
            List.of(bundle.clientCertificate()));
      }
      case "remove-member" -> new Change.RemoveMember(identifier(body, "institution"));
      case "revoke-certificate" -> {
        BigInteger serial;
        try {
          serial = new BigInteger(body.text("serial"), 16);
        } catch (NumberFormatException e) {
          throw ApiProblem.invalidField("serial", "the serial number in hex");
        }
        try {
          yield new Change.RevokeCertificate(new Revocation(body.text("issuer"), serial));
        } catch (IllegalArgumentException e) {
          throw ApiProblem.invalidRequest(e.getMessage());
        }
      }
      case "promote-node" ->
          new Change.PromoteNode(identifier(body, "nodeId"), identifier(body, "channel"));
      case "demote-node" ->
          new Change.DemoteNode(identifier(body, "nodeId"), identifier(body, "channel"));
      case "remove-node" -> new Change.RemoveNode(identifier(body, "nodeId"));
      case "set-parameters" -> {
        JsonNode parameters = body.node("parameters");
        if (parameters == null || !parameters.isObject() || parameters.isEmpty()) {
          throw ApiProblem.invalidField("parameters", "an object of parameter name to integer");
        }
        List<Change.Setting> settings = new ArrayList<>();
        try {
          for (var fields = parameters.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (!field.getValue().isIntegralNumber() || !field.getValue().canConvertToLong()) {
              throw ApiProblem.invalidField("parameters." + field.getKey(), "an integer");
            }
            settings.add(new Change.Setting(field.getKey(), field.getValue().asLong()));
          }
          yield new Change.SetParameters(settings);
        } catch (IllegalArgumentException e) {
          throw ApiProblem.invalidField("parameters", e.getMessage());
        }
      }
      default ->
          throw ApiProblem.invalidField(
              "kind",
              "one of admit-member, remove-member, register-node, revoke-certificate,"
                  + " promote-node, demote-node, remove-node, set-parameters");
    };
  }

  private static Role role(String label) {
    for (Role role : Role.values()) {
      if (role.label().equals(label)) {
        return role;
      }
    }
    throw ApiProblem.invalidField("role", "one of lead, partner, witness");
  }

  private static String identifier(ColendingJson.Body body, String field) {
    String value = body.text(field);
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > CoreLimits.IDENTIFIER_BYTES_MAX) {
      throw ApiProblem.invalidField(field, "1 to " + CoreLimits.IDENTIFIER_BYTES_MAX + " bytes");
    }
    return value;
  }

  private Reply action(Call call, String type, Bytes content, String key, boolean wait) {
    return submit.signAndSubmit(
        call.principal(),
        io.entente.node.auth.Role.ADMIN,
        CHANNEL,
        GovernanceApplication.NAME,
        type,
        content,
        key,
        ColendingEndpoints.IDEMPOTENCY_KEY,
        ApiLimits.USER_REQUEST_VALIDITY_DEFAULT,
        wait,
        true);
  }

  /**
   * The answer of a proposal or vote, with what it did to its proposal when it committed: {@code
   * proposal: {id, status}} from the receipt's outcome, or {@code decision} (its number) when the
   * vote approved a change that became a decision.
   */
  private static Reply withOutcome(Reply reply) {
    if (reply instanceof Reply.Full full) {
      return annotate(full);
    }
    if (reply instanceof Reply.Later later) {
      return new Reply.Later(later.future().thenApply(GovernanceEndpoints::annotate));
    }
    return reply;
  }

  private static Reply.Full annotate(Reply.Full full) {
    if (full.status() != 200 || !Reply.JSON.equals(full.contentType())) {
      return full;
    }
    JsonNode tree = Json.parse(full.body(), JsonNode.class);
    JsonNode result = tree.path("receipt").path("resultBase64");
    if (!(tree instanceof ObjectNode object) || !result.isTextual()) {
      return full;
    }
    Bytes bytes = Bytes.wrapUnsafe(Base64.getDecoder().decode(result.asText()));
    try {
      GovernanceRequests.Outcome outcome = GovernanceRequests.decodeOutcome(bytes);
      ObjectNode proposal = object.putObject("proposal");
      proposal.put("id", outcome.proposalId());
      proposal.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
    } catch (RuntimeException notAnOutcome) {
      try {
        object.put("decision", GovernanceDecision.CODEC.decode(bytes).sequence());
      } catch (RuntimeException neither) {
        return full;
      }
    }
    return new Reply.Full(full.status(), full.contentType(), Json.write(object), full.headers());
  }

  // ---------------------------------------------------------------- reads

  Reply list(Call call) {
    requireMember(call.principal());
    int limit = limit(call);
    Optional<GovernanceState.ProposalStatus> status = status(call);
    GovernanceState.Counters counters =
        GovernanceState.Counters.decode(
            ask(call, GovernanceQueries.request(GovernanceQueries.Kind.COUNTERS)).orElseThrow());
    List<Map<String, Object>> items = new ArrayList<>();
    long scanFrom = Math.max(1, counters.lastProposal() - LIST_SCAN_MAX + 1);
    for (long id = counters.lastProposal(); id >= scanFrom && items.size() < limit; id--) {
      Optional<Bytes> found =
          ask(call, GovernanceQueries.request(GovernanceQueries.Kind.PROPOSAL, id));
      if (found.isEmpty()) {
        continue;
      }
      GovernanceState.ProposalRecord proposal =
          GovernanceState.ProposalRecord.decode(found.get(), backend.suite().id());
      if (status.isEmpty() || status.get() == proposal.status()) {
        items.add(GovernanceJson.proposal(proposal));
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("proposals", items);
    json.put("lastProposalId", counters.lastProposal());
    json.put("lastDecision", counters.lastDecision());
    return Reply.json(200, json);
  }

  Reply view(Call call) {
    requireMember(call.principal());
    long id = proposalId(call);
    Bytes found =
        ask(call, GovernanceQueries.request(GovernanceQueries.Kind.PROPOSAL, id))
            .orElseThrow(
                () -> ApiProblem.notFound("no proposal " + id).with("reason", "unknown-proposal"));
    return Reply.json(
        200,
        GovernanceJson.proposal(
            GovernanceState.ProposalRecord.decode(found, backend.suite().id())));
  }

  Reply members(Call call) {
    requireMember(call.principal());
    Bytes answer =
        ask(call, GovernanceQueries.request(GovernanceQueries.Kind.MEMBERS)).orElseThrow();
    List<Map<String, Object>> items = new ArrayList<>();
    for (Bytes value : GovernanceQueries.decodeList(answer)) {
      items.add(GovernanceJson.member(GovernanceState.MemberRecord.decode(value)));
    }
    return Reply.json(200, Map.of("members", items));
  }

  /**
   * The nodes in service, with their roles in the open channels the caller's institution is a
   * member of (a bilateral channel's name stays with its parties).
   */
  Reply nodes(Call call) {
    requireMember(call.principal());
    Bytes nodes = ask(call, GovernanceQueries.request(GovernanceQueries.Kind.NODES)).orElseThrow();
    Bytes channels =
        ask(call, GovernanceQueries.request(GovernanceQueries.Kind.CHANNELS)).orElseThrow();
    List<GovernanceState.ChannelRecord> open = new ArrayList<>();
    for (Bytes value : GovernanceQueries.decodeList(channels)) {
      GovernanceState.ChannelRecord channel = GovernanceState.ChannelRecord.decode(value);
      if (channel.status() == GovernanceState.Status.ACTIVE
          && channel.definition().members().contains(call.principal().user().institution())) {
        open.add(channel);
      }
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (Bytes value : GovernanceQueries.decodeList(nodes)) {
      items.add(
          GovernanceJson.node(
              GovernanceState.NodeRecord.decode(value, backend.suite().id()), open));
    }
    return Reply.json(200, Map.of("nodes", items));
  }

  private static long proposalId(Call call) {
    String text = call.path("id");
    try {
      long id = Long.parseLong(text);
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.invalidField("id", "a proposal id: a positive integer");
  }

  private static int limit(Call call) {
    Optional<String> text = call.query("limit");
    if (text.isEmpty()) {
      return LIST_DEFAULT;
    }
    try {
      int limit = Integer.parseInt(text.get());
      if (limit >= 1 && limit <= LIST_MAX) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.invalidField("limit", "1 to " + LIST_MAX);
  }

  private static Optional<GovernanceState.ProposalStatus> status(Call call) {
    Optional<String> text = call.query("status");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (GovernanceState.ProposalStatus status : GovernanceState.ProposalStatus.values()) {
      if (status.name().toLowerCase(Locale.ROOT).equals(text.get())) {
        return Optional.of(status);
      }
    }
    throw ApiProblem.invalidField("status", "one of open, approved, rejected, expired, refused");
  }

  /** The caller's institution must be a member of the governance channel this node serves. */
  private void requireMember(Principal principal) {
    SortedSet<String> members =
        backend
            .channelInstitutions(CHANNEL)
            .orElseThrow(
                () ->
                    ApiProblem.notFound("this node serves no governance channel")
                        .with("reason", "unknown-channel"));
    if (!members.contains(principal.institution())) {
      throw ApiProblem.forbidden(
              "institution " + principal.institution() + " is not a member of the consortium")
          .with("reason", "not-a-member");
    }
  }

  /** A governance query as the caller: the answer, or empty when the state has no such value. */
  private Optional<Bytes> ask(Call call, Bytes request) {
    Principal principal = call.principal();
    Application.QueryResult result =
        backend
            .query(
                CHANNEL,
                new Application.Caller(principal.institution(), principal.username()),
                request)
            .orElseThrow(() -> ReadEndpoints.unknownChannel(CHANNEL));
    if (result.check() instanceof Check.Rejected rejected) {
      switch (rejected.reason()) {
        case NodeBackend.QUERY_BUSY ->
            throw ApiProblem.unavailable(
                "busy",
                "The channel is busy",
                "the governance channel could not answer in time; retry later",
                ApiLimits.BUSY_RETRY_AFTER);
        case GovernanceQueries.NOT_FOUND -> {
          return Optional.empty();
        }
        default -> throw ApiProblem.invalidRequest(rejected.detail());
      }
    }
    return Optional.of(result.result());
  }
}
