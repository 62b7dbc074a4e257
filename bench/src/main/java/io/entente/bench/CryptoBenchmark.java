package io.entente.bench;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.SuiteId;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sign and verify throughput of each crypto suite, single-threaded. Run with {@code -t 2} (or the
 * core count) to measure the machine's signature-check ceiling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CryptoBenchmark {
  @Param({"standard", "guomi"})
  public String suite;

  private CryptoSuite cryptoSuite;
  private KeyPair keys;
  private Bytes message;
  private Signature signature;

  @Setup
  public void setUp() {
    cryptoSuite = CryptoSuite.of(SuiteId.fromLabel(suite));
    SecureRandom random = new SecureRandom(new byte[] {42});
    keys = cryptoSuite.generateKeyPair(random);
    byte[] body = new byte[256];
    random.nextBytes(body);
    message = Bytes.wrapUnsafe(body);
    signature = cryptoSuite.sign(keys.privateKey(), message);
  }

  @Benchmark
  public Signature sign() {
    return cryptoSuite.sign(keys.privateKey(), message);
  }

  @Benchmark
  public Check verify() {
    Check check = cryptoSuite.verify(keys.publicKey(), message, signature);
    if (!check.isAccepted()) {
      throw new AssertionError("benchmark signature must verify: " + check);
    }
    return check;
  }
}
