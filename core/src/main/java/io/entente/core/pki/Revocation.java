package io.entente.core.pki;

import java.math.BigInteger;

/**
 * A revoked certificate, named by its issuer (RFC 4514 style name) and serial number. Issuer names
 * are compared as X.509 names (RFC 5280 §7.1), not as text.
 */
public record Revocation(String issuer, BigInteger serial) {
  public Revocation {
    Names.parse(issuer);
    if (serial == null || serial.signum() <= 0) {
      throw new IllegalArgumentException("a revoked serial number is positive");
    }
  }

  /** The revocation of {@code certificate}. */
  public static Revocation of(Certificate certificate) {
    return new Revocation(certificate.issuer(), certificate.serial());
  }
}
