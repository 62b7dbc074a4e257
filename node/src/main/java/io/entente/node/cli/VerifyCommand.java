package io.entente.node.cli;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.AuditBundle;
import io.entente.core.chain.InclusionProof;
import io.entente.core.chain.OfflineVerifier;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code entente verify BUNDLE}: checks an audit bundle offline, trusting only its genesis. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a record's audit bundle offline: the validator-set changes since genesis, the"
          + " certified header and the inclusion proof. Nothing is asked of any node.",
      "Compare the printed genesis hash with the one your consortium published.",
      "Exit status: 0 valid, 1 invalid, 2 unreadable input."
    })
final class VerifyCommand implements Callable<Integer> {
  static final int VALID = 0;
  static final int INVALID = 1;
  static final int UNREADABLE = 2;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "Audit bundle file (binary, as exported).")
  Path bundleFile;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AuditBundle bundle;
    try {
      bundle = read(bundleFile);
    } catch (IOException e) {
      err.println("entente verify: cannot read " + bundleFile + ": " + e.getMessage());
      return UNREADABLE;
    } catch (CodecException e) {
      err.println("entente verify: " + bundleFile + " is not an audit bundle: " + e.getMessage());
      return UNREADABLE;
    }
    return report(bundle, out);
  }

  static AuditBundle read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > CoreLimits.AUDIT_BUNDLE_BYTES_MAX) {
      throw new CodecException(
          CodecException.OVERSIZED,
          size + " bytes exceed the bundle limit of " + CoreLimits.AUDIT_BUNDLE_BYTES_MAX);
    }
    return AuditBundle.CODEC.decode(Bytes.wrapUnsafe(Files.readAllBytes(file)));
  }

  private static String describe(InclusionProof proof) {
    try {
      if (proof.kind() == InclusionProof.Kind.TRANSACTION) {
        TxBody body = Transaction.CODEC.decode(proof.leaf()).body();
        return body.application()
            + "/"
            + body.type()
            + ", idempotency key "
            + body.idempotencyKey();
      }
      Receipt receipt = Receipt.CODEC.decode(proof.leaf());
      return receipt.status() + " receipt of transaction " + receipt.txId().shortHex();
    } catch (CodecException e) {
      return "undecodable leaf (" + e.reason() + ")";
    }
  }

  /** Prints what was checked and the verdict; returns the exit status. */
  static int report(AuditBundle bundle, PrintWriter out) {
    out.printf(
        "channel      %s (%s suite)%n",
        bundle.genesis().channel(), bundle.genesis().suite().label());
    out.printf("genesis      %s%n", bundle.genesis().hash().toHex());
    out.printf("set changes  %d%n", bundle.changes().size());
    out.printf(
        "record       %s of block %d, anchored at block %d%n",
        bundle.proof().kind().name().toLowerCase(Locale.ROOT),
        bundle.proof().height(),
        bundle.anchor().header().height());
    out.printf("content      %s%n", describe(bundle.proof()));
    Check verdict = OfflineVerifier.verify(bundle);
    if (verdict instanceof Check.Rejected rejected) {
      out.printf("INVALID      %s: %s%n", rejected.reason(), rejected.detail());
      out.flush();
      return INVALID;
    }
    out.println("VALID");
    out.flush();
    return VALID;
  }
}
