package io.entente.node.bench;

import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.Signature;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The machine's signature-check ceiling: verifications per second of the suite on every core at
 * once, measured in this process on a transaction-sized message.
 */
final class SignatureCeiling {
  private static final int MESSAGE_BYTES = 200;

  private SignatureCeiling() {}

  /**
   * Verifications per second with one thread per core for {@code durationMs}, after {@code
   * warmupMs} of the same work (so the JIT has compiled the verify path) that is not counted.
   */
  static double measure(CryptoSuite suite, long warmupMs, long durationMs)
      throws InterruptedException {
    KeyPair pair = suite.generateKeyPair(new SecureRandom());
    Bytes message = Bytes.of("x".repeat(MESSAGE_BYTES).getBytes(StandardCharsets.US_ASCII));
    Signature signature = suite.sign(pair.privateKey(), message);
    int threads = Runtime.getRuntime().availableProcessors();
    LongAdder checks = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                while (!stop.get()) {
                  if (!suite.verify(pair.publicKey(), message, signature).isAccepted()) {
                    throw new IllegalStateException("a good signature did not verify");
                  }
                  checks.increment();
                }
              },
              "ceiling-" + t);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    Thread.sleep(warmupMs);
    long counted = checks.sum();
    long started = System.nanoTime();
    Thread.sleep(durationMs);
    long total = checks.sum();
    double seconds = (System.nanoTime() - started) / 1e9;
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    return (total - counted) / seconds;
  }
}
