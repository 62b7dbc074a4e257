package io.entente.core.governance;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.TestKeys;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateProfile;
import io.entente.core.pki.CertificateTemplate;
import io.entente.core.pki.Certificates;
import io.entente.core.pki.Issuer;
import io.entente.core.pki.Revocation;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * Deterministic governance states for tests and the golden vector: fixed keys (so signatures are
 * fixed, RFC 6979), fixed validity windows and serials from a counting random source.
 */
final class GovernanceSamples {
  static final long NOW_MS = 1_750_000_000_000L;
  private static final long YEAR_MS = 365L * 86_400_000L;

  private GovernanceSamples() {}

  /** Not random at all: serial numbers come out the same on every run. */
  static final class CountingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private int next = 1;

    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) next++;
      }
    }
  }

  static Issuer ca(SuiteId suite, String institution, int keyNumber, SecureRandom random) {
    Signer key = TestKeys.signer(suite, keyNumber);
    Certificate certificate =
        Certificates.selfSign(
            key,
            new CertificateTemplate(
                "CN=" + institution + " CA,O=" + institution,
                key.publicKey(),
                CertificateProfile.INSTITUTION_CA,
                NOW_MS,
                NOW_MS + 10 * YEAR_MS),
            random);
    return new Issuer(key, certificate);
  }

  static Certificate nodeCertificate(Issuer ca, String subject, Signer key, SecureRandom random) {
    return Certificates.issue(
        ca,
        new CertificateTemplate(
            subject, key.publicKey(), CertificateProfile.NODE, NOW_MS, NOW_MS + YEAR_MS),
        random);
  }

  static Hash hash(SuiteId suite, String label) {
    return CryptoSuite.of(suite)
        .hash(io.entente.core.bytes.Bytes.of(label.getBytes(StandardCharsets.UTF_8)));
  }

  static NodeEntry node(SuiteId suite, String nodeId, String institution, int tlsKey, int sealKey) {
    CryptoSuite crypto = CryptoSuite.of(suite);
    return new NodeEntry(
        nodeId,
        institution,
        crypto.fingerprint(TestKeys.signer(suite, tlsKey).publicKey()),
        TestKeys.signer(suite, sealKey).publicKey());
  }

  /** A lead and one partner, a node each, one revocation, the governance and one bilateral. */
  static GovernanceGenesis sample(SuiteId suite) {
    CountingRandom random = new CountingRandom();
    Issuer lead = ca(suite, "lead-bank", 1, random);
    Issuer partner = ca(suite, "partner-a", 2, random);
    return new GovernanceGenesis(
        suite,
        List.of(
            new Member("partner-a", Role.PARTNER, partner.certificate()),
            new Member("lead-bank", Role.LEAD, lead.certificate())),
        List.of(
            node(suite, "partner-a-node-1", "partner-a", 20, 21),
            node(suite, "lead-bank-node-1", "lead-bank", 10, 11)),
        List.of(new Revocation(lead.certificate().subject(), BigInteger.valueOf(0x80_01))),
        List.of(
            new ChannelDefinition(
                "lead-bank--partner-a",
                List.of("partner-a", "lead-bank"),
                hash(suite, "bilateral genesis")),
            new ChannelDefinition(
                "governance",
                List.of("lead-bank", "partner-a"),
                hash(suite, "governance genesis"))));
  }
}
