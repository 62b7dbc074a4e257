package io.entente.core.pki;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.SuiteId;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * An X.509 v3 certificate, held as its DER encoding. Parsing accepts only canonical DER, so the
 * bytes (and the certificate id derived from them) are the one encoding of the certificate's
 * content, and the signed TBSCertificate is exactly what a re-encoding produces.
 *
 * <p>Accessors report what the certificate says; nothing here is trusted until a {@link TrustStore}
 * has validated it.
 */
public final class Certificate {
  /**
   * Extensions we understand; a critical extension outside this set makes a certificate unusable.
   */
  private static final List<ASN1ObjectIdentifier> UNDERSTOOD_EXTENSIONS =
      List.of(
          Extension.basicConstraints,
          Extension.keyUsage,
          Extension.extendedKeyUsage,
          Extension.subjectKeyIdentifier,
          Extension.authorityKeyIdentifier,
          Extension.subjectAlternativeName);

  private final Bytes der;
  private final X509CertificateHolder holder;
  private final boolean ca;
  private final boolean leavesOnly;
  private final KeyUsage keyUsage;
  private final ExtendedKeyUsage extendedKeyUsage;
  private final byte[] subjectKeyIdentifier;
  private final List<String> unknownCriticalExtensions;

  private Certificate(Bytes der, X509CertificateHolder holder) {
    this.der = der;
    this.holder = holder;
    Extensions extensions = holder.getExtensions();
    BasicConstraints constraints = BasicConstraints.fromExtensions(extensions);
    this.ca = constraints != null && constraints.isCA();
    this.leavesOnly =
        ca
            && constraints.getPathLenConstraint() != null
            && constraints.getPathLenConstraint().signum() == 0;
    this.keyUsage = KeyUsage.fromExtensions(extensions);
    this.extendedKeyUsage = ExtendedKeyUsage.fromExtensions(extensions);
    SubjectKeyIdentifier keyId = SubjectKeyIdentifier.fromExtensions(extensions);
    this.subjectKeyIdentifier = keyId == null ? null : keyId.getKeyIdentifier();
    List<String> unknown = new ArrayList<>();
    if (extensions != null) {
      for (ASN1ObjectIdentifier oid : extensions.getCriticalExtensionOIDs()) {
        if (!UNDERSTOOD_EXTENSIONS.contains(oid)) {
          unknown.add(oid.getId());
        }
      }
    }
    this.unknownCriticalExtensions = List.copyOf(unknown);
  }

  /**
   * Parses one DER-encoded X.509 v3 certificate.
   *
   * @throws CertificateFormatException if the input is too large, not DER, has trailing bytes, is
   *     not a certificate or not version 3
   */
  public static Certificate parse(Bytes der) {
    if (der.length() > CoreLimits.CERTIFICATE_BYTES_MAX) {
      throw new CertificateFormatException(
          "certificate is "
              + der.length()
              + " bytes, more than the limit of "
              + CoreLimits.CERTIFICATE_BYTES_MAX);
    }
    org.bouncycastle.asn1.x509.Certificate structure;
    byte[] reencoded;
    try {
      structure =
          org.bouncycastle.asn1.x509.Certificate.getInstance(
              ASN1Primitive.fromByteArray(der.toByteArray()));
      reencoded = structure.getEncoded(ASN1Encoding.DER);
    } catch (IOException | RuntimeException e) {
      throw new CertificateFormatException("not an X.509 certificate: " + e.getMessage(), e);
    }
    if (!Arrays.equals(reencoded, der.unsafeArray())) {
      throw new CertificateFormatException("certificate is not in canonical DER encoding");
    }
    X509CertificateHolder holder = new X509CertificateHolder(structure);
    if (holder.getVersionNumber() != 3) {
      throw new CertificateFormatException(
          "certificate is X.509 version " + holder.getVersionNumber() + ", expected 3");
    }
    BigInteger serial = holder.getSerialNumber();
    if (serial.signum() <= 0
        || serial.toByteArray().length > CoreLimits.CERTIFICATE_SERIAL_BYTES_MAX) {
      throw new CertificateFormatException(
          "certificate serial must be positive and at most "
              + CoreLimits.CERTIFICATE_SERIAL_BYTES_MAX
              + " bytes");
    }
    try {
      return new Certificate(Bytes.wrapUnsafe(reencoded), holder);
    } catch (RuntimeException e) {
      throw new CertificateFormatException("malformed certificate extension: " + e.getMessage(), e);
    }
  }

