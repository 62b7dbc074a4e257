package io.entente.core.pki;

import io.entente.core.crypto.PublicKey;

/**
 * The content of a certificate to issue: subject name (RFC 4514 style, for example {@code
 * CN=node-1,O=Bank A,C=CN}), subject key, profile and validity window. Times are milliseconds since
 * the epoch, truncated to whole seconds in the certificate; {@code notAfterMs} is inclusive.
 */
public record CertificateTemplate(
    String subject,
    PublicKey publicKey,
    CertificateProfile profile,
    long notBeforeMs,
    long notAfterMs) {
  public CertificateTemplate {
    Names.parse(subject);
    if (notAfterMs <= notBeforeMs) {
      throw new IllegalArgumentException(
          "validity window is empty: notAfter " + notAfterMs + " <= notBefore " + notBeforeMs);
    }
    if (publicKey == null || profile == null) {
      throw new IllegalArgumentException("a certificate needs a public key and a profile");
    }
  }
}
