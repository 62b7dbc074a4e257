package io.entente.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import io.entente.core.codec.CodecException;
import io.entente.node.api.ApiJson.SubmitRequest;
import io.entente.node.api.ApiJson.SubmitResultJson;
import io.entente.node.api.ApiJson.SubmitResultsJson;
import io.entente.node.api.ApiJson.UserRequest;
import io.entente.node.auth.Principal;
import io.entente.node.auth.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Submitting: pre-signed transactions, and requests the node signs for the authenticated user.
 * Everything is checked before the backend sees it, so a request answered with a 4xx problem has
 * changed nothing.
 */
final class SubmitEndpoints {
  private static final System.Logger LOG = System.getLogger(SubmitEndpoints.class.getName());

  /**
   * The API's own bound on a commit wait, a little past the deadline it gives the backend, so that
   * a backend that never completes a wait still lets the request end.
   */
  private static final Duration COMMIT_WAIT_SAFETY = ApiLimits.COMMIT_WAIT_MAX.plusSeconds(1);

  private final NodeBackend backend;
  private final Clock clock;

  SubmitEndpoints(NodeBackend backend, Clock clock) {
    this.backend = backend;
    this.clock = clock;
  }

  Reply transactions(Call call) throws Exception {
    String channel = call.path("channel");
    boolean waitForCommit = waitForCommit(call);
    requireReady();
    SubmitRequest request =
        Json.parse(call.jsonBody(ApiLimits.SUBMIT_BODY_BYTES_MAX), SubmitRequest.class);
    boolean single = request.transaction() != null;
    if (single == (request.transactions() != null)) {
      throw ApiProblem.invalidRequest("give exactly one of 'transaction' and 'transactions'");
    }
    List<Transaction> transactions = new ArrayList<>();
    if (single) {
      transactions.add(decode(request.transaction(), "transaction", channel));
    } else {
      List<String> encoded = request.transactions();
      if (encoded.isEmpty() || encoded.size() > ApiLimits.SUBMIT_TRANSACTIONS_MAX) {
        throw ApiProblem.invalidField(
            "transactions", "give 1 to " + ApiLimits.SUBMIT_TRANSACTIONS_MAX + " transactions");
      }
      for (int i = 0; i < encoded.size(); i++) {
        String field = "transactions[" + i + "]";
        transactions.add(decode(Json.required(encoded.get(i), field), field, channel));
      }
    }
    return answer(channel, transactions, single, waitForCommit, false);
  }

  Reply userRequest(Call call) throws Exception {
    String channel = call.path("channel");
    boolean waitForCommit = waitForCommit(call);
    Principal principal = call.principal();
    requireReady();
    UserRequest request =
        Json.parse(call.jsonBody(ApiLimits.USER_REQUEST_BODY_BYTES_MAX), UserRequest.class);
    Role role = actingAs(principal, Json.required(request.actingAs(), "actingAs"));
    String application = Json.required(request.application(), "application");
    String type = Json.required(request.type(), "type");
    String key = Json.required(request.idempotencyKey(), "idempotencyKey");
    Duration validity = validity(request.validitySeconds());
    Bytes content = content(request.payload(), request.payloadBase64());
    return signAndSubmit(
        principal,
        role,
        channel,
        application,
        type,
        content,
        key,
        "idempotencyKey",
        validity,
        waitForCommit,
        false);
  }

