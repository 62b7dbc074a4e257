package io.entente.bench;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.util.SplittableRandom;
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

/** SHA-256 and SM3 throughput for a record-sized input and a 1,000-record batch. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class HashBenchmark {
  @Param({"standard", "guomi"})
  public String suite;

  @Param({"256", "262144"})
  public int inputBytes;

  private CryptoSuite cryptoSuite;
  private Bytes input;

  @Setup
  public void setUp() {
    cryptoSuite = CryptoSuite.of(SuiteId.fromLabel(suite));
    byte[] data = new byte[inputBytes];
    new SplittableRandom(7).nextBytes(data);
    input = Bytes.wrapUnsafe(data);
  }

  @Benchmark
  public Hash hash() {
    return cryptoSuite.hash(input);
  }
}
