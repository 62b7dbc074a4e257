package io.entente.core.pki;

import io.entente.core.check.Check;
import io.entente.core.crypto.PublicKey;

/**
 * The outcome of validating a certificate against a {@link TrustStore}: either the identity it
 * proves, or the rejection. {@link #check()} gives the plain {@link Check} for metrics.
 */
public sealed interface Validation permits Validation.Valid, Validation.Invalid {

  Check check();

  default boolean isValid() {
    return this instanceof Valid;
  }

  /**
   * Prefixes a rejection's detail with who presented the certificate (a peer address, a request); a
   * valid result is returned as is.
   */
  default Validation within(String context) {
    if (this instanceof Invalid invalid) {
      return new Invalid((Check.Rejected) invalid.rejection().within(context));
    }
    return this;
  }

  /**
   * A certificate issued by a member CA and fit for the purpose. {@code institutionId} is the
   * member CA's institution, never read from the certificate's subject.
   */
  record Valid(String institutionId, PublicKey publicKey, Certificate certificate, MemberCa issuer)
      implements Validation {
    @Override
    public Check check() {
      return Check.accepted();
    }
  }

  record Invalid(Check.Rejected rejection) implements Validation {
    public String reason() {
      return rejection.reason();
    }

    public String detail() {
      return rejection.detail();
    }

    @Override
    public Check check() {
      return rejection;
    }
  }
}
