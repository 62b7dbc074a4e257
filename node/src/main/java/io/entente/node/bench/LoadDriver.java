package io.entente.node.bench;

import io.entente.core.chain.Transaction;
import io.entente.node.api.ApiLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends pre-signed batches through the API, each institution's part round-robin over that
 * institution's nodes: a closed loop with a fixed number of batches in flight, or an open loop at a
 * fixed record rate. A batch's latency runs from when it was due to be sent (in the open loop its
 * schedule, so a slow cluster cannot hide its queueing) until the nodes answered that every
 * transaction in it committed. When all parts of a batch are sent, its records are handed to the
 * {@link MatchWatch} as submitted by the second bank.
 */
final class LoadDriver {
  /** One committed batch: when it was due, when its commit answer came, how many records. */
  record Completion(long dueNanos, long doneNanos, int records) {}

  /** All completions of a run, with the nanoTime it started and ended. */
  record Run(long startNanos, long endNanos, List<Completion> completions) {}

  private static final long AWAIT_ALL_MS =
      BenchLimits.BATCH_COMMIT_DEADLINE_MS + BenchLimits.SUBMIT_TIMEOUT_MS;
  private static final long BATCH_DEADLINE_NANOS =
      TimeUnit.MILLISECONDS.toNanos(BenchLimits.BATCH_COMMIT_DEADLINE_MS);

  private final Map<String, List<BenchApi>> apis;
  private final String channel;
  private final MatchWatch matches;
  private final BenchSettings settings;
  private final PrintWriter progress;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "bench-timer");
            thread.setDaemon(true);
            return thread;
          });
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicLong committedRecords = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger nextApi = new AtomicInteger();

  LoadDriver(
      Map<String, List<BenchApi>> apis,
      String channel,
      MatchWatch matches,
      BenchSettings settings,
      PrintWriter progress) {
    this.apis = Map.copyOf(apis);
    this.channel = channel;
    this.matches = matches;
    this.settings = settings;
    this.progress = progress;
  }

  /** Sends each part and waits for its commit before the next (the agreement's set-up). */
  void setup(List<Workload.Part> parts) throws IOException, InterruptedException {
    for (Workload.Part part : parts) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      sendPart(
          part.institution(), part.transactions(), done, System.nanoTime() + BATCH_DEADLINE_NANOS);
      try {
        done.get(AWAIT_ALL_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IOException("setting up the workload: " + e.getMessage(), e);
      }
    }
    failure.set(null);
  }

  /** Sends the batches until all are sent or the duration is over, then waits for the answers. */
  Run run(List<Workload.Batch> batches) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(settings.durationSeconds());
    var reporter = timer.scheduleAtFixedRate(() -> report(start), 1, 1, TimeUnit.SECONDS);
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    try {
      Semaphore permits = new Semaphore(settings.outstanding());
      for (int b = 0; b < batches.size() && failure.get() == null; b++) {
        long due = settings.openLoop() ? awaitSchedule(start, b) : awaitPermit(permits);
        if (due > end) {
          break;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((ok, error) -> permits.release());
        send(batches.get(b), due, done);
        sent.add(done);
      }
      awaitAll(sent);
    } finally {
      reporter.cancel(false);
      timer.shutdownNow();
    }
    if (failure.get() != null) {
      throw new IOException(failure.get());
    }
    return new Run(start, System.nanoTime(), List.copyOf(completions));
  }

  private long awaitPermit(Semaphore permits) throws InterruptedException {
    permits.acquire();
    return System.nanoTime();
  }

  /** Waits until batch {@code b} is due at the configured rate; returns when it was due. */
  private long awaitSchedule(long start, int b) throws InterruptedException {
    long due = start + (long) (b * (double) settings.batch() / settings.rate() * 1e9);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    return due;
  }

  /**
   * Sends a batch as lists of at most the API's limit, all at once; the batch is done when every
   * list has committed.
   */
  private void send(Workload.Batch batch, long due, CompletableFuture<Void> done) {
    inFlight.incrementAndGet();
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (Workload.Part part : batch.parts()) {
      List<Transaction> all = part.transactions();
      for (int from = 0; from < all.size(); from += ApiLimits.SUBMIT_TRANSACTIONS_MAX) {
        List<Transaction> list =
            all.subList(from, Math.min(all.size(), from + ApiLimits.SUBMIT_TRANSACTIONS_MAX));
        CompletableFuture<Void> listDone = new CompletableFuture<>();
        sendPart(part.institution(), list, listDone, System.nanoTime() + BATCH_DEADLINE_NANOS);
        parts.add(listDone);
      }
    }
    matches.submitted(batch.keys(), System.nanoTime());
    CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .whenComplete(
            (ok, error) -> {
              inFlight.decrementAndGet();
              if (error == null) {
                completions.add(new Completion(due, System.nanoTime(), batch.size()));
                committedRecords.addAndGet(batch.size());
              } else {
                failure.compareAndSet(null, error.getMessage());
              }
              done.complete(null);
            });
  }

  /**
   * Sends one list until all of it committed: the same signed list again while it is not yet, or
   * after a request failed or timed out (a retry of a committed transaction answers its original
   * commit), until the deadline.
   */
  private void sendPart(
      String institution, List<Transaction> part, CompletableFuture<Void> partDone, long deadline) {
    if (failure.get() != null) {
      partDone.completeExceptionally(new IOException(failure.get()));
      return;
    }
    List<BenchApi> own = apis.get(institution);
    BenchApi api = own.get(Math.floorMod(nextApi.getAndIncrement(), own.size()));
    api.submit(channel, part)
        .whenComplete(
            (reply, error) -> {
              if (reply != null && reply.outcome() == BenchApi.Outcome.COMMITTED) {
                partDone.complete(null);
              } else if (error != null || reply.outcome() == BenchApi.Outcome.NOT_YET) {
                if (System.nanoTime() - deadline > 0) {
                  partDone.completeExceptionally(
                      new IOException(
                          "a list did not commit within "
                              + BenchLimits.BATCH_COMMIT_DEADLINE_MS
                              + " ms"
                              + (error == null ? "" : "; last error: " + error)));
                  return;
                }
                timer.schedule(
                    () -> sendPart(institution, part, partDone, deadline),
                    BenchLimits.BUSY_RETRY_MS,
                    TimeUnit.MILLISECONDS);
              } else {
                partDone.completeExceptionally(
                    new IOException("a list did not commit: " + reply.detail()));
              }
            });
  }

  private void awaitAll(List<CompletableFuture<Void>> sent)
      throws IOException, InterruptedException {
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .get(AWAIT_ALL_MS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(
          inFlight.get() + " batches unanswered within " + AWAIT_ALL_MS + " ms of the last send",
          e);
    }
  }

  private long reportedRecords;

  private void report(long start) {
    long committed = committedRecords.get();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    progress.printf(
        "  %3d s  %,10d records committed  %,8d records/s  %d batches in flight%n",
        seconds, committed, committed - reportedRecords, inFlight.get());
    reportedRecords = committed;
  }
}
