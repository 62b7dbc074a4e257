package io.entente.core.governance;

import io.entente.core.pki.Certificate;
import io.entente.core.pki.MemberCa;
import java.util.Objects;

/**
 * A member institution: its id, its role and its CA certificate (its trust anchor: every
 * certificate this CA issues belongs to this institution).
 */
public record Member(String institution, Role role, Certificate caCertificate) {
  public Member {
    Identifiers.require(institution, "member institution");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(caCertificate, "caCertificate");
    if (!caCertificate.isCa()) {
      throw new IllegalArgumentException(
          "the CA certificate of member " + institution + " is not a CA: " + caCertificate);
    }
  }

  public MemberCa memberCa() {
    return new MemberCa(institution, caCertificate);
  }
}
