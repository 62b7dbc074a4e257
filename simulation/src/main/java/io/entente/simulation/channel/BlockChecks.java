package io.entente.simulation.channel;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.crypto.PublicKey;
import java.util.TreeSet;

/** The application's admission checks on a proposed block's transactions, as a shell runs them. */
final class BlockChecks {
  private BlockChecks() {}

  static final String UNKNOWN_CLIENT = "tx-unknown-client";
  static final String BAD_SIGNATURE = "tx-signature-invalid";
  static final String DUPLICATE = "tx-duplicate";

  static Check admit(ChannelSpec spec, Ledger ledger, Block block) {
    Check structure =
        ValidatorSetChange.check(ledger.setOf(block.header().height()), block.transactions());
    if (!structure.isAccepted()) {
      return structure;
    }
    TreeSet<Hash> seen = new TreeSet<>();
    for (Transaction transaction : block.transactions()) {
      Check check = admitOne(spec, ledger, seen, transaction);
      if (!check.isAccepted()) {
        return check;
      }
    }
    return Check.accepted();
  }

  private static Check admitOne(
      ChannelSpec spec, Ledger ledger, TreeSet<Hash> seen, Transaction transaction) {
    Hash id = transaction.id(spec.suite());
    if (!seen.add(id) || ledger.isCommitted(id)) {
      return Check.rejected(DUPLICATE, id.shortHex() + " is in the chain or the block already");
    }
    PublicKey key = spec.clientKeys().get(transaction.body().submitterCertificateId());
    if (key == null) {
      return Check.rejected(UNKNOWN_CLIENT, transaction.body().submitterCertificateId().shortHex());
    }
    return transaction
        .verifySignature(spec.suite(), key)
        .and(() -> ledger.application().admit(ledger.state(), transaction));
  }
}
