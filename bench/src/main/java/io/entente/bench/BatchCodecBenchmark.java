package io.entente.bench;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.RecordBatch;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
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
 * Encoding and decoding a signed transaction carrying a batch of co-lending records (about 250
 * bytes each, the size of a CSV day-file line with its identifiers).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BatchCodecBenchmark {
  @Param({"1000"})
  public int records;

  private Transaction transaction;
  private Bytes encoded;

  @Setup
  public void setUp() {
    CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
    List<Bytes> lines = new ArrayList<>(records);
    for (int record = 0; record < records; record++) {
      String line =
          String.format(
              "REPAYMENT,EV-2026-11-26-%08d,AGR-LEAD-PARTNER-01,LN-%010d,2026-11-26,CNY,"
                  + "1523.45,1500.00,23.45,0.00,0.00,1050.00,16.41,0.00,0.00,,PAY-%012d,"
                  + "SET-2026-11-26-01,REPORT,",
              record, record * 7, record * 13);
      lines.add(Bytes.of(line.getBytes(StandardCharsets.UTF_8)));
    }
    Bytes payload = RecordBatch.CODEC.encode(new RecordBatch(lines));
    TxBody body =
        new TxBody(
            "loans-lead-partner",
            "colending",
            "attestation-batch",
            payload,
            suite.hash(payload),
            "day-file-2026-11-26-part-1",
            0,
            3_600_000);
    transaction =
        Transaction.sign(
            suite, suite.signer(suite.generateKeyPair(new SecureRandom()).privateKey()), body);
    encoded = Transaction.CODEC.encode(transaction);
  }

  @Benchmark
  public Bytes encode() {
    return Transaction.CODEC.encode(transaction);
  }

  @Benchmark
  public RecordBatch decode() {
    return RecordBatch.CODEC.decode(Transaction.CODEC.decode(encoded).body().payload());
  }
}
