package io.entente.node.consortium;

import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.X509Algorithms;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * The HTTPS API's server certificates. Browsers do not speak SM2 TLS, so the API uses a P-256 key
 * and certificate in both suites, issued by an institution's API CA: a P-256 CA that is never a
 * member CA, so an API key can never pass as a node or a client of the consortium. The certificate
 * names its host in subjectAltName (browsers and Java's hostname check ignore the CN) and carries
 * extendedKeyUsage serverAuth only.
 */
final class ApiCertificates {
  private static final int SERIAL_BITS = 159;
  private static final String LOOPBACK_NAME = "localhost";

  private ApiCertificates() {}

  static Certificate issueServer(
      Signer apiCa,
      Certificate apiCaCertificate,
      PublicKey serverKey,
      String subject,
      String host,
      long notBeforeMs,
      long notAfterMs,
      SecureRandom random) {
    if (apiCa.suite() != SuiteId.STANDARD || serverKey.suite() != SuiteId.STANDARD) {
      throw new IllegalArgumentException("API certificates are P-256 in both suites");
    }
    try {
      X509CertificateHolder issuer =
          new X509CertificateHolder(apiCaCertificate.der().unsafeArray());
      X509v3CertificateBuilder builder =
          new X509v3CertificateBuilder(
              issuer.getSubject(),
              serial(random),
              new Date(notBeforeMs / 1000 * 1000),
              new Date(notAfterMs / 1000 * 1000),
              new X500Name(subject),
              X509Algorithms.subjectPublicKeyInfo(serverKey));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, altNames(host));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          new SubjectKeyIdentifier(keyIdentifier(serverKey)));
      SubjectKeyIdentifier caKeyId = SubjectKeyIdentifier.fromExtensions(issuer.getExtensions());
      if (caKeyId != null) {
        builder.addExtension(
            Extension.authorityKeyIdentifier,
            false,
            new AuthorityKeyIdentifier(caKeyId.getKeyIdentifier()));
      }
      X509CertificateHolder built = builder.build(new EcdsaContentSigner(apiCa));
      return Certificate.parse(Bytes.wrapUnsafe(built.getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot build an API certificate", e);
    }
  }

  /** The host, and on loopback also both loopback names, so https://localhost works too. */
  private static GeneralNames altNames(String host) {
    List<GeneralName> names = new ArrayList<>();
    names.add(name(host));
    if (host.equals("127.0.0.1") || host.equals(LOOPBACK_NAME)) {
      for (String loopback : List.of("127.0.0.1", LOOPBACK_NAME)) {
        if (!loopback.equals(host)) {
          names.add(name(loopback));
        }
      }
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static GeneralName name(String host) {
    boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = host.contains(":");
    return new GeneralName(ipv4 || ipv6 ? GeneralName.iPAddress : GeneralName.dNSName, host);
  }

  private static BigInteger serial(SecureRandom random) {
    BigInteger serial;
    do {
      serial = new BigInteger(SERIAL_BITS, random);
    } while (serial.signum() == 0);
    return serial;
  }

  /** Leftmost 160 bits of SHA-256 of the key's point (RFC 7093 §2 method 1). */
  private static byte[] keyIdentifier(PublicKey key) {
    byte[] point = X509Algorithms.uncompressedPoint(key);
    byte[] hash =
        io.entente.core.crypto.CryptoSuite.of(SuiteId.STANDARD)
            .hash(Bytes.wrapUnsafe(point))
            .value()
            .toByteArray();
    return Arrays.copyOf(hash, 20);
  }

  /** BouncyCastle's builder signing through our P-256 {@link Signer}, DER-encoding (r, s). */
  private static final class EcdsaContentSigner implements ContentSigner {
    private final Signer signer;
    private final ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream();

    EcdsaContentSigner(Signer signer) {
      this.signer = signer;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return X509Algorithms.signatureAlgorithm(SuiteId.STANDARD);
    }

    @Override
    public OutputStream getOutputStream() {
      return toBeSigned;
    }

    @Override
    public byte[] getSignature() {
      Signature signature = signer.sign(Bytes.wrapUnsafe(toBeSigned.toByteArray()));
      byte[] raw = signature.value().unsafeArray();
      try {
        return new DERSequence(
                new ASN1Integer[] {
                  new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, 32))),
                  new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 32, 64)))
                })
            .getEncoded();
      } catch (IOException e) {
        throw new IllegalStateException("cannot DER-encode a signature", e);
      }
    }
  }
}
