package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.util.List;
import java.util.Objects;

/**
 * The payload of a transaction with application {@value #APPLICATION} and type {@value #TYPE} in
 * channel X: a governance decision carried into X (DESIGN §1, cross-channel facts). It holds the
 * certified governance header h + 1 and the inclusion proof of the receipt of the governance
 * transaction of block h that made the decision; the receipt's result is the {@link
 * GovernanceDecision}. Before them come the governance channel's own validator-set changes since
 * X's last import, oldest first, each a certified header with the proof of its plain set-change
 * transaction, so X can follow the set that seals the governance header. Whoever relays it proves
 * nothing by signing it: the governance certificate is the proof, checked by {@link
 * GovernanceView#check}. The decision takes effect in X at the height after the block that includes
 * this transaction.
 */
public record GovernanceUpdate(
    List<CertifiedChange> setChanges, CertifiedHeader committing, InclusionProof proof) {
  public static final String APPLICATION = ValidatorSetChange.APPLICATION;
  public static final String TYPE = "governance-update";

  public static final Codec<GovernanceUpdate> CODEC =
      new SimpleCodec<>(
          Tags.GOVERNANCE_UPDATE,
          1,
          CoreLimits.GOVERNANCE_UPDATE_BYTES_MAX,
          GovernanceUpdate::write,
          GovernanceUpdate::read);

  public GovernanceUpdate {
    setChanges = List.copyOf(setChanges);
    if (setChanges.size() > CoreLimits.GOVERNANCE_SET_CHANGES_MAX) {
      throw new IllegalArgumentException(
          setChanges.size()
              + " governance set changes in one update, at most "
              + CoreLimits.GOVERNANCE_SET_CHANGES_MAX);
    }
    for (CertifiedChange change : setChanges) {
      Fields.bytes(
          change.proof().leaf(), CoreLimits.PLAIN_SET_CHANGE_TX_BYTES_MAX, "governance set change");
    }
    Objects.requireNonNull(committing, "committing");
    if (proof.kind() != InclusionProof.Kind.RECEIPT) {
      throw new IllegalArgumentException("a governance decision is proven by a receipt proof");
    }
    Fields.bytes(proof.leaf(), CoreLimits.RECEIPT_BYTES_MAX, "decision receipt");
    if (committing.header().height() != proof.committingHeight()) {
      throw new IllegalArgumentException(
          "the receipt of height "
              + proof.height()
              + " is committed by header "
              + proof.committingHeight()
              + ", not "
              + committing.header().height());
    }
  }

  /** The update for the receipt at {@code index} of governance block {@code committing − 1}. */
  public static GovernanceUpdate of(
      CryptoSuite suite,
      List<CertifiedChange> setChanges,
      CertifiedHeader committing,
      List<Receipt> receipts,
      int index) {
    return new GovernanceUpdate(
        setChanges,
        committing,
        InclusionProof.ofReceipt(suite, committing.header().height() - 1, receipts, index));
  }

  public static boolean isUpdate(TxBody body) {
    return body.application().equals(APPLICATION) && body.type().equals(TYPE);
  }

  /** The proven receipt; a codec exception when the leaf is not one. */
  public Receipt receipt() {
    return Receipt.CODEC.decode(proof.leaf());
  }

  /**
   * The decision in the proven receipt; a codec exception when the receipt was not accepted or its
   * result is not a decision.
   */
  public GovernanceDecision decision() {
    Receipt receipt = receipt();
    if (receipt.status() != Receipt.Status.ACCEPTED) {
      throw new CodecException(
          CodecException.INVALID_VALUE, "the proven receipt is a rejection, not a decision");
    }
    return GovernanceDecision.CODEC.decode(receipt.result());
  }

  static void write(Writer writer, GovernanceUpdate update) {
    writer.list(
        update.setChanges, CoreLimits.GOVERNANCE_SET_CHANGES_MAX, CertifiedChange.CODEC::writeTo);
    CertifiedHeader.CODEC.writeTo(writer, update.committing);
    InclusionProof.CODEC.writeTo(writer, update.proof);
  }

  static GovernanceUpdate read(Reader reader) {
    return new GovernanceUpdate(
        reader.list(
            CoreLimits.GOVERNANCE_SET_CHANGES_MAX,
            "governance set changes",
            CertifiedChange.CODEC::readFrom),
        CertifiedHeader.CODEC.readFrom(reader),
        InclusionProof.CODEC.readFrom(reader));
  }
}
