package io.entente.core.pki;

import io.entente.core.crypto.Signer;
import java.util.Optional;

/**
 * A CA able to issue: its certificate and a {@link Signer} holding the certificate's private key
 * (in memory or in an HSM).
 */
public record Issuer(Signer signer, Certificate certificate) {
  public Issuer {
    if (!certificate.isCa()) {
      throw new IllegalArgumentException(
          "certificate " + certificate + " is not a CA (no basicConstraints cA)");
    }
    if (!certificate.publicKey(signer.suite()).equals(Optional.of(signer.publicKey()))) {
      throw new IllegalArgumentException(
          "the signer's key is not the key of the CA certificate " + certificate);
    }
  }
}