  static Certificate of(X509CertificateHolder holder) {
    try {
      return parse(Bytes.wrapUnsafe(holder.getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a certificate just built", e);
    }
  }

  /** The DER encoding. */
  public Bytes der() {
    return der;
  }

  /**
   * The certificate id: the suite's hash (SHA-256 or SM3) of the DER encoding. Transactions name
   * their submitter by it.
   */
  public Hash id(SuiteId suite) {
    return CryptoSuite.of(suite).hash(der);
  }

  /** The subject name, RFC 4514 style (for example {@code CN=node-1,O=Bank A}). */
  public String subject() {
    return holder.getSubject().toString();
  }

  /** The issuer name, RFC 4514 style. */
  public String issuer() {
    return holder.getIssuer().toString();
  }

  public BigInteger serial() {
    return holder.getSerialNumber();
  }

  /** Start of the validity window in milliseconds since the epoch (whole seconds). */
  public long notBeforeMs() {
    return holder.getNotBefore().getTime();
  }

  /** End of the validity window (inclusive) in milliseconds since the epoch (whole seconds). */
  public long notAfterMs() {
    return holder.getNotAfter().getTime();
  }

  /** The subject key if it is a valid key of {@code suite}; empty for any other key. */
  public Optional<PublicKey> publicKey(SuiteId suite) {
    return X509Algorithms.publicKey(holder.getSubjectPublicKeyInfo(), suite);
  }

  /** True when basicConstraints is present and says cA. */
  public boolean isCa() {
    return ca;
  }

  /**
   * True for a CA whose basicConstraints pathLen is 0: it may issue end-entity certificates only.
   */
  boolean issuesLeavesOnly() {
    return leavesOnly;
  }

  /** True when keyUsage is present and asserts every bit of {@code usage} (KeyUsage flags). */
  boolean hasKeyUsage(int usage) {
    return keyUsage != null && keyUsage.hasUsages(usage);
  }

  /** True when extendedKeyUsage is present and lists {@code purpose}. */
  boolean hasExtendedKeyUsage(KeyPurposeId purpose) {
    return extendedKeyUsage != null && extendedKeyUsage.hasKeyPurposeId(purpose);
  }

  /** The subjectKeyIdentifier extension's value, if present. */
  Optional<Bytes> subjectKeyIdentifier() {
    return Optional.ofNullable(subjectKeyIdentifier).map(Bytes::of);
  }

  /** OIDs of critical extensions this code does not process, in certificate order. */
  List<String> unknownCriticalExtensions() {
    return unknownCriticalExtensions;
  }

  X509CertificateHolder holder() {
    return holder;
  }

  X500Name subjectName() {
    return holder.getSubject();
  }

  X500Name issuerName() {
    return holder.getIssuer();
  }

  /** The signed part, as encoded in this certificate (DER, so also its canonical encoding). */
  Bytes tbs() {
    try {
      return Bytes.wrapUnsafe(
          holder.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a parsed TBSCertificate", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Certificate certificate && certificate.der.equals(der);
  }

  @Override
  public int hashCode() {
    return der.hashCode();
  }

  @Override
  public String toString() {
    return "Certificate[subject="
        + Names.forDetail(holder.getSubject())
        + ", issuer="
        + Names.forDetail(holder.getIssuer())
        + ", serial="
        + serial().toString(16)
        + "]";
  }
}
