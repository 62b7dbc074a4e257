package io.entente.core.pki;

import io.entente.core.CoreLimits;
import java.nio.charset.StandardCharsets;

/**
 * A member CA certificate and the institution it belongs to, as registered in governance. It is a
 * trust anchor: every certificate it issues belongs to {@code institutionId}, whatever its subject
 * says.
 */
public record MemberCa(String institutionId, Certificate certificate) {
  public MemberCa {
    if (institutionId == null
        || institutionId.isBlank()
        || institutionId.getBytes(StandardCharsets.UTF_8).length
            > CoreLimits.IDENTIFIER_BYTES_MAX) {
      throw new IllegalArgumentException(
          "an institution id is 1 to " + CoreLimits.IDENTIFIER_BYTES_MAX + " UTF-8 bytes");
    }
    if (certificate == null) {
      throw new IllegalArgumentException("a member CA needs its certificate");
    }
  }
}
