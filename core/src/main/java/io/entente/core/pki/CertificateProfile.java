package io.entente.core.pki;

/**
 * What a certificate is for, which fixes its basicConstraints, keyUsage and extendedKeyUsage. The
 * extensions of each profile are listed in {@link Certificates}.
 */
public enum CertificateProfile {
  /**
   * A root CA above a member CA, run by an institution's own PKI (for tests and offline setups).
   * Entente never trusts it: validation stops at the member CA.
   */
  ROOT_CA,
  /** An institution's member CA: the trust anchor of its institution. Issues leaves only. */
  INSTITUTION_CA,
  /** A node: TLS server and client authentication, and its validator key (one key type). */
  NODE,
  /** A client of an institution (administrator or gateway): TLS client auth and signing. */
  CLIENT
}
