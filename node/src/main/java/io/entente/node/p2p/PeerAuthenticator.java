package io.entente.node.p2p;

import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateReasons;
import io.entente.core.pki.Purpose;
import io.entente.core.pki.TrustStore;
import io.entente.core.pki.Validation;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.tls.AlertDescription;

/**
 * Decides who a TLS peer is. The leaf of the presented chain is validated with the node's current
 * {@link TrustStore} for {@link Purpose#NODE}: the member CAs are the anchors, the institution is
 * that of the member CA whose key verified the leaf (never a subject field), and revocation is by
 * (issuer, serial). Further certificates in the chain are ignored: a leaf must be issued by a
 * member CA directly. Then a {@link PeerPolicy} says whether that identity may connect.
 */
final class PeerAuthenticator {

  sealed interface Outcome permits Authenticated, Refused {}

  /** The presented certificate is a valid node certificate of {@code peer}. */
  record Authenticated(PeerId peer, Certificate certificate) implements Outcome {}

  /** Refused with a reason, a detail naming what was presented, and the TLS alert to send. */
  record Refused(String reason, String detail, short alert) implements Outcome {
    Refused(String reason, String detail) {
      this(reason, detail, alertFor(reason));
    }
  }

  /** Whether an authenticated identity may connect in this direction. */
  @FunctionalInterface
  interface PeerPolicy {
    /** Empty to accept; otherwise the refusal. */
    Optional<Refused> judge(PeerId peer, Certificate certificate);
  }

  private final SuiteId suite;
  private final Supplier<TrustStore> trustStore;
  private final Clock clock;

  PeerAuthenticator(SuiteId suite, Supplier<TrustStore> trustStore, Clock clock) {
    this.suite = suite;
    this.trustStore = trustStore;
    this.clock = clock;
  }

  /**
   * Judges the chain a TLS peer presented. {@code presentedByClient} picks the refusal reason of an
   * empty chain.
   */
  Outcome authenticate(
      org.bouncycastle.tls.Certificate presented, boolean presentedByClient, PeerPolicy policy) {
    if (presented == null || presented.isEmpty()) {
      return presentedByClient
          ? new Refused(
              P2pReasons.NO_CLIENT_CERTIFICATE,
              "the TLS client presented no certificate; every peer authenticates with its node"
                  + " certificate")
          : new Refused(
              P2pReasons.NO_SERVER_CERTIFICATE, "the TLS server presented no certificate");
    }
    Bytes der;
    try {
      der = Bytes.wrapUnsafe(presented.getCertificateAt(0).getEncoded());
    } catch (IOException e) {
      return new Refused(CertificateReasons.MALFORMED, "cannot encode the presented certificate");
    }
    return judge(der, policy);
  }

  /**
   * Judges a certificate again with the current trust store and time (after a governance change).
   */
  Outcome revalidate(Certificate certificate, PeerPolicy policy) {
    return judge(certificate.der(), policy);
  }

  private Outcome judge(Bytes der, PeerPolicy policy) {
    String fingerprint = fingerprint(der);
    Validation validation = trustStore.get().validate(der, clock.millis(), Purpose.NODE);
    if (validation instanceof Validation.Invalid invalid) {
      return new Refused(invalid.reason(), fingerprint + ", " + invalid.detail());
    }
    if (!(validation instanceof Validation.Valid valid)) {
      throw new AssertionError("unknown validation " + validation);
    }
    PeerId peer =
        new PeerId(valid.institutionId(), CryptoSuite.of(suite).fingerprint(valid.publicKey()));
    Optional<Refused> refused = policy.judge(peer, valid.certificate());
    if (refused.isPresent()) {
      Refused refusal = refused.get();
      return new Refused(
          refusal.reason(),
          fingerprint + ", " + describe(valid.certificate()) + ": " + refusal.detail(),
          refusal.alert());
    }
    return new Authenticated(peer, valid.certificate());
  }

  /** The certificate's fingerprint: the suite's hash of its DER encoding (its certificate id). */
  private String fingerprint(Bytes der) {
    String algorithm = suite == SuiteId.GUOMI ? "sm3" : "sha256";
    return "certificate fingerprint " + algorithm + ":" + CryptoSuite.of(suite).hash(der).toHex();
  }

  /** Subject, issuer and serial, as the trust store's rejections name a certificate. */
  static String describe(Certificate certificate) {
    return "certificate subject \""
        + certificate.subject()
        + "\" issuer \""
        + certificate.issuer()
        + "\" serial "
        + certificate.serial().toString(16);
  }

  /** The TLS alert that tells the refused peer, in TLS terms, why. */
  static short alertFor(String reason) {
    return switch (reason) {
      case CertificateReasons.UNKNOWN_ISSUER, CertificateReasons.SIGNATURE_INVALID ->
          AlertDescription.unknown_ca;
      case CertificateReasons.REVOKED, CertificateReasons.CA_REVOKED ->
          AlertDescription.certificate_revoked;
      case CertificateReasons.EXPIRED,
          CertificateReasons.CA_EXPIRED,
          CertificateReasons.NOT_YET_VALID,
          CertificateReasons.CA_NOT_YET_VALID ->
          AlertDescription.certificate_expired;
      case P2pReasons.NO_CLIENT_CERTIFICATE -> AlertDescription.certificate_required;
      case P2pReasons.UNKNOWN_PEER, P2pReasons.PEER_MISMATCH -> AlertDescription.access_denied;
      default -> AlertDescription.bad_certificate;
    };
  }
}
