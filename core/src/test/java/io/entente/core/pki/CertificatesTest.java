package io.entente.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificatesTest {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void bouncyCastleVerifiesEveryIssuedCertificate(SuiteId suite) throws Exception {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer root = fixture.rootCa("CN=Group Root,O=Bank A Group");
    Issuer ca = fixture.issuedCa(root, "CN=Bank A CA,O=Bank A");
    Certificate node = fixture.leaf(ca, "CN=node-1,O=Bank A", CertificateProfile.NODE);
    Certificate client = fixture.leaf(ca, "CN=gateway,O=Bank A", CertificateProfile.CLIENT);

    assertThat(verifiesWithBouncyCastle(root.certificate(), root.certificate())).isTrue();
    assertThat(verifiesWithBouncyCastle(ca.certificate(), root.certificate())).isTrue();
    assertThat(verifiesWithBouncyCastle(node, ca.certificate())).isTrue();
    assertThat(verifiesWithBouncyCastle(client, ca.certificate())).isTrue();
    assertThat(verifiesWithBouncyCastle(node, root.certificate())).isFalse();
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void theJcaCertificateFactoryReadsAndVerifiesThem(SuiteId suite) throws Exception {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer ca = fixture.selfSignedCa("CN=Bank A CA,O=Bank A");
    Certificate node = fixture.leaf(ca, "CN=node-1,O=Bank A", CertificateProfile.NODE);
    CertificateFactory factory = CertificateFactory.getInstance("X.509", BC);
    X509Certificate caCert = read(factory, ca.certificate());
    X509Certificate nodeCert = read(factory, node);

    nodeCert.verify(caCert.getPublicKey(), BC);
    caCert.verify(caCert.getPublicKey(), BC);
    assertThat(nodeCert.getExtendedKeyUsage())
        .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(nodeCert.getBasicConstraints()).isEqualTo(-1);
    assertThat(caCert.getBasicConstraints()).isZero();
  }

  @Test
  void theJdkItselfVerifiesStandardCertificates() throws Exception {
    PkiFixture fixture = new PkiFixture(SuiteId.STANDARD);
    Issuer ca = fixture.selfSignedCa("CN=Bank A CA,O=Bank A");
    Certificate node = fixture.leaf(ca, "CN=node-1,O=Bank A", CertificateProfile.NODE);
    CertificateFactory factory = CertificateFactory.getInstance("X.509");

    read(factory, node).verify(read(factory, ca.certificate()).getPublicKey());
    assertThat(read(factory, node).getSigAlgName()).isEqualTo("SHA256withECDSA");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void profilesSetConstraintsUsagesAndKeyIdentifiers(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer ca = fixture.selfSignedCa("CN=Bank A CA,O=Bank A");
    Certificate node = fixture.leaf(ca, "CN=node-1,O=Bank A", CertificateProfile.NODE);
    Certificate client = fixture.leaf(ca, "CN=admin,O=Bank A", CertificateProfile.CLIENT);
    X509CertificateHolder caHolder = ca.certificate().holder();
    X509CertificateHolder nodeHolder = node.holder();

    BasicConstraints caConstraints = BasicConstraints.fromExtensions(caHolder.getExtensions());
    assertThat(caConstraints.isCA()).isTrue();
    assertThat(caConstraints.getPathLenConstraint()).isZero();
    assertThat(caHolder.getExtension(Extension.basicConstraints).isCritical()).isTrue();
    assertThat(ca.certificate().hasKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)).isTrue();
    assertThat(node.isCa()).isFalse();
    assertThat(node.hasKeyUsage(KeyUsage.digitalSignature)).isTrue();
    assertThat(node.hasKeyUsage(KeyUsage.keyCertSign)).isFalse();
    assertThat(nodeHolder.getExtension(Extension.keyUsage).isCritical()).isTrue();
    assertThat(node.hasExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)).isTrue();
    assertThat(node.hasExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)).isTrue();
    assertThat(client.hasExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)).isTrue();
    assertThat(client.hasExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)).isFalse();

    Bytes caKeyId = ca.certificate().subjectKeyIdentifier().orElseThrow();
    assertThat(caKeyId.length()).isEqualTo(20);
    assertThat(authorityKeyId(nodeHolder)).isEqualTo(caKeyId);
    assertThat(authorityKeyId(caHolder)).isEqualTo(caKeyId);
    assertThat(node.subjectKeyIdentifier()).isNotEqualTo(ca.certificate().subjectKeyIdentifier());
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void namesSerialsValidityAndIdAreAsGiven(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer ca = fixture.selfSignedCa("CN=Bank A CA,O=Bank A,C=CN");
    Signer nodeKey = fixture.newSigner();
    Certificate node =
        Certificates.issue(
            ca,
            new CertificateTemplate(
                "CN=node-1,O=Bank A,C=CN",
                nodeKey.publicKey(),
                CertificateProfile.NODE,
                PkiFixture.NOW_MS + 1_234,
                PkiFixture.NOW_MS + PkiFixture.DAY_MS + 999),
            fixture.random);

    assertThat(node.subject()).isEqualTo("CN=node-1,O=Bank A,C=CN");
    assertThat(node.issuer()).isEqualTo("CN=Bank A CA,O=Bank A,C=CN");
    assertThat(node.notBeforeMs()).isEqualTo(PkiFixture.NOW_MS + 1_000);
    assertThat(node.notAfterMs()).isEqualTo(PkiFixture.NOW_MS + PkiFixture.DAY_MS);
    assertThat(node.publicKey(suite)).contains(nodeKey.publicKey());
    assertThat(node.serial().signum()).isPositive();
    assertThat(node.serial().toByteArray().length)
        .isLessThanOrEqualTo(CoreLimits.CERTIFICATE_SERIAL_BYTES_MAX);
    assertThat(node.serial()).isNotEqualTo(ca.certificate().serial());
    assertThat(node.id(suite)).isEqualTo(fixture.crypto.hash(node.der()));
    assertThat(node.id(suite)).isNotEqualTo(ca.certificate().id(suite));
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void anySignerImplementationCanIssue(SuiteId suite) throws Exception {
    PkiFixture fixture = new PkiFixture(suite);
    Signer inMemory = fixture.newSigner();
    AtomicInteger calls = new AtomicInteger();
    Signer hsmLike =
        new Signer() {
          @Override
          public SuiteId suite() {
            return inMemory.suite();
          }

          @Override
          public PublicKey publicKey() {
            return inMemory.publicKey();
          }

          @Override
          public Signature sign(Bytes message) {
            calls.incrementAndGet();
            return inMemory.sign(message);
          }
        };
    Certificate ca =
        Certificates.selfSign(
            hsmLike,
            fixture.template("CN=HSM CA,O=Bank A", hsmLike, CertificateProfile.INSTITUTION_CA),
            fixture.random);

    assertThat(calls).hasValue(1);
    assertThat(verifiesWithBouncyCastle(ca, ca)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void misuseOfTheBuilderIsRefused(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer ca = fixture.selfSignedCa("CN=Bank A CA,O=Bank A");
    Signer other = fixture.newSigner();
    Certificate node = fixture.leaf(ca, "CN=node-1,O=Bank A", CertificateProfile.NODE);

    assertThatThrownBy(() -> new Issuer(other, ca.certificate()))
        .hasMessageContaining("not the key of the CA certificate");
    assertThatThrownBy(() -> new Issuer(ca.signer(), node)).hasMessageContaining("is not a CA");
    assertThatThrownBy(
            () ->
                Certificates.selfSign(
                    other,
                    fixture.template("CN=x", other, CertificateProfile.NODE),
                    fixture.random))
        .hasMessageContaining("only a CA certificate may be self-signed");
    assertThatThrownBy(
            () ->
                Certificates.issue(
                    ca,
                    fixture.template("CN=Sub CA", other, CertificateProfile.INSTITUTION_CA),
                    fixture.random))
        .hasMessageContaining("pathLen 0");
    assertThatThrownBy(
            () ->
                new CertificateTemplate(
                    "CN=x", other.publicKey(), CertificateProfile.NODE, 10_000, 10_000))
        .hasMessageContaining("validity window is empty");
  }

  static boolean verifiesWithBouncyCastle(Certificate certificate, Certificate issuer)
      throws Exception {
    return certificate
        .holder()
        .isSignatureValid(
            new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer.holder()));
  }

  private static X509Certificate read(CertificateFactory factory, Certificate certificate)
      throws Exception {
    return (X509Certificate)
        factory.generateCertificate(new ByteArrayInputStream(certificate.der().toByteArray()));
  }

  private static Bytes authorityKeyId(X509CertificateHolder holder) {
    return Bytes.of(
        AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifierOctets());
  }
}
