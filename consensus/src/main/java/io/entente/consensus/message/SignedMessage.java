package io.entente.consensus.message;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A payload with its author (the fingerprint of a validator's key) and the author's signature over
 * the encoded payload.
 */
public sealed interface SignedMessage permits SignedProposal, Prepare, Commit, SignedRoundChange {
  String NOT_A_VALIDATOR = "author-not-a-validator";
  String BAD_SIGNATURE = "message-signature-invalid";

  Payload payload();

  Hash author();

  Signature signature();

  /** Accepted when the author is in {@code validators} and signed the payload. */
  default Check verify(CryptoSuite suite, ValidatorSet validators) {
    return verifyBy(suite, validators.byFingerprint(author()));
  }

  /**
   * As {@link #verify(CryptoSuite, ValidatorSet)}, with the set given as its {@linkplain
   * ValidatorSet#fingerprintIndex() fingerprint index}, which a caller that verifies many messages
   * against one set computes once.
   */
  default Check verify(CryptoSuite suite, SortedMap<Hash, Validator> validatorsByFingerprint) {
    return verifyBy(suite, Optional.ofNullable(validatorsByFingerprint.get(author())));
  }

  private Check verifyBy(CryptoSuite suite, Optional<Validator> validator) {
    if (validator.isEmpty()) {
      return Check.rejected(
          NOT_A_VALIDATOR,
          payload().type() + " by " + author().shortHex() + ", not a validator of this height");
    }
    Check signature = suite.verify(validator.get().key(), payload().encode(), signature());
    if (signature instanceof Check.Rejected rejected) {
      return Check.rejected(
          BAD_SIGNATURE, payload().type() + " by " + author().shortHex() + ": " + rejected);
    }
    return Check.accepted();
  }

  /** The author's fingerprint for a signer, in the signer's suite. */
  static Hash authorOf(CryptoSuite suite, Signer signer) {
    if (signer.suite() != suite.id()) {
      throw new IllegalArgumentException(
          "a " + signer.suite().label() + " signer in the " + suite.id().label() + " suite");
    }
    return suite.fingerprint(signer.publicKey());
  }
}
