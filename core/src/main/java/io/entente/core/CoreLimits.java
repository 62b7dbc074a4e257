package io.entente.core;

/**
 * Every size and count limit of the pure core, in one place. Names end with their unit. A limit
 * belongs to the canonical encoding: changing one is a codec version change.
 */
public final class CoreLimits {
  private CoreLimits() {}

  // Identifiers
  /** Channel, application, institution and type identifiers (UTF-8 bytes). */
  public static final int IDENTIFIER_BYTES_MAX = 64;

  /** Free-text reasons and human-readable details (UTF-8 bytes). */
  public static final int TEXT_BYTES_MAX = 1_024;

  // Certificates (PKI)
  /** A DER-encoded X.509 certificate; larger input is refused before it is parsed. */
  public static final int CERTIFICATE_BYTES_MAX = 16_384;

  /** One PEM-encoded certificate (Base64 with line breaks and armour) as text. */
  public static final int CERTIFICATE_PEM_CHARS_MAX = 24_576;

  /** A certificate serial number (RFC 5280 §4.1.2.2: positive, at most 20 octets). */
  public static final int CERTIFICATE_SERIAL_BYTES_MAX = 20;

  /** A subject or issuer name as quoted in a rejection detail; longer names are cut. */
  public static final int CERTIFICATE_NAME_IN_DETAIL_CHARS_MAX = 160;
}
