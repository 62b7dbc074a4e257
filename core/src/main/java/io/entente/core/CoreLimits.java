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
}