  /**
   * Signs a request of {@code principal} acting as {@code role} with the node's client key and
   * submits it to {@code channel}: the path of {@code POST /v1/channels/{channel}/requests}, shared
   * by the co-lending endpoints. The caller has checked the role; this checks the institution, the
   * idempotency key ({@code keyField} names where it came from) and the signer.
   *
   * @param refusalIsProblem answer a request that committed but was refused when its block executed
   *     (its receipt is rejected) with 422 {@code rejected-at-execution} instead of 200 with the
   *     receipt: the co-lending actions, whose callers act on "done" (a granted hold is disbursed)
   */
  Reply signAndSubmit(
      Principal principal,
      Role role,
      String channel,
      String application,
      String type,
      Bytes content,
      String key,
      String keyField,
      Duration validity,
      boolean waitForCommit,
      boolean refusalIsProblem) {
    if (!principal.institution().equals(backend.institution())) {
      throw ApiProblem.forbidden(
              "this node signs for users of "
                  + backend.institution()
                  + " only, not of "
                  + principal.institution())
          .with("reason", "other-institution");
    }
    RequestSigner signer =
        backend
            .requestSigner()
            .orElseThrow(
                () -> ApiProblem.notImplemented("this node has no client key to sign requests"));
    int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (keyBytes == 0 || keyBytes > ApiLimits.USER_IDEMPOTENCY_KEY_BYTES_MAX) {
      throw ApiProblem.invalidField(
          keyField, "1 to " + ApiLimits.USER_IDEMPOTENCY_KEY_BYTES_MAX + " UTF-8 bytes");
    }
    if (content.length() > ApiLimits.USER_REQUEST_CONTENT_BYTES_MAX) {
      throw ApiProblem.tooLarge(
          "a request's content is at most " + ApiLimits.USER_REQUEST_CONTENT_BYTES_MAX + " bytes");
    }
    Transaction transaction;
    try {
      transaction =
          UserRequests.sign(
              backend.suite(),
              signer,
              principal.username(),
              role.label(),
              channel,
              application,
              type,
              content,
              key,
              clock.instant(),
              validity);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidRequest(e.getMessage());
    }
    return answer(channel, List.of(transaction), true, waitForCommit, refusalIsProblem);
  }

  private static Role actingAs(Principal principal, String label) {
    Role role;
    try {
      role = Role.fromLabel(label);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("actingAs", "expected 'submitter' or 'approver'");
    }
    if (role != Role.SUBMITTER && role != Role.APPROVER) {
      throw ApiProblem.invalidField("actingAs", "expected 'submitter' or 'approver'");
    }
    if (!principal.user().roles().contains(role)) {
      throw ApiProblem.forbidden(
              "user " + principal.username() + " does not hold the role " + role.label())
          .with("reason", "missing-role");
    }
    return role;
  }

  private static Duration validity(Long seconds) {
    if (seconds == null) {
      return ApiLimits.USER_REQUEST_VALIDITY_DEFAULT;
    }
    long max = ApiLimits.USER_REQUEST_VALIDITY_MAX.toSeconds();
    if (seconds < 1 || seconds > max) {
      throw ApiProblem.invalidField("validitySeconds", "1 to " + max);
    }
    return Duration.ofSeconds(seconds);
  }

  private static Bytes content(JsonNode json, String base64) {
    boolean hasJson = json != null && !json.isNull();
    if (hasJson == (base64 != null)) {
      throw ApiProblem.invalidRequest("give exactly one of 'payload' (JSON) and 'payloadBase64'");
    }
    Bytes content =
        hasJson ? Bytes.wrapUnsafe(Json.write(json)) : Json.base64(base64, "payloadBase64");
    if (content.length() > ApiLimits.USER_REQUEST_CONTENT_BYTES_MAX) {
      throw ApiProblem.tooLarge(
              "a request payload is at most " + ApiLimits.USER_REQUEST_CONTENT_BYTES_MAX + " bytes")
          .with("field", hasJson ? "payload" : "payloadBase64");
    }
    return content;
  }

  static boolean waitForCommit(Call call) {
    return call.query("wait")
        .map(
            wait -> {
              if (!wait.equals("commit")) {
                throw ApiProblem.invalidField("wait", "the only value is 'commit'");
              }
              return true;
            })
        .orElse(false);
  }

  void requireReady() {
    Readiness readiness = backend.readiness();
    if (!readiness.ready()) {
      throw ReadEndpoints.notReady(readiness);
    }
  }

  private static Transaction decode(String base64, String field, String channel) {
    Bytes encoded = Json.base64(base64, field);
    Transaction transaction;
    try {
      transaction = Transaction.CODEC.decode(encoded);
    } catch (CodecException e) {
      throw ApiProblem.invalidField(field, "not a canonical transaction: " + e.getMessage())
          .with("reason", e.reason());
    }
    if (!transaction.body().channel().equals(channel)) {
      throw ApiProblem.invalidField(
          field,
          "the transaction is for channel "
              + transaction.body().channel()
              + ", not "
              + channel
              + " of the URL");
    }
    return transaction;
  }

  // Answers

