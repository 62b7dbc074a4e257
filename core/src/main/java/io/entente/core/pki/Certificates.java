package io.entente.core.pki;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Issues certificates of the four {@link CertificateProfile}s, signed through a {@link Signer}:
 *
 * <ul>
 *   <li>ROOT_CA: basicConstraints cA (critical); keyUsage keyCertSign, cRLSign (critical).
 *   <li>INSTITUTION_CA: basicConstraints cA with pathLen 0 (critical), so it issues leaves only;
 *       keyUsage keyCertSign, cRLSign (critical).
 *   <li>NODE: basicConstraints not cA (critical); keyUsage digitalSignature (critical);
 *       extendedKeyUsage serverAuth, clientAuth.
 *   <li>CLIENT: basicConstraints not cA (critical); keyUsage digitalSignature (critical);
 *       extendedKeyUsage clientAuth.
 * </ul>
 *
 * Every certificate carries subjectKeyIdentifier and authorityKeyIdentifier. Key identifiers are
 * the leftmost 160 bits of the suite's hash of the subject public key bits (RFC 7093 §2 method 1,
 * with SM3 in the guomi suite). Serial numbers are 159 random bits from the caller's source, so
 * they are positive and fit in 20 bytes.
 */
public final class Certificates {
  private static final int SERIAL_BITS = CoreLimits.CERTIFICATE_SERIAL_BYTES_MAX * 8 - 1;
  private static final int KEY_IDENTIFIER_BYTES = 20;

  private Certificates() {}

  /** A self-signed certificate: a member CA that is its own root, or an external root. */
  public static Certificate selfSign(
      Signer signer, CertificateTemplate template, SecureRandom random) {
    if (!template.publicKey().equals(signer.publicKey())) {
      throw new IllegalArgumentException("a self-signed certificate must carry the signer's key");
    }
    requireCa(template.profile());
    X500Name subject = Names.parse(template.subject());
    Bytes keyId = keyIdentifier(template.publicKey());
    return build(signer, subject, keyId, template, random);
  }

  /** A certificate for {@code template}'s key, signed by {@code issuer}. */
  public static Certificate issue(
      Issuer issuer, CertificateTemplate template, SecureRandom random) {
    if (template.publicKey().suite() != issuer.signer().suite()) {
      throw new IllegalArgumentException(
          "a "
              + issuer.signer().suite().label()
              + " CA cannot certify a "
              + template.publicKey().suite().label()
              + " key");
    }
    Certificate ca = issuer.certificate();
    if (isCaProfile(template.profile()) && ca.issuesLeavesOnly()) {
      throw new IllegalArgumentException(
          "CA " + ca + " has pathLen 0 and may not issue the CA certificate " + template.subject());
    }
    Bytes authorityKeyId =
        ca.subjectKeyIdentifier().orElseGet(() -> keyIdentifier(issuer.signer().publicKey()));
    return build(issuer.signer(), ca.subjectName(), authorityKeyId, template, random);
  }

  private static boolean isCaProfile(CertificateProfile profile) {
    return profile == CertificateProfile.ROOT_CA || profile == CertificateProfile.INSTITUTION_CA;
  }

  private static void requireCa(CertificateProfile profile) {
    if (!isCaProfile(profile)) {
      throw new IllegalArgumentException(
          "only a CA certificate may be self-signed, not " + profile);
    }
  }

  private static Certificate build(
      Signer signer,
      X500Name issuerName,
      Bytes authorityKeyId,
      CertificateTemplate template,
      SecureRandom random) {
    SubjectPublicKeyInfo subjectKey = X509Algorithms.subjectPublicKeyInfo(template.publicKey());
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            issuerName,
            serial(random),
            new Date(wholeSeconds(template.notBeforeMs())),
            new Date(wholeSeconds(template.notAfterMs())),
            Names.parse(template.subject()),
            subjectKey);
    try {
      addProfileExtensions(builder, template.profile());
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          new SubjectKeyIdentifier(keyIdentifier(template.publicKey()).toByteArray()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new AuthorityKeyIdentifier(authorityKeyId.toByteArray()));
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode certificate extensions", e);
    }
    return Certificate.of(builder.build(new SignerContentSigner(signer)));
  }

  private static void addProfileExtensions(
      X509v3CertificateBuilder builder, CertificateProfile profile) throws CertIOException {
    switch (profile) {
      case ROOT_CA -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, caKeyUsage());
      }
      case INSTITUTION_CA -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, caKeyUsage());
      }
      case NODE -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      }
      case CLIENT -> {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      }
      default -> throw new AssertionError("unknown profile " + profile);
    }
  }

  private static KeyUsage caKeyUsage() {
    return new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
  }

  private static BigInteger serial(SecureRandom random) {
    BigInteger serial;
    do {
      serial = new BigInteger(SERIAL_BITS, random);
    } while (serial.signum() == 0);
    return serial;
  }

  private static long wholeSeconds(long ms) {
    return Math.floorDiv(ms, 1000L) * 1000L;
  }

  /** Leftmost 160 bits of the suite hash of the subject public key bits (RFC 7093 §2). */
  static Bytes keyIdentifier(PublicKey key) {
    SuiteId suite = key.suite();
    byte[] point = X509Algorithms.uncompressedPoint(key);
    byte[] hash = CryptoSuite.of(suite).hash(Bytes.wrapUnsafe(point)).value().toByteArray();
    return Bytes.of(hash, 0, KEY_IDENTIFIER_BYTES);
  }
}
