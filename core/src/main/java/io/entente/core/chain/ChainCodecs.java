package io.entente.core.chain;

import io.entente.core.codec.Codec;
import io.entente.core.merkle.MerkleProof;
import java.util.List;

/**
 * Every top-level codec of the chain and Merkle packages, with the name its golden vector files use
 * ({@code <name>.v<version>.hex}). A codec missing here has no golden vector, so add new ones.
 */
public final class ChainCodecs {
  private ChainCodecs() {}

  public record Entry(String name, Codec<?> codec) {}

  public static final List<Entry> ALL =
      List.of(
          new Entry("merkle-proof", MerkleProof.CODEC),
          new Entry("validator", Validator.CODEC),
          new Entry("validator-set", ValidatorSet.CODEC),
          new Entry("tx-body", TxBody.CODEC),
          new Entry("transaction", Transaction.CODEC),
          new Entry("record-batch", RecordBatch.CODEC),
          new Entry("block-header", BlockHeader.CODEC),
          new Entry("seal-payload", SealPayload.CODEC),
          new Entry("seal", Seal.CODEC),
          new Entry("block-certificate", BlockCertificate.CODEC),
          new Entry("block", Block.CODEC),
          new Entry("certified-block", CertifiedBlock.CODEC),
          new Entry("receipt", Receipt.CODEC),
          new Entry("genesis", Genesis.CODEC),
          new Entry("validator-set-change", ValidatorSetChange.CODEC),
          new Entry("inclusion-proof", InclusionProof.CODEC),
          new Entry("certified-header", CertifiedHeader.CODEC),
          new Entry("certified-change", CertifiedChange.CODEC),
          new Entry("audit-bundle", AuditBundle.CODEC),
          new Entry("governance-decision", GovernanceDecision.CODEC),
          new Entry("governance-update", GovernanceUpdate.CODEC),
          new Entry("governance-view", GovernanceView.CODEC));
}
