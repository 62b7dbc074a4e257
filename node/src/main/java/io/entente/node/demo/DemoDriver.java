package io.entente.node.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.colending.generator.ActivityGenerator;
import io.entente.colending.generator.AgreementTerms;
import io.entente.node.bench.ApiSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the generated bank reports at a fixed rate (open loop: what has come due is sent each tick,
 * a backlog of at most {@link DemoLimits#BACKLOG_SECONDS} seconds of the rate is caught up, beyond
 * it the schedule slips and the progress line says so). Each bank's gateway attests its own reports
 * through its own node, one request per bank and agreement per tick, waiting for the commit; the
 * cursor advances and is saved only once every request of the tick is committed (or refused for
 * good), so a rerun resumes after the last committed report. A request sent again has the same body
 * and so the same Idempotency-Key: a duplicate, never a second record.
 */
final class DemoDriver {
  /** What a run of the driver did. */
  record Summary(long sent, long cursor, long refused, boolean exhausted) {}

  private final Path home;
  private final DemoCluster cluster;
  private final DemoActivity activity;
  private final Map<String, ApiSession> gateways;
  private final double rate;
  private final PrintWriter out;

  DemoDriver(
      Path home,
      DemoCluster cluster,
      DemoActivity activity,
      Map<String, ApiSession> gateways,
      double rate,
      PrintWriter out) {
    this.home = home;
    this.cluster = cluster;
    this.activity = activity;
    this.gateways = gateways;
    this.rate = rate;
    this.out = out;
  }

  static LocalDate today() {
    return LocalDate.now(ActivityGenerator.BUSINESS_ZONE);
  }

  /**
   * Sends until {@code stop} is set, {@code limit} reports were committed in this run (a negative
   * limit: no limit) or the generator has nothing more.
   */
  Summary run(DemoState initial, long limit, AtomicBoolean stop)
      throws IOException, InterruptedException {
    DemoState state = initial;
    Iterator<DemoActivity.Report> reports = activity.from(state.cursor(), DemoDriver::today);
    List<DemoActivity.Report> batch = new ArrayList<>();
    long sent = 0;
    long refused = 0;
    long slipped = 0;
    int failedTicks = 0;
    long start = System.nanoTime();
    long nextProgress = start + DemoLimits.PROGRESS_INTERVAL_MS * 1_000_000;
    long backlogMax = Math.max(1, (long) (rate * DemoLimits.BACKLOG_SECONDS));
    while (!stop.get() && (limit < 0 || sent < limit)) {
      long now = System.nanoTime();
      if (now >= nextProgress) {
        progress(sent, state.cursor(), slipped);
        nextProgress = now + DemoLimits.PROGRESS_INTERVAL_MS * 1_000_000;
      }
      if (batch.isEmpty()) {
        long due = (long) (rate * (now - start) / 1e9) + slipped - sent;
        if (due > backlogMax) {
          slipped -= due - backlogMax;
          due = backlogMax;
        }
        long room = limit < 0 ? Long.MAX_VALUE : limit - sent;
        long take = Math.min(Math.min(due, room), DemoLimits.RECORDS_PER_REQUEST_MAX);
        for (long i = 0; i < take && reports.hasNext(); i++) {
          batch.add(reports.next());
        }
        if (batch.isEmpty()) {
          if (!reports.hasNext()) {
            out.println("The generated activity is exhausted; the nodes keep running.");
            out.flush();
            return new Summary(sent, state.cursor(), refused, true);
          }
          Thread.sleep(DemoLimits.TICK_MS); // pacing: nothing is due before the next tick
          continue;
        }
      }
      Tick tick = send(batch);
      refused += tick.refused;
      for (String institution : tick.unauthorized) {
        // A token lives an hour (docs/api.md); a demo runs longer: log in again.
        out.println("  (logging " + institution + "'s gateway in again: its token expired)");
        gateways.put(institution, cluster.session(institution, "gateway"));
      }
      if (tick.retry) {
        failedTicks++;
        if (failedTicks >= DemoLimits.FAILED_TICKS_MAX) {
          throw new IOException(
              "the nodes have refused or not answered "
                  + failedTicks
                  + " times in a row; last: "
                  + tick.problem
                  + " (see the node logs under "
                  + home.resolve(DemoCluster.LOGS)
                  + ")");
        }
        out.println("  (will retry: " + tick.problem + ")");
        out.flush();
        Thread.sleep(DemoLimits.RETRY_PAUSE_MS); // back off before sending the same batch again
        continue;
      }
      failedTicks = 0;
      sent += batch.size();
      state = state.withCursor(state.cursor() + batch.size());
      state.write(home);
      batch.clear();
    }
    progress(sent, state.cursor(), slipped);
    return new Summary(sent, state.cursor(), refused, false);
  }

  private record Tick(
      boolean retry, long refused, String problem, java.util.Set<String> unauthorized) {}

  /** One request per (bank, agreement), all at once; waits for every answer. */
  private Tick send(List<DemoActivity.Report> batch) throws InterruptedException {
    Map<String, List<DemoActivity.Report>> groups = new LinkedHashMap<>();
    for (DemoActivity.Report report : batch) {
      groups
          .computeIfAbsent(report.institution() + " " + report.agreement(), k -> new ArrayList<>())
          .add(report);
    }
    List<CompletableFuture<DemoApi.Answer>> answers = new ArrayList<>();
    List<List<DemoActivity.Report>> sentGroups = new ArrayList<>();
    for (List<DemoActivity.Report> group : groups.values()) {
      DemoActivity.Report first = group.get(0);
      ObjectNode body = DemoApi.JSON.createObjectNode();
      ArrayNode records = body.putArray("records");
      group.forEach(report -> records.add(report.record()));
      answers.add(
          DemoApi.action(
                  gateways.get(first.institution()),
                  DemoApi.agreementPath(first.channel(), first.agreement()) + "/attestations",
                  body,
                  idempotencyKey(body))
              .exceptionally(
                  failure ->
                      new DemoApi.Answer(
                          0,
                          DemoApi.JSON
                              .createObjectNode()
                              .put("detail", String.valueOf(rootCause(failure))))));
      sentGroups.add(group);
    }
    boolean retry = false;
    java.util.Set<String> unauthorized = new java.util.TreeSet<>();
    long refused = 0;
    String problem = "";
    for (int i = 0; i < answers.size(); i++) {
      DemoApi.Answer answer;
      try {
        answer = answers.get(i).join();
      } catch (CompletionException e) {
        answer = new DemoApi.Answer(0, DemoApi.JSON.createObjectNode());
      }
      List<DemoActivity.Report> group = sentGroups.get(i);
      DemoActivity.Report first = group.get(0);
      if (answer.committed()) {
        continue;
      }
      if (answer.status() == 400 || answer.status() == 409 || answer.status() == 422) {
        refused += group.size();
        out.printf(
            "  %s's node refused %d record(s) from number %d: %s%n",
            first.institution(), group.size(), first.number(), answer);
      } else {
        retry = true;
        problem = first.institution() + ": " + answer;
        if (answer.status() == 401) {
          unauthorized.add(first.institution());
        }
      }
    }
    return new Tick(retry, retry ? 0 : refused, problem, unauthorized);
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** {@code demo-} and 40 hex digits of the SHA-256 of the body: the same body, the same key. */
  static String idempotencyKey(ObjectNode body) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(DemoApi.JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
      return "demo-" + HexFormat.of().formatHex(digest, 0, 20);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot derive an idempotency key", e);
    }
  }

  private void progress(long sent, long cursor, long slipped) {
    String matched;
    String open;
    try {
      Counts counts = counts();
      matched = counts.matchedAtCap ? counts.matched + "+" : Long.toString(counts.matched);
      open = Long.toString(counts.openBreaks);
    } catch (IOException e) {
      matched = "?";
      open = "? (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    out.printf(
        "demo: %d records sent this run (%d in all), %s matched today, %s breaks open%s%n",
        sent,
        cursor,
        matched,
        open,
        slipped < 0 ? ", " + (-slipped) + " records behind the rate (the nodes are slower)" : "");
    out.flush();
  }

  /** Matched records of today and open breaks, over every agreement, as lead-bank sees them. */
  record Counts(long matched, boolean matchedAtCap, long openBreaks) {}

  Counts counts() throws IOException, InterruptedException {
    ApiSession lead = gateways.get(DemoCluster.LEAD);
    long matched = 0;
    boolean atCap = false;
    long open = 0;
    for (AgreementTerms terms : activity.agreements()) {
      String path = DemoApi.agreementPath(DemoActivity.channel(terms), terms.agreement());
      DemoApi.Answer records =
          DemoApi.get(lead, path + "/records?date=" + today() + "&state=MATCHED");
      DemoApi.Answer position = DemoApi.get(lead, path + "/position");
      if (records.status() != 200 || position.status() != 200) {
        throw new IOException("lead-bank's node: " + records.status() + "/" + position.status());
      }
      int count = records.body().path("records").size();
      matched += count;
      atCap |= count >= DemoLimits.RECORDS_QUERY_MAX;
      open += position.body().path("open_breaks").asLong();
    }
    return new Counts(matched, atCap, open);
  }
}
