package io.entente.node.cli;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.AuditBundle;
import io.entente.core.chain.ChainBuilder;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.InclusionProof;
import io.entente.core.chain.RecordBatch;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code entente verify-demo}: builds a small sealed chain between a lead and a partner bank (with
 * a validator-set change), exports audit bundles, and checks them with the offline verifier — one
 * intact, one tampered. It shows what an auditor gets; it does not run consensus.
 */
@Command(
    name = "verify-demo",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a sample chain (two banks, two validators each, one validator replaced midway),"
          + " exports audit bundles and verifies them offline: an intact transaction, an intact"
          + " receipt, and a tampered record that must be rejected."
    })
final class VerifyDemoCommand implements Callable<Integer> {
  private static final String CHANNEL = "loans-lead-partner";

  @Spec CommandSpec spec;

  @Option(
      names = "--crypto",
      defaultValue = "standard",
      description = "Crypto suite: standard (P-256) or guomi (SM2/SM3). Default: ${DEFAULT-VALUE}.")
  String crypto;

  @Option(
      names = "--out",
      description = "Folder for the exported bundles (created; default: a new temporary folder).")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter print = spec.commandLine().getOut();
    SuiteId suite = SuiteId.fromLabel(crypto);
    Path folder = out == null ? Files.createTempDirectory("entente-verify-demo-") : out;
    Files.createDirectories(folder);

    ChainBuilder chain = sampleChain(suite, new SecureRandom());
    print.printf(
        "Built %d blocks on channel %s (%s suite); genesis %s%n",
        chain.blocks().size(), CHANNEL, suite.label(), chain.genesis().hash().shortHex());

    AuditBundle transaction = chain.auditTransaction(4, 0);
    AuditBundle receipt = chain.auditReceipt(3, 0);
    AuditBundle tampered = tamper(transaction);
    int failures = 0;
    failures +=
        check(print, folder.resolve("transaction.bundle"), transaction, VerifyCommand.VALID);
    failures += check(print, folder.resolve("receipt.bundle"), receipt, VerifyCommand.VALID);
    failures += check(print, folder.resolve("tampered.bundle"), tampered, VerifyCommand.INVALID);
    print.printf(
        "%nCheck any of them yourself: bin/entente verify %s%n", folder.resolve("receipt.bundle"));
    print.flush();
    return failures == 0 ? 0 : 1;
  }

  private static int check(PrintWriter print, Path file, AuditBundle bundle, int expected)
      throws IOException {
    Files.write(file, AuditBundle.CODEC.encode(bundle).unsafeArray());
    print.printf("%n$ entente verify %s%n", file);
    int status = VerifyCommand.report(VerifyCommand.read(file), print);
    if (status != expected) {
      print.printf("UNEXPECTED: exit status %d, expected %d%n", status, expected);
      return 1;
    }
    return 0;
  }

  /** The same record with its amount changed after it was sealed. */
  private static AuditBundle tamper(AuditBundle bundle) {
    byte[] leaf = bundle.proof().leaf().toByteArray();
    int amount = indexOf(leaf, "1000.00".getBytes(StandardCharsets.UTF_8));
    leaf[amount] = '9';
    InclusionProof forged =
        new InclusionProof(
            bundle.proof().kind(),
            bundle.proof().height(),
            Bytes.wrapUnsafe(leaf),
            bundle.proof().proof());
    return new AuditBundle(bundle.genesis(), bundle.changes(), bundle.anchor(), forged);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int start = 0; start + needle.length <= haystack.length; start++) {
      int matched = 0;
      while (matched < needle.length && haystack[start + matched] == needle[matched]) {
        matched++;
      }
      if (matched == needle.length) {
        return start;
      }
    }
    throw new IllegalStateException("sample record lost its amount");
  }

  static ChainBuilder sampleChain(SuiteId id, SecureRandom random) {
    CryptoSuite suite = CryptoSuite.of(id);
    List<Signer> signers = new ArrayList<>();
    for (int node = 0; node < 5; node++) {
      signers.add(suite.signer(suite.generateKeyPair(random).privateKey()));
    }
    List<Validator> first = new ArrayList<>();
    for (int node = 0; node < 4; node++) {
      first.add(
          new Validator(
              node % 2 == 0 ? "lead-bank" : "partner-bank", signers.get(node).publicKey()));
    }
    long now = Instant.now().toEpochMilli();
    Genesis genesis = new Genesis(CHANNEL, id, now, 1, ValidatorSet.of(first), true);
    ChainBuilder chain = new ChainBuilder(genesis, signers);
    Signer lead = signers.get(0);
    chain.append(List.of(batch(suite, lead, now, 1, 3)));
    List<Validator> second = new ArrayList<>(first.subList(0, 3));
    second.add(new Validator("partner-bank", signers.get(4).publicKey()));
    chain.append(
        List.of(
            batch(suite, lead, now, 2, 2),
            transaction(
                suite,
                lead,
                now,
                ValidatorSetChange.APPLICATION,
                ValidatorSetChange.TYPE,
                "replace-partner-node-2",
                new ValidatorSetChange(ValidatorSet.of(second)).toPayload())));
    chain.append(List.of(batch(suite, lead, now, 3, 5)));
    chain.append(List.of(batch(suite, lead, now, 4, 1), batch(suite, lead, now, 5, 4)));
    chain.append(List.of(batch(suite, lead, now, 6, 2)));
    return chain;
  }

  private static Transaction batch(
      CryptoSuite suite, Signer signer, long now, int number, int records) {
    List<Bytes> lines = new ArrayList<>();
    for (int record = 1; record <= records; record++) {
      String line =
          "DISBURSEMENT,LN-" + number + "-" + record + ",value_date=2026-11-26,amount=1000.00,CNY";
      lines.add(Bytes.of(line.getBytes(StandardCharsets.UTF_8)));
    }
    return transaction(
        suite,
        signer,
        now,
        "colending",
        "attestation-batch",
        "batch-" + number,
        RecordBatch.CODEC.encode(new RecordBatch(lines)));
  }

  private static Transaction transaction(
      CryptoSuite suite,
      Signer signer,
      long now,
      String app,
      String type,
      String key,
      Bytes payload) {
    Hash submitter =
        suite.hash(Bytes.of("sample gateway certificate".getBytes(StandardCharsets.UTF_8)));
    TxBody body = new TxBody(CHANNEL, app, type, payload, submitter, key, now, now + 3_600_000);
    return Transaction.sign(suite, signer, body);
  }
}
