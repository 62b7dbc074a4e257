package io.entente.node.runtime;

import io.entente.consensus.shell.ShellEnvironment;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's helpers for checking client signatures on more than one core. A channel's thread hands
 * over a batch (a forwarded batch, a proposed block, a client's submission); the batch is cut into
 * chunks that the channel's thread and the helpers take in turn until none is left, and the
 * channel's thread returns once every chunk is done, with the outcomes in order. The profile of
 * {@code entente bench} showed signature checks as most of a channel thread's time, all on one
 * core.
 *
 * <p>Bounded: {@link RuntimeLimits#SIGNATURE_HELPERS_MAX} helper threads, shared by the node's
 * channels, and a queue of at most {@link RuntimeLimits#SIGNATURE_QUEUE_TASKS_MAX} waiting helper
 * tasks; when it is full the channel's thread simply does the chunks itself (a helper task only
 * offers to help, so dropping one loses nothing).
 */
final class SignatureWorkers implements AutoCloseable {
  private final ThreadPoolExecutor helpers;
  private final int helperCount;

  private SignatureWorkers(ThreadPoolExecutor helpers, int helperCount) {
    this.helpers = helpers;
    this.helperCount = helperCount;
  }

  /** One helper per core but the one the channel's thread is on, at least one. */
  static SignatureWorkers start(String nodeId) {
    int count =
        Math.max(
            1,
            Math.min(
                RuntimeLimits.SIGNATURE_HELPERS_MAX,
                Runtime.getRuntime().availableProcessors() - 1));
    AtomicInteger numbers = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            count,
            count,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(RuntimeLimits.SIGNATURE_QUEUE_TASKS_MAX),
            runnable -> {
              Thread thread =
                  new Thread(runnable, "signatures-" + nodeId + "-" + numbers.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.DiscardPolicy());
    return new SignatureWorkers(executor, count);
  }

  /** Checks every signature; the outcomes are in the order of {@code checks}. */
  List<Check> verify(CryptoSuite suite, List<ShellEnvironment.SignatureCheck> checks) {
    Check[] outcomes = new Check[checks.size()];
    int chunk = RuntimeLimits.SIGNATURE_CHUNK_CHECKS;
    int chunks = (checks.size() + chunk - 1) / chunk;
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(chunks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work =
        () -> {
          for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            try {
              for (int i = c * chunk; i < Math.min(checks.size(), (c + 1) * chunk); i++) {
                ShellEnvironment.SignatureCheck check = checks.get(i);
                outcomes[i] = suite.verify(check.key(), check.message(), check.signature());
              }
            } catch (RuntimeException | Error e) {
              failure.compareAndSet(null, e);
            } finally {
              done.countDown();
            }
          }
        };
    for (int h = 0; h < Math.min(helperCount, chunks - 1); h++) {
      helpers.execute(work);
    }
    work.run();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while helpers checked signatures", e);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a signature check failed", failure.get());
    }
    return Arrays.asList(outcomes);
  }

  @Override
  public void close() {
    helpers.shutdownNow();
  }
}
