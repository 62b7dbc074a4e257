package io.entente.node.ui;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.AuditBundle;
import io.entente.core.chain.BlockCertificate;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.CertifiedHeader;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.InclusionProof;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.SuiteId;
import io.entente.node.api.NodeBackend;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A transaction's provenance: its block and place in it, the inclusion proof, the block header and
 * the validator seals, and the canonical encodings of all of them (base64), which the page's
 * proof.js checks in the browser and an auditor can check with {@code entente verify}.
 */
public record ProvenanceView(
    String channel,
    String txId,
    String application,
    String type,
    String idempotencyKey,
    int index,
    int leafCount,
    List<String> path,
    LedgerView.BlockRow block,
    String txRoot,
    String validatorSetHash,
    List<BlockView.SealRow> seals,
    String suite,
    boolean browserCanVerify,
    String genesisHash,
    boolean genesisSet,
    String bundleLink,
    Material material) {

  /** The canonical encodings the page embeds, base64. */
  public record Material(
      String genesis, String header, String certificate, String proof, String bundle) {}

  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  static boolean isTxId(String hex) {
    return hex.matches("[0-9a-f]{64}");
  }

  static Optional<ProvenanceView> of(NodeBackend backend, String channel, String txIdHex) {
    if (!isTxId(txIdHex)) {
      return Optional.empty();
    }
    Optional<InclusionProof> proof = backend.inclusionProof(channel, Hash.fromHex(txIdHex));
    Optional<Genesis> genesis = backend.genesis(channel);
    if (proof.isEmpty() || genesis.isEmpty()) {
      return Optional.empty();
    }
    Optional<CertifiedBlock> block = backend.block(channel, proof.get().committingHeight());
    if (block.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(view(backend, channel, txIdHex, proof.get(), genesis.get(), block.get()));
  }

  private static ProvenanceView view(
      NodeBackend backend,
      String channel,
      String txIdHex,
      InclusionProof proof,
      Genesis genesis,
      CertifiedBlock certified) {
    BlockHeader header = certified.block().header();
    Optional<ValidatorSet> set =
        LedgerView.setOf(backend.suite(), header, Optional.of(genesis.validators()));
    TxBody body = body(proof.leaf());
    Optional<Bytes> bundle = bundle(genesis, certified, proof, set.isPresent());
    return new ProvenanceView(
        channel,
        txIdHex,
        body == null ? "?" : body.application(),
        body == null ? "?" : body.type(),
        body == null ? "?" : body.idempotencyKey(),
        proof.proof().leafIndex(),
        proof.proof().leafCount(),
        proof.proof().path().stream().map(Hash::toHex).toList(),
        LedgerView.row(backend.suite(), certified, Optional.of(genesis.validators())),
        header.txRoot().toHex(),
        header.validatorSetHash().toHex(),
        BlockView.seals(certified, set),
        genesis.suite().label(),
        genesis.suite() == SuiteId.STANDARD,
        genesis.hash().toHex(),
        set.isPresent(),
        bundle.isPresent() ? UiHandler.LEDGER + "/" + channel + "/tx/" + txIdHex + "/bundle" : "",
        new Material(
            base64(Genesis.CODEC.encode(genesis)),
            base64(BlockHeader.CODEC.encode(header)),
            base64(BlockCertificate.CODEC.encode(certified.certificate())),
            base64(InclusionProof.CODEC.encode(proof)),
            bundle.map(ProvenanceView::base64).orElse("")));
  }

  /**
   * The audit bundle for {@code entente verify}: genesis, no set changes, the block's certified
   * header and the proof. Only when the block was sealed by the genesis validator set; otherwise
   * the bundle would need the certified set changes since genesis, which the page does not gather.
   */
  static Optional<Bytes> bundle(
      Genesis genesis, CertifiedBlock certified, InclusionProof proof, boolean genesisSet) {
    if (!genesisSet) {
      return Optional.empty();
    }
    return Optional.of(
        AuditBundle.CODEC.encode(
            new AuditBundle(genesis, List.of(), CertifiedHeader.of(certified), proof)));
  }

  static Optional<Bytes> bundle(NodeBackend backend, String channel, String txIdHex) {
    return of(backend, channel, txIdHex)
        .filter(view -> !view.bundleLink().isEmpty())
        .map(view -> Bytes.wrapUnsafe(Base64.getDecoder().decode(view.material().bundle())));
  }

  private static TxBody body(Bytes leaf) {
    try {
      return Transaction.CODEC.decode(leaf).body();
    } catch (CodecException e) {
      return null;
    }
  }

  private static String base64(Bytes bytes) {
    return BASE64.encodeToString(bytes.toByteArray());
  }
}
