package io.entente.node.consortium;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.Signer;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateProfile;
import io.entente.core.pki.CertificateTemplate;
import io.entente.core.pki.Certificates;
import io.entente.core.pki.Issuer;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The keys, certificates and secrets an institution's folder is made of, as {@code entente init}
 * ({@link ConsortiumGenerator}) and {@code entente org new} ({@link OrganizationWriter}) both issue
 * them: the same validity windows and profiles. Writing the files stays with each of them.
 */
final class CertificateIssuing {
  private CertificateIssuing() {}

  /** A CA's key pair (its private key is written to the CA's folder) and the issuer it makes. */
  record Ca(KeyPair key, Issuer issuer) {}

  /** A new key and its self-signed institution CA certificate, valid from {@code nowMs}. */
  static Ca selfSignedCa(CryptoSuite suite, String subject, long nowMs, SecureRandom random) {
    KeyPair key = suite.generateKeyPair(random);
    Signer signer = suite.signer(key.privateKey());
    Certificate certificate =
        Certificates.selfSign(
            signer,
            new CertificateTemplate(
                subject,
                key.publicKey(),
                CertificateProfile.INSTITUTION_CA,
                nowMs - ConsortiumLimits.NOT_BEFORE_SKEW_MS,
                nowMs + ConsortiumLimits.CA_VALIDITY_MS),
            random);
    return new Ca(key, new Issuer(signer, certificate));
  }

  /** What a leaf certificate of {@code key} says, valid from {@code nowMs}. */
  static CertificateTemplate leafTemplate(
      String subject, KeyPair key, CertificateProfile profile, long nowMs) {
    return new CertificateTemplate(
        subject,
        key.publicKey(),
        profile,
        nowMs - ConsortiumLimits.NOT_BEFORE_SKEW_MS,
        nowMs + ConsortiumLimits.LEAF_VALIDITY_MS);
  }

  /** A random password for a key file: {@link ConsortiumLimits#SECRET_BYTES}, URL-safe base64. */
  static String secret(SecureRandom random) {
    byte[] bytes = new byte[ConsortiumLimits.SECRET_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
