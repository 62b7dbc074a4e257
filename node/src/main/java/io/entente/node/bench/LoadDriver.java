package io.entente.node.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
 * Sends pre-signed batches through the API, round-robin over the nodes: a closed loop with a fixed
 * number of batches in flight, or an open loop at a fixed record rate. A batch's latency runs from
 * when it was due to be sent (in the open loop its schedule, so a slow cluster cannot hide its
 * queueing) until the node answered that every record in it committed.
 */
final class LoadDriver {
  /** One committed batch: when it was due, when its commit answer came, how many records. */
  record Completion(long dueNanos, long doneNanos, int records) {}

  /** All completions of a run, with the nanoTime it started and ended. */
  record Run(long startNanos, long endNanos, List<Completion> completions) {}

  private final List<BenchApi> apis;
  private final String channel;
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

  LoadDriver(List<BenchApi> apis, String channel, BenchSettings settings, PrintWriter progress) {
    this.apis = List.copyOf(apis);
    this.channel = channel;
    this.settings = settings;
    this.progress = progress;
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
      throw new IOException("the run failed: " + failure.get());
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

  private void send(Workload.Batch batch, long due, CompletableFuture<Void> done) {
    inFlight.incrementAndGet();
    BenchApi api = apis.get(Math.floorMod(nextApi.getAndIncrement(), apis.size()));
    api.submit(channel, batch.transactions())
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                fail("a submit failed: " + error, done);
              } else if (reply.outcome() == BenchApi.Outcome.COMMITTED) {
                completions.add(new Completion(due, System.nanoTime(), batch.size()));
                committedRecords.addAndGet(batch.size());
                inFlight.decrementAndGet();
                done.complete(null);
              } else if (reply.outcome() == BenchApi.Outcome.BUSY) {
                inFlight.decrementAndGet();
                timer.schedule(
                    () -> send(batch, due, done), BenchLimits.BUSY_RETRY_MS, TimeUnit.MILLISECONDS);
              } else {
                fail("a batch did not commit: " + reply.detail(), done);
              }
            });
  }

  private void fail(String reason, CompletableFuture<Void> done) {
    failure.compareAndSet(null, reason);
    inFlight.decrementAndGet();
    done.complete(null);
  }

  private void awaitAll(List<CompletableFuture<Void>> sent)
      throws IOException, InterruptedException {
    try {
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .get(BenchLimits.SUBMIT_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(
          inFlight.get()
              + " batches unanswered within "
              + BenchLimits.SUBMIT_TIMEOUT_MS * 2
              + " ms of the last send",
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
