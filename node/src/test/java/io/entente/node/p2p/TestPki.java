package io.entente.node.p2p;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateProfile;
import io.entente.core.pki.CertificateTemplate;
import io.entente.core.pki.Certificates;
import io.entente.core.pki.Issuer;
import io.entente.core.pki.MemberCa;
import io.entente.core.pki.Revocation;
import io.entente.core.pki.TrustStore;
import java.security.SecureRandom;
import java.util.List;

/** CAs, node keys and certificates of one suite for p2p tests, valid around the current time. */
final class TestPki {
  private static final long DAY_MS = 86_400_000L;

  final SuiteId suite;
  final CryptoSuite crypto;
  final SecureRandom random = new SecureRandom();
  private final long nowMs = System.currentTimeMillis();

  TestPki(SuiteId suite) {
    this.suite = suite;
    this.crypto = CryptoSuite.of(suite);
  }

  private CertificateTemplate template(String subject, KeyPair keys, CertificateProfile profile) {
    return new CertificateTemplate(
        subject, keys.publicKey(), profile, nowMs - DAY_MS, nowMs + 365 * DAY_MS);
  }

  /** A member CA that is its own root. */
  Issuer selfSignedCa(String subject) {
    KeyPair keys = crypto.generateKeyPair(random);
    Certificate certificate =
        Certificates.selfSign(
            crypto.signer(keys.privateKey()),
            template(subject, keys, CertificateProfile.INSTITUTION_CA),
            random);
    return new Issuer(crypto.signer(keys.privateKey()), certificate);
  }

  /** An external root above member CAs (never a trust anchor). */
  Issuer rootCa(String subject) {
    KeyPair keys = crypto.generateKeyPair(random);
    Certificate certificate =
        Certificates.selfSign(
            crypto.signer(keys.privateKey()),
            template(subject, keys, CertificateProfile.ROOT_CA),
            random);
    return new Issuer(crypto.signer(keys.privateKey()), certificate);
  }

  /** An institution CA issued by {@code parent}. */
  Issuer issuedCa(Issuer parent, String subject) {
    KeyPair keys = crypto.generateKeyPair(random);
    Certificate certificate =
        Certificates.issue(
            parent, template(subject, keys, CertificateProfile.INSTITUTION_CA), random);
    return new Issuer(crypto.signer(keys.privateKey()), certificate);
  }

  /** A fresh node key with a node certificate from {@code ca}; the chain is the leaf alone. */
  NodeIdentity node(Issuer ca, String subject) {
    KeyPair keys = crypto.generateKeyPair(random);
    Certificate leaf =
        Certificates.issue(ca, template(subject, keys, CertificateProfile.NODE), random);
    return new NodeIdentity(keys.privateKey(), List.of(leaf));
  }

  /** The identity a peer proves with {@code identity} when {@code institution}'s CA issued it. */
  PeerId peerId(String institution, NodeIdentity identity) {
    return new PeerId(institution, crypto.fingerprint(identity.key().publicKey()));
  }

  TrustStore store(List<MemberCa> members, List<Revocation> revocations) {
    return TrustStore.of(suite, members, revocations);
  }
}
