package io.entente.core.pki;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.security.SecureRandom;

/** Keys and certificates for PKI tests, at a fixed point in time. */
final class PkiFixture {
  static final long NOW_MS = 1_750_000_000_000L;
  static final long DAY_MS = 86_400_000L;

  final SuiteId suite;
  final CryptoSuite crypto;
  final SecureRandom random = new SecureRandom();

  PkiFixture(SuiteId suite) {
    this.suite = suite;
    this.crypto = CryptoSuite.of(suite);
  }

  Signer newSigner() {
    KeyPair keys = crypto.generateKeyPair(random);
    return crypto.signer(keys.privateKey());
  }

  CertificateTemplate template(String subject, Signer key, CertificateProfile profile) {
    return new CertificateTemplate(
        subject, key.publicKey(), profile, NOW_MS - DAY_MS, NOW_MS + 365 * DAY_MS);
  }

  /** A self-signed member CA with its signer. */
  Issuer selfSignedCa(String subject) {
    Signer key = newSigner();
    Certificate certificate =
        Certificates.selfSign(
            key, template(subject, key, CertificateProfile.INSTITUTION_CA), random);
    return new Issuer(key, certificate);
  }

  /** A self-signed external root (no path length limit) with its signer. */
  Issuer rootCa(String subject) {
    Signer key = newSigner();
    Certificate certificate =
        Certificates.selfSign(key, template(subject, key, CertificateProfile.ROOT_CA), random);
    return new Issuer(key, certificate);
  }

  /** A member CA issued by {@code parent}. */
  Issuer issuedCa(Issuer parent, String subject) {
    Signer key = newSigner();
    Certificate certificate =
        Certificates.issue(
            parent, template(subject, key, CertificateProfile.INSTITUTION_CA), random);
    return new Issuer(key, certificate);
  }

  Certificate leaf(Issuer issuer, String subject, CertificateProfile profile) {
    return Certificates.issue(issuer, template(subject, newSigner(), profile), random);
  }

  Certificate leaf(Issuer issuer, String subject, long notBeforeMs, long notAfterMs) {
    Signer key = newSigner();
    return Certificates.issue(
        issuer,
        new CertificateTemplate(
            subject, key.publicKey(), CertificateProfile.NODE, notBeforeMs, notAfterMs),
        random);
  }
}
