package io.entente.node.ui;

import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.ValidatorSet;
import io.entente.node.api.NodeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One block of the Ledger page: its header, who sealed it, and its transactions (at most {@link
 * UiLimits#TXS_LISTED_MAX}), each leading to its provenance.
 */
public record BlockView(
    LedgerView.BlockRow block,
    String parentHash,
    String validatorSetHash,
    String txRoot,
    List<SealRow> seals,
    List<TxRow> transactions,
    int transactionsNotListed) {

  /** A seal: the validator (institution and key fingerprint) and its signature. */
  public record SealRow(String validator, String fingerprint, String signature) {}

  /** A transaction of the block. */
  public record TxRow(int index, String id, String application, String type, String link) {}

  static Optional<BlockView> of(NodeBackend backend, String channel, long height) {
    Optional<CertifiedBlock> found = backend.block(channel, height);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    CertifiedBlock certified = found.get();
    Optional<ValidatorSet> genesisSet = backend.genesis(channel).map(Genesis::validators);
    Optional<ValidatorSet> set =
        LedgerView.setOf(backend.suite(), certified.block().header(), genesisSet);
    List<TxRow> rows = new ArrayList<>();
    List<Transaction> transactions = certified.block().transactions();
    for (int i = 0; i < transactions.size() && rows.size() < UiLimits.TXS_LISTED_MAX; i++) {
      TxBody body = transactions.get(i).body();
      String id = transactions.get(i).id(backend.suite()).toHex();
      rows.add(
          new TxRow(
              i,
              id,
              body.application(),
              body.type(),
              UiHandler.LEDGER + "/" + channel + "/tx/" + id));
    }
    var header = certified.block().header();
    return Optional.of(
        new BlockView(
            LedgerView.row(backend.suite(), certified, genesisSet),
            header.parentHash().toHex(),
            header.validatorSetHash().toHex(),
            header.txRoot().toHex(),
            seals(certified, set),
            rows,
            transactions.size() - rows.size()));
  }

  static List<SealRow> seals(CertifiedBlock certified, Optional<ValidatorSet> set) {
    return certified.certificate().seals().stream()
        .map(
            seal ->
                new SealRow(
                    LedgerView.institutionOf(set, seal.validator()),
                    seal.validator().toHex(),
                    seal.signature().value().toHex()))
        .toList();
  }
}
