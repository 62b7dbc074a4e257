package io.entente.core.pki;

/** The stable reasons of certificate rejections (counted in metrics). */
public final class CertificateReasons {
  private CertificateReasons() {}

  /** The bytes are not one well-formed certificate. */
  public static final String MALFORMED = "malformed";

  /** The key or signature algorithm is not the consortium's suite, or the key is not a point. */
  public static final String WRONG_SUITE = "wrong-suite";

  /** No member CA has the certificate's issuer name. */
  public static final String UNKNOWN_ISSUER = "unknown-issuer";

  /** A member CA has the issuer name, but no member CA's key verifies the signature. */
  public static final String SIGNATURE_INVALID = "signature-invalid";

  /** The issuing member CA lacks basicConstraints cA. */
  public static final String NOT_A_CA = "not-a-ca";

  /** The issuing member CA is outside its own validity window. */
  public static final String CA_EXPIRED = "ca-expired";

  public static final String CA_NOT_YET_VALID = "ca-not-yet-valid";

  /** The issuing member CA's own (issuer, serial) is revoked. */
  public static final String CA_REVOKED = "ca-revoked";

  public static final String EXPIRED = "expired";

  public static final String NOT_YET_VALID = "not-yet-valid";

  /** The certificate's (issuer, serial) is revoked. */
  public static final String REVOKED = "revoked";

  /** A CA certificate presented where a node or client certificate is required. */
  public static final String LEAF_IS_CA = "leaf-is-ca";

  /** keyUsage or extendedKeyUsage does not allow the purpose (or a CA lacks keyCertSign). */
  public static final String WRONG_KEY_USAGE = "wrong-key-usage";

  /** A critical extension we do not process (RFC 5280 requires refusing the certificate). */
  public static final String UNKNOWN_CRITICAL_EXTENSION = "unknown-critical-extension";
}
