package io.entente.consensus.ledger;

import io.entente.consensus.ConsensusLimits;
import io.entente.consensus.app.CounterApplication;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.BlockCertificate;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Seal;
import io.entente.core.chain.SealPayload;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: a measuring tool for docs/performance.md. Appends {@code records} signed counter
 * transactions, {@code perBlock} to a block, to one channel ledger and prints the heap in use after
 * a full collection: with {@code window} the ledger holds {@link
 * ConsensusLimits#LEDGER_RECENT_BLOCKS} blocks (what the node does; the older ones are only
 * counted, as the node's store holds them off the heap), with {@code all} it holds every block (as
 * every ledger did before the window). Counter keys repeat, so the state stays a few entries and
 * the figure is the blocks' (and the committed transaction ids').
 *
 * <p>{@code java -Xmx1g -cp CLASSPATH io.entente.consensus.ledger.LedgerHeapProbe window 100000
 * 500}
 */
public final class LedgerHeapProbe {
  private LedgerHeapProbe() {}

  public static void main(String[] args) {
    boolean window = args[0].equals("window");
    int records = Integer.parseInt(args[1]);
    int perBlock = Integer.parseInt(args[2]);
    SuiteId id = SuiteId.STANDARD;
    CryptoSuite suite = CryptoSuite.of(id);
    List<Signer> signers = new ArrayList<>();
    List<Validator> validators = new ArrayList<>();
    for (int number = 0; number < 4; number++) {
      Signer signer = TestKeys.signer(id, 400 + number);
      signers.add(signer);
      validators.add(new Validator("bank" + number, signer.publicKey()));
    }
    long startMs = 1_750_000_000_000L;
    Genesis genesis = new Genesis("probe", id, startMs, 1, ValidatorSet.of(validators), false);
    Signer client = TestKeys.signer(id, 9);
    Hash clientId = suite.hash(Bytes.of(new byte[] {9}));
    CounterApplication application = new CounterApplication(suite);
    ChannelLedger ledger =
        window
            ? new ChannelLedger(
                genesis,
                suite,
                application,
                height -> {
                  throw new IllegalStateException("not read here");
                },
                ConsensusLimits.LEDGER_RECENT_BLOCKS)
            : new ChannelLedger(genesis, suite, application);
    int made = 0;
    for (long height = 1; made < records; height++) {
      List<Transaction> transactions = new ArrayList<>();
      for (int i = 0; i < perBlock && made < records; i++, made++) {
        TxBody body =
            new TxBody(
                "probe",
                CounterApplication.NAME,
                CounterApplication.ADD,
                CounterApplication.payload("k" + (made % 7), 1),
                clientId,
                "record-" + made,
                startMs,
                startMs + 3_600_000);
        transactions.add(Transaction.sign(suite, client, body));
      }
      BlockHeader header =
          new BlockHeader(
              "probe",
              height,
              suite.hash(),
              validators.get(0).fingerprint(),
              0,
              startMs + height * 1_000,
              1,
              genesis.validators().hash(suite),
              Block.txRoot(suite, transactions),
              suite.hash(),
              suite.hash());
      SealPayload payload = SealPayload.of(suite, header);
      List<Seal> seals = new ArrayList<>();
      for (Signer signer : signers) {
        seals.add(Seal.sign(suite, signer, payload));
      }
      ledger.append(
          new CertifiedBlock(
              new Block(header, transactions), BlockCertificate.of(header.hash(suite), seals)));
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(
        "%s: %d records in %d blocks, %d blocks in memory, heap used after GC %.1f MiB%n",
        window ? "window" : "all",
        made,
        ledger.height(),
        ledger.blocksInMemory(),
        used / (1024.0 * 1024.0));
  }
}