  private Reply answer(
      String channel,
      List<Transaction> transactions,
      boolean single,
      boolean waitForCommit,
      boolean refusalIsProblem) {
    List<SubmitResult> results = backend.submit(channel, transactions);
    if (results.size() != transactions.size()) {
      throw new IllegalStateException(
          "backend answered " + results.size() + " results for " + transactions.size());
    }
    Duration retryAfter = Duration.ZERO;
    boolean full = false;
    for (SubmitResult result : results) {
      if (result instanceof SubmitResult.MempoolFull mempoolFull) {
        full = true;
        retryAfter =
            retryAfter.compareTo(mempoolFull.retryAfter()) > 0
                ? retryAfter
                : mempoolFull.retryAfter();
      }
    }
    if (full) {
      throw ApiProblem.unavailable(
          "mempool-full",
          "The mempool is full",
          "channel " + channel + " takes no more transactions now; nothing was taken, retry later",
          retryAfter);
    }
    if (!waitForCommit) {
      return single
          ? single(new Outcome(results.get(0), false), refusalIsProblem)
          : Reply.json(
              200, many(results.stream().map(result -> new Outcome(result, false)).toList()));
    }
    Instant deadline = clock.instant().plus(ApiLimits.COMMIT_WAIT_MAX);
    List<CompletableFuture<Outcome>> waits = new ArrayList<>();
    for (SubmitResult result : results) {
      waits.add(awaitIfPending(channel, result, deadline));
    }
    CompletableFuture<Reply.Full> reply =
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
            .thenApply(
                ignored -> {
                  List<Outcome> outcomes = waits.stream().map(CompletableFuture::join).toList();
                  return single
                      ? single(outcomes.get(0), refusalIsProblem)
                      : Reply.json(200, many(outcomes));
                });
    return new Reply.Later(reply);
  }

  /** A result, and whether a wait for its commit ended without one. */
  private record Outcome(SubmitResult result, boolean commitWaitTimedOut) {
    SubmitResultJson json() {
      SubmitResultJson json = SubmitResultJson.of(result);
      return commitWaitTimedOut ? json.timedOut() : json;
    }
  }

  /**
   * The committed result of a transaction that is pending in the mempool, or the result itself. A
   * wait that ends without a commit gives back the pending result, marked as timed out.
   */
  private CompletableFuture<Outcome> awaitIfPending(
      String channel, SubmitResult result, Instant deadline) {
    Hash txId;
    if (result instanceof SubmitResult.Accepted accepted) {
      txId = accepted.txId();
    } else if (result instanceof SubmitResult.Duplicate duplicate
        && duplicate.original() instanceof SubmitResult.Accepted original) {
      txId = original.txId();
    } else {
      return CompletableFuture.completedFuture(new Outcome(result, false));
    }
    return backend
        .awaitCommit(channel, txId, deadline)
        // A backend that forgets its deadline still lets the request end.
        .orTimeout(COMMIT_WAIT_SAFETY.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(
            committed ->
                new Outcome(
                    result instanceof SubmitResult.Duplicate duplicate
                        ? new SubmitResult.Duplicate(duplicate.txId(), committed)
                        : committed,
                    false))
        .exceptionally(
            error -> {
              Throwable cause =
                  error instanceof CompletionException && error.getCause() != null
                      ? error.getCause()
                      : error;
              if (!(cause instanceof TimeoutException)) {
                LOG.log(System.Logger.Level.WARNING, "waiting for a commit failed", cause);
              }
              return new Outcome(result, true);
            });
  }

  private static Reply.Full single(Outcome outcome, boolean refusalIsProblem) {
    SubmitResult result = outcome.result();
    SubmitResultJson json = outcome.json();
    SubmitResult settled =
        result instanceof SubmitResult.Duplicate duplicate ? duplicate.original() : result;
    if (refusalIsProblem
        && settled instanceof SubmitResult.Committed committed
        && committed.refusedAtExecution()) {
      throw ApiProblem.rejectedAtExecution(committed.receipt().code(), committed.receipt().detail())
          .with("txId", json.txId())
          .with("height", committed.height())
          .with("index", committed.index())
          .with("duplicate", json.duplicate());
    }
    if (result instanceof SubmitResult.Conflict conflict) {
      throw ApiProblem.conflict(json.detail())
          .with("txId", json.txId())
          .with("originalTxId", conflict.originalTxId().toHex());
    }
    if (result instanceof SubmitResult.Rejected rejected) {
      throw ApiProblem.rejected(rejected.reason(), rejected.detail()).with("txId", json.txId());
    }
    boolean pending = json.status().equals("accepted");
    return Reply.json(pending ? 202 : 200, json);
  }

  private static SubmitResultsJson many(List<Outcome> outcomes) {
    return new SubmitResultsJson(outcomes.stream().map(Outcome::json).toList());
  }
}
