package io.entente.node.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stores batches in a baseline with the same number in flight as the cluster's closed loop: one
 * worker per outstanding batch, each taking the next batch, until all are stored or the duration is
 * over. Each worker has its own connection.
 */
final class BaselineLoad {
  /** One worker's connection: stores one batch and returns when it is durable. */
  interface Store extends AutoCloseable {
    void store(Workload.Batch batch) throws Exception;
  }

  /** Opens one connection per worker. */
  interface Connector {
    Store open() throws Exception;
  }

  private BaselineLoad() {}

  static BenchResult.Baseline run(
      String name,
      Connector connector,
      List<Workload.Batch> batches,
      BenchSettings settings,
      PrintWriter progress)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    ConcurrentLinkedQueue<double[]> latencies = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(settings.durationSeconds());
    List<Thread> workers = new ArrayList<>();
    List<Store> stores = new ArrayList<>();
    for (int w = 0; w < settings.outstanding(); w++) {
      Store store = connector.open();
      stores.add(store);
      Thread worker =
          new Thread(
              () -> work(store, batches, next, end, latencies, failure), name + "-worker-" + w);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (Store store : stores) {
      store.close();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    long records = latencies.stream().mapToLong(pair -> (long) pair[1]).sum();
    progress.printf("  %s: %,d records in %.1f s%n", name, records, seconds);
    return new BenchResult.Baseline(
        name,
        "ok",
        records,
        Stats.round(records / seconds),
        Stats.latency(new ArrayList<>(latencies)),
        -1);
  }

  private static void work(
      Store store,
      List<Workload.Batch> batches,
      AtomicInteger next,
      long end,
      ConcurrentLinkedQueue<double[]> latencies,
      AtomicReference<Exception> failure) {
    int b;
    while (failure.get() == null
        && System.nanoTime() < end
        && (b = next.getAndIncrement()) < batches.size()) {
      long started = System.nanoTime();
      try {
        store.store(batches.get(b));
      } catch (Exception e) {
        failure.compareAndSet(null, e);
        return;
      }
      latencies.add(new double[] {(System.nanoTime() - started) / 1e6, batches.get(b).size()});
    }
  }
}
