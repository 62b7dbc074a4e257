package io.entente.core.governance;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.PublicKey;

/**
 * The size and count limits of the governance state, in one place. Like {@link CoreLimits}, they
 * belong to the canonical encoding: changing one is a codec version change.
 */
public final class GovernanceLimits {
  private GovernanceLimits() {}

  /** Member institutions of one consortium; also bounds the members of one channel. */
  public static final int MEMBERS_MAX = 64;

  /** Registered nodes: every member's nodes together (a channel has at most 64 validators). */
  public static final int NODES_MAX = 256;

  /** Revoked (issuer, serial) pairs kept in the state. */
  public static final int REVOCATIONS_MAX = 1_024;

  /** Channel definitions: the governance channel and every bilateral one. */
  public static final int CHANNELS_MAX = 256;

  /** A revocation's issuer name as RFC 4514 text (UTF-8 bytes). */
  public static final int ISSUER_NAME_BYTES_MAX = CoreLimits.TEXT_BYTES_MAX;

  private static final int STRING_HEADER_BYTES = 2;
  private static final int COUNT_BYTES = 4;
  private static final int IDENTIFIER_FIELD_BYTES_MAX =
      STRING_HEADER_BYTES + CoreLimits.IDENTIFIER_BYTES_MAX;

  /** One member: institution, role code, CA certificate (DER with its length). */
  public static final int MEMBER_BYTES_MAX =
      IDENTIFIER_FIELD_BYTES_MAX + 1 + COUNT_BYTES + CoreLimits.CERTIFICATE_BYTES_MAX;

  /** One node: node id, institution, TLS key fingerprint, validator key. */
  public static final int NODE_BYTES_MAX =
      2 * IDENTIFIER_FIELD_BYTES_MAX + Hash.LENGTH_BYTES + PublicKey.ENCODED_BYTES;

  /** One revocation: issuer name, serial magnitude (with its length). */
  public static final int REVOCATION_BYTES_MAX =
      STRING_HEADER_BYTES
          + ISSUER_NAME_BYTES_MAX
          + COUNT_BYTES
          + CoreLimits.CERTIFICATE_SERIAL_BYTES_MAX;

  /** One channel: name, member institutions, genesis hash. */
  public static final int CHANNEL_BYTES_MAX =
      IDENTIFIER_FIELD_BYTES_MAX
          + COUNT_BYTES
          + MEMBERS_MAX * IDENTIFIER_FIELD_BYTES_MAX
          + Hash.LENGTH_BYTES;

  /** The whole governance genesis state: tag, version, suite, four counted lists. */
  public static final int GOVERNANCE_GENESIS_BYTES_MAX =
      3
          + 4 * COUNT_BYTES
          + MEMBERS_MAX * MEMBER_BYTES_MAX
          + NODES_MAX * NODE_BYTES_MAX
          + REVOCATIONS_MAX * REVOCATION_BYTES_MAX
          + CHANNELS_MAX * CHANNEL_BYTES_MAX;
}
