package io.entente.simulation.runner;

import io.entente.simulation.world.Scenario;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a scenario once per seed; the seed makes the run's only generator.
 *
 * <p>A sweep may run its seeds on several threads. Each seed still runs whole in one thread, in a
 * world of its own: a run builds everything it uses (world, suite, caches) from its seed, and what
 * the scenarios share is immutable, so a seed's run and trace hash do not depend on the threads.
 * Outcomes are handed on and returned in seed order whatever order they finish in.
 */
public final class SeedSweep {
  private SeedSweep() {}

  /** Seeds queued per thread ahead of the one being reported, to keep every thread busy. */
  static final int SEEDS_AHEAD_PER_THREAD = 2;

  /** The default number of threads of a sweep: one per available processor. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  public static SeedOutcome runSeed(Scenario scenario, long seed) {
    long startNs = System.nanoTime();
    var result = scenario.run(new SplittableRandom(seed));
    return new SeedOutcome(seed, result, (System.nanoTime() - startNs) / 1_000_000);
  }

  /** Seeds {@code firstSeed} to {@code firstSeed + count - 1}; each outcome is also passed on. */
  public static List<SeedOutcome> run(
      Scenario scenario, long firstSeed, int count, Consumer<SeedOutcome> each) {
    return run(scenario, firstSeed, count, 1, each);
  }

  /**
   * Seeds {@code firstSeed} to {@code firstSeed + count - 1} on {@code threads} threads (1: in the
   * calling thread); {@code each} gets every outcome in seed order, in the calling thread.
   */
  public static List<SeedOutcome> run(
      Scenario scenario, long firstSeed, int count, int threads, Consumer<SeedOutcome> each) {
    if (count < 0) {
      throw new IllegalArgumentException("seed count must not be negative, got " + count);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("a sweep runs on at least one thread, got " + threads);
    }
    List<SeedOutcome> outcomes = new ArrayList<>(count);
    if (threads == 1 || count <= 1) {
      for (int i = 0; i < count; i++) {
        SeedOutcome outcome = runSeed(scenario, firstSeed + i);
        each.accept(outcome);
        outcomes.add(outcome);
      }
      return outcomes;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, count),
            task -> {
              Thread thread = new Thread(task, "seed-sweep");
              thread.setDaemon(true);
              return thread;
            });
    try {
      ArrayDeque<Future<SeedOutcome>> pending = new ArrayDeque<>();
      int submitted = 0;
      for (int i = 0; i < count; i++) {
        while (submitted < count && pending.size() < threads * SEEDS_AHEAD_PER_THREAD) {
          long seed = firstSeed + submitted++;
          pending.addLast(pool.submit(() -> runSeed(scenario, seed)));
        }
        SeedOutcome outcome = await(pending.removeFirst());
        each.accept(outcome);
        outcomes.add(outcome);
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The outcome of one seed; what its run threw is thrown here, as a one-thread sweep would. */
  private static SeedOutcome await(Future<SeedOutcome> future) {
    try {
      return future.get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a seed", interrupted);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failed.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(failed.getCause());
    }
  }
}
