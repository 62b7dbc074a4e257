package io.entente.core.chain;

import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;

/**
 * Checks a record offline, trusting nothing but the genesis (the auditor compares its hash with the
 * one the consortium published) and the signatures in the bundle.
 *
 * <p>Starting from the genesis validator set, each set change is accepted only from a header
 * certified by the set of its height and proven to include the change transaction; the change
 * governs the following heights (see {@link ValidatorSetChange}). Every header names the hash of
 * its validator set, so a change left out of the bundle is caught at the next certified header
 * rather than silently trusted. Finally the anchor header must be certified by the set derived so
 * far and the proof must lead to its transaction or receipt root.
 */
public final class OfflineVerifier {
  public static final String CHANNEL_MISMATCH = "audit-channel-mismatch";
  public static final String CHANGES_OUT_OF_ORDER = "audit-changes-out-of-order";
  public static final String CHANGE_NOT_BEFORE_ANCHOR = "audit-change-not-before-anchor";
  public static final String NOT_A_SET_CHANGE = "audit-not-a-set-change";
  public static final String VALIDATOR_SET_UNKNOWN = "audit-validator-set-unknown";
  public static final String LEAF_MALFORMED = "audit-leaf-malformed";

  private OfflineVerifier() {}

  public static Check verify(AuditBundle bundle) {
    Genesis genesis = bundle.genesis();
    CryptoSuite suite = CryptoSuite.of(genesis.suite());
    long anchorHeight = bundle.anchor().header().height();
    ValidatorSet set = genesis.validators();
    long previousChange = 0;
    for (CertifiedChange change : bundle.changes()) {
      long height = change.height();
      if (height <= previousChange) {
        return Check.rejected(
            CHANGES_OUT_OF_ORDER,
            "set change in block " + height + " follows one in block " + previousChange);
      }
      if (height >= anchorHeight) {
        return Check.rejected(
            CHANGE_NOT_BEFORE_ANCHOR,
            "set change in block " + height + " is not below the anchor block " + anchorHeight);
      }
      ValidatorSet current = set;
      Check proven =
          certified(suite, genesis, current, change.block())
              .and(() -> change.proof().verify(suite, change.block().header()))
              .within("set change in block " + height);
      if (proven instanceof Check.Rejected) {
        return proven;
      }
      try {
        set = nextSet(genesis, change);
      } catch (CodecException e) {
        return Check.rejected(
            LEAF_MALFORMED, "set change in block " + height + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        return Check.rejected(NOT_A_SET_CHANGE, "block " + height + ": " + e.getMessage());
      }
      previousChange = height;
    }
    ValidatorSet anchorSet = set;
    return certified(suite, genesis, anchorSet, bundle.anchor())
        .within("block " + anchorHeight)
        .and(() -> bundle.proof().verify(suite, bundle.anchor().header()).within("proof"));
  }

  /** The set the change establishes; throws when the proven leaf is not a set change. */
  private static ValidatorSet nextSet(Genesis genesis, CertifiedChange change) {
    Transaction transaction = Transaction.CODEC.decode(change.proof().leaf());
    if (!ValidatorSetChange.isChange(transaction.body())) {
      throw new IllegalArgumentException(
          "the proven transaction is "
              + transaction.body().application()
              + "/"
              + transaction.body().type()
              + ", not a validator-set change");
    }
    ValidatorSet next = ValidatorSetChange.proposed(transaction.body()).orElseThrow();
    if (next.suite() != genesis.suite()) {
      throw new IllegalArgumentException("the new set has keys of another suite");
    }
    return next;
  }

  private static Check certified(
      CryptoSuite suite, Genesis genesis, ValidatorSet set, CertifiedHeader block) {
    BlockHeader header = block.header();
    if (!header.channel().equals(genesis.channel())) {
      return Check.rejected(
          CHANNEL_MISMATCH,
          "header of channel '" + header.channel() + "', genesis of '" + genesis.channel() + "'");
    }
    if (!header.validatorSetHash().equals(set.hash(suite))) {
      return Check.rejected(
          VALIDATOR_SET_UNKNOWN,
          "the header names validator set "
              + header.validatorSetHash().shortHex()
              + " but the set derived from genesis and the given changes is "
              + set.hash(suite).shortHex()
              + ": a set change is missing, or the header is not of this chain");
    }
    return BlockCertificates.verify(
        suite, header, block.certificate(), set, genesis.sealFromEveryInstitution());
  }
}
