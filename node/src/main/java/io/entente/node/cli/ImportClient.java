package io.entente.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.app.colending.ColendingApplication;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Reader;
import io.entente.node.api.ApiLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The import's side of a node's HTTPS API: requests the node signs for the logged-in user ({@code
 * POST /v1/channels/{channel}/requests?wait=commit}), sent again with the same idempotency key
 * until they are on the ledger or the deadline passes, and the co-lending events of committed
 * transactions (from the event stream).
 */
final class ImportClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The longest one HTTP exchange may take: the node's commit wait and some room. */
  private static final Duration EXCHANGE_TIMEOUT = ApiLimits.COMMIT_WAIT_MAX.plusSeconds(15);

  /** Between attempts after a connection failure, doubling up to the cap. */
  private static final Duration RETRY_PAUSE_MIN = Duration.ofMillis(200);

  private static final Duration RETRY_PAUSE_MAX = Duration.ofSeconds(5);

  /** Events of one committed transaction read from the stream; the app emits far fewer. */
  static final int EVENTS_PER_REQUEST_MAX = 10_000;

  private final HttpClient http;
  private final String base;
  private final String user;
  private final String password;
  private final String actingAs;
  private final Clock clock;

  private String token = "";

  ImportClient(
      HttpClient http, String base, String user, String password, String actingAs, Clock clock) {
    this.http = http;
    this.base = base;
    this.user = user;
    this.password = password;
    this.actingAs = actingAs;
    this.clock = clock;
  }

  /** Logs in; a refused login stops the import. */
  void login() throws IOException, InterruptedException, Stop {
    ObjectNode body = JSON.createObjectNode().put("username", user).put("password", password);
    HttpResponse<String> response =
        http.send(
            post("/v1/auth/tokens", body, Duration.ofSeconds(60)),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new Stop(
          "login as "
              + user
              + " at "
              + base
              + " failed: "
              + response.statusCode()
              + " "
              + parse(response.body()).path("detail").asText());
    }
    token = JSON.readTree(response.body()).path("token").asText();
  }

  private HttpRequest post(String path, JsonNode body, Duration timeout) {
    try {
      return HttpRequest.newBuilder(URI.create(base + path))
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
  }

  /** GETs {@code path} with the token; an exception for anything but 200. */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(EXCHANGE_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** What became of one request. */
  sealed interface Outcome {}

  /** On the ledger at {@code height}, {@code index}; {@code alreadyThere}: by an earlier run. */
  record Committed(long height, int index, boolean alreadyThere) implements Outcome {}

  /**
   * Refused by the node (422), its key was used for another payload (409), or committed with a
   * rejected receipt: the application refused it when its block executed, and it changed nothing.
   */
  record Refused(String reason, String detail) implements Outcome {}

  /** Taken, but not confirmed on the ledger before the deadline: run the import again. */
  record NotConfirmed(String detail) implements Outcome {}

  /** An error that stops the import (a 4xx other than a refusal, a failed login). */
  static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;

    Stop(String message) {
      super(message);
    }
  }

  /**
   * Submits one co-lending request and waits until it is committed, its key is answered as a
   * duplicate of a committed transaction, it is refused, or {@code deadline} passes.
   */
  Outcome submit(String channel, String type, Bytes content, String key, Instant deadline)
      throws Stop, InterruptedException {
    ObjectNode body =
        JSON.createObjectNode()
            .put("application", ColendingApplication.NAME)
            .put("type", type)
            .put("payloadBase64", Base64.getEncoder().encodeToString(content.unsafeArray()))
            .put("idempotencyKey", key)
            .put("actingAs", actingAs)
            .put("validitySeconds", ApiLimits.USER_REQUEST_VALIDITY_MAX.toSeconds());
    String path = "/v1/channels/" + channel + "/requests?wait=commit";
    boolean takenThisRun = false;
    boolean loggedInAgain = false;
    Duration pause = RETRY_PAUSE_MIN;
    String last = "no answer yet";
    while (true) {
      HttpResponse<String> response;
      try {
        response =
            http.send(post(path, body, EXCHANGE_TIMEOUT), HttpResponse.BodyHandlers.ofString());
      } catch (HttpTimeoutException e) {
        last = "the node did not answer within " + EXCHANGE_TIMEOUT.toSeconds() + " s";
        response = null;
      } catch (IOException e) {
        last = "cannot reach the node: " + e;
        response = null;
      }
      if (response != null) {
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status == 200) {
          boolean duplicate = json.path("duplicate").asBoolean(false);
          JsonNode receipt = json.path("receipt");
          if (receipt.path("status").asText().equals("rejected")) {
            return new Refused(
                receipt.path("reason").asText("rejected-at-execution"),
                receipt.path("detail").asText("")
                    + " (committed at height "
                    + json.path("height").asLong()
                    + ", refused when its block executed)");
          }
          return new Committed(
              json.path("height").asLong(), json.path("index").asInt(), duplicate && !takenThisRun);
        } else if (status == 202) {
          takenThisRun |= !json.path("duplicate").asBoolean(false);
          last = "accepted, not yet committed";
          pause = RETRY_PAUSE_MIN;
        } else if (status == 409 || status == 422) {
          return new Refused(
              json.path("reason").asText(status == 409 ? "idempotency-conflict" : "rejected"),
              json.path("detail").asText(response.body()));
        } else if (status == 401 && !loggedInAgain) {
          loggedInAgain = true; // the token expired during a long import
          try {
            login();
          } catch (IOException e) {
            throw new Stop("logging in again failed: " + e.getMessage());
          }
          continue;
        } else if (status == 503) {
          last = "the node is busy: " + json.path("detail").asText();
          pause = retryAfter(response, pause);
        } else {
          throw new Stop(
              "POST " + path + " (" + type + "): " + status + " " + json.path("detail").asText());
        }
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        return new NotConfirmed(last);
      }
      if (response == null || response.statusCode() == 503) {
        // 202 needs no pause: the node itself waited for the commit before answering.
        Thread.sleep(Math.max(1, min(pause, Duration.between(now, deadline)).toMillis()));
        pause = min(pause.multipliedBy(2), RETRY_PAUSE_MAX);
        // A timeout or failed connection may have hidden the node taking the request: then
        // the next answer is a duplicate of this run's own request, still counted as new.
        takenThisRun |= response == null;
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration retryAfter(HttpResponse<String> response, Duration fallback) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(
            seconds -> {
              try {
                // The node's advice is kept; the caller's deadline still bounds the wait.
                return Duration.ofSeconds(Math.max(0, Long.parseLong(seconds.trim())));
              } catch (NumberFormatException e) {
                return fallback;
              }
            })
        .orElse(fallback);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("detail", body);
    }
  }

  /** A co-lending event: its transaction's place and its fields (docs/colending.md, Events). */
  record Event(long height, int txIndex, String type, List<String> fields) {}

  /**
   * The co-lending events that the transactions at {@code places} emitted, read from the event
   * stream between the lowest and highest of their heights. Returns what it read when {@code
   * deadline} passes: the request's timeout covers only the answer's headers, so the stream is read
   * on a thread of its own and closed at the deadline.
   */
  List<Event> events(String channel, Set<Place> places, Instant deadline)
      throws IOException, InterruptedException {
    List<Event> events = new ArrayList<>();
    if (places.isEmpty()) {
      return events;
    }
    long from = places.stream().mapToLong(Place::height).min().orElseThrow();
    long to = places.stream().mapToLong(Place::height).max().orElseThrow();
    Duration left = Duration.between(clock.instant(), deadline);
    if (left.isNegative() || left.isZero()) {
      return events;
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(base + "/v1/channels/" + channel + "/events?from_height=" + from))
            .timeout(left)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException("GET events: " + response.statusCode());
    }
    List<Event> read = java.util.Collections.synchronizedList(events);
    Stream<String> lines = response.body();
    java.util.concurrent.CompletableFuture<Void> reading =
        new java.util.concurrent.CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                readEvents(lines, places, to, read);
                reading.complete(null);
              } catch (IOException | RuntimeException e) {
                reading.completeExceptionally(e);
              }
            },
            "import-events");
    reader.setDaemon(true);
    reader.start();
    try {
      Duration wait = Duration.between(clock.instant(), deadline);
      reading.get(Math.max(1, wait.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // What was read so far is the answer; closing ends the reader's blocked read.
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("reading the event stream failed", e.getCause());
    } finally {
      lines.close();
    }
    synchronized (read) {
      return new ArrayList<>(read);
    }
  }

  /** Reads the stream until the block {@code to} ends; adds the events of {@code places}. */
  private static void readEvents(
      Stream<String> lines, Set<Place> places, long to, List<Event> events) throws IOException {
    try (lines) {
      String event = "";
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.startsWith("event: ")) {
          event = line.substring("event: ".length());
        } else if (line.startsWith("data: ") && event.equals("application")) {
          JsonNode data = JSON.readTree(line.substring("data: ".length()));
          Place place = new Place(data.path("height").asLong(), data.path("txIndex").asInt());
          if (places.contains(place)
              && ColendingApplication.NAME.equals(data.path("application").asText())
              && events.size() < EVENTS_PER_REQUEST_MAX * places.size()) {
            events.add(
                new Event(
                    place.height(),
                    place.txIndex(),
                    data.path("type").asText(),
                    fields(Base64.getDecoder().decode(data.path("data").asText()))));
          }
        } else if (line.startsWith("id: ") && event.equals("block")) {
          if (Long.parseLong(line.substring("id: ".length()).trim()) >= to) {
            break;
          }
        } else if (line.startsWith("data: ") && event.equals("error")) {
          throw new IOException("the event stream ended: " + line);
        }
      }
    }
  }

  /** Where a committed transaction is. */
  record Place(long height, int txIndex) {}

  /** The co-lending event-data encoding: tag 0x8A, version 1, a list of strings. */
  static List<String> fields(byte[] data) {
    Reader reader = new Reader(data);
    int tag = reader.u8("tag");
    int version = reader.u8("version");
    if (tag != 0x8A || version != 1) {
      return List.of("(event data tag " + tag + " version " + version + ")");
    }
    List<String> fields = reader.list(32, "fields", r -> r.string(1024, "field"));
    reader.expectEnd("event data");
    return fields;
  }
}
