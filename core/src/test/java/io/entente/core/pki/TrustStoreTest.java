package io.entente.core.pki;

import static io.entente.core.pki.PkiFixture.DAY_MS;
import static io.entente.core.pki.PkiFixture.NOW_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrustStoreTest {

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aLeafBelongsToTheInstitutionOfItsIssuingCaNotToItsSubject(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    Issuer caB = fixture.selfSignedCa("CN=B CA,O=B");
    TrustStore store = store(suite, member("A", caA), member("B", caB));
    Signer key = fixture.newSigner();
    Certificate namingB =
        Certificates.issue(
            caA, fixture.template("CN=B-node,O=B", key, CertificateProfile.NODE), fixture.random);

    Validation validation = store.validate(namingB, NOW_MS, Purpose.NODE);

    assertThat(validation)
        .isInstanceOfSatisfying(
            Validation.Valid.class,
            valid -> {
              assertThat(valid.institutionId()).isEqualTo("A");
              assertThat(valid.publicKey()).isEqualTo(key.publicKey());
              assertThat(valid.issuer().certificate()).isEqualTo(caA.certificate());
            });
    assertThat(validation.check().isAccepted()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void anotherCaUnderTheSameRootIsUnknownEvenThoughTheRootIsAnAncestor(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer root = fixture.rootCa("CN=Root R,O=Group");
    Issuer caA = fixture.issuedCa(root, "CN=A CA,O=A");
    Issuer caX = fixture.issuedCa(root, "CN=X CA,O=X");
    TrustStore store = store(suite, member("A", caA));
    Certificate fromA = fixture.leaf(caA, "CN=A-node,O=A", CertificateProfile.NODE);
    Certificate fromX = fixture.leaf(caX, "CN=X-node,O=X", CertificateProfile.NODE);

    assertThat(store.validate(fromA, NOW_MS, Purpose.NODE).isValid()).isTrue();
    assertRejected(store.validate(fromX, NOW_MS, Purpose.NODE), "unknown-issuer", fromX);
    assertThat(store.validate(fromX, NOW_MS, Purpose.NODE).within("p2p peer 10.0.0.7:7700"))
        .isInstanceOfSatisfying(
            Validation.Invalid.class,
            invalid ->
                assertThat(invalid.detail())
                    .startsWith("p2p peer 10.0.0.7:7700: certificate subject \"CN=X-node,O=X\""));
    assertRejected(
        store.validate(caX.certificate(), NOW_MS, Purpose.NODE),
        "unknown-issuer",
        caX.certificate());
    assertRejected(
        store.validate(root.certificate(), NOW_MS, Purpose.NODE),
        "unknown-issuer",
        root.certificate());
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aSelfSignedImpostorOfAMemberCaFailsOnItsSignature(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    TrustStore store = store(suite, member("A", caA));
    Issuer impostor = fixture.selfSignedCa("CN=A CA,O=A");
    Certificate impostorLeaf = fixture.leaf(impostor, "CN=A-node,O=A", CertificateProfile.NODE);

    assertRejected(
        store.validate(impostor.certificate(), NOW_MS, Purpose.NODE),
        "signature-invalid",
        impostor.certificate());
    assertRejected(
        store.validate(impostorLeaf, NOW_MS, Purpose.NODE), "signature-invalid", impostorLeaf);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aRevokedIssuerAndSerialIsRefused(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    Certificate revoked = fixture.leaf(caA, "CN=A-node-1,O=A", CertificateProfile.NODE);
    Certificate sibling = fixture.leaf(caA, "CN=A-node-2,O=A", CertificateProfile.NODE);
    TrustStore store =
        store(suite, member("A", caA))
            .withRevocation(new Revocation("o=a, cn=a ca", revoked.serial()));
    assertThat(store.validate(revoked, NOW_MS, Purpose.NODE).isValid()).isTrue();

    store = store(suite, member("A", caA)).withRevocation(Revocation.of(revoked));

    assertRejected(store.validate(revoked, NOW_MS, Purpose.NODE), "revoked", revoked);
    assertThat(store.validate(sibling, NOW_MS, Purpose.NODE).isValid()).isTrue();
    TrustStore caseInsensitive =
        store(suite, member("A", caA))
            .withRevocation(new Revocation("cn=a  ca, o=A", revoked.serial()));
    assertRejected(caseInsensitive.validate(revoked, NOW_MS, Purpose.NODE), "revoked", revoked);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aRevokedIntermediateMemberCaRevokesItsLeaves(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer root = fixture.rootCa("CN=Root R,O=Group");
    Issuer caA = fixture.issuedCa(root, "CN=A CA,O=A");
    Certificate leaf = fixture.leaf(caA, "CN=A-node,O=A", CertificateProfile.NODE);
    TrustStore store =
        store(suite, member("A", caA)).withRevocation(Revocation.of(caA.certificate()));

    Validation validation = store.validate(leaf, NOW_MS, Purpose.NODE);

    assertRejected(validation, "ca-revoked", leaf);
    assertThat(((Validation.Invalid) validation).detail()).contains("CN=A CA,O=A");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void validityWindowsAreInclusiveAndEnforced(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    TrustStore store = store(suite, member("A", caA));
    Certificate leaf = fixture.leaf(caA, "CN=A-node,O=A", NOW_MS, NOW_MS + DAY_MS);

    assertThat(store.validate(leaf, NOW_MS, Purpose.NODE).isValid()).isTrue();
    assertThat(store.validate(leaf, NOW_MS + DAY_MS, Purpose.NODE).isValid()).isTrue();
    assertRejected(store.validate(leaf, NOW_MS - 1, Purpose.NODE), "not-yet-valid", leaf);
    assertRejected(store.validate(leaf, NOW_MS + DAY_MS + 1, Purpose.NODE), "expired", leaf);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void anExpiredMemberCaIssuesNothingValid(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Signer key = fixture.newSigner();
    Certificate oldCa =
        Certificates.selfSign(
            key,
            new CertificateTemplate(
                "CN=A CA,O=A",
                key.publicKey(),
                CertificateProfile.INSTITUTION_CA,
                NOW_MS - 30 * DAY_MS,
                NOW_MS - DAY_MS),
            fixture.random);
    Issuer caA = new Issuer(key, oldCa);
    Certificate leaf = fixture.leaf(caA, "CN=A-node,O=A", CertificateProfile.NODE);

    assertRejected(
        store(suite, member("A", caA)).validate(leaf, NOW_MS, Purpose.NODE), "ca-expired", leaf);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aTamperedCertificateFailsItsSignature(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    TrustStore store = store(suite, member("A", caA));
    Certificate leaf = fixture.leaf(caA, "CN=tamper-target,O=A", CertificateProfile.NODE);
    byte[] der = leaf.der().toByteArray();
    int at = indexOf(der, "tamper-target".getBytes(StandardCharsets.US_ASCII));
    der[at] ^= 0x01;
    Certificate tampered = Certificate.parse(Bytes.wrapUnsafe(der));

    assertThat(tampered.subject()).isEqualTo("CN=uamper-target,O=A");
    assertRejected(store.validate(tampered, NOW_MS, Purpose.NODE), "signature-invalid", tampered);
    assertRejected(
        store.validate(tampered.der(), NOW_MS, Purpose.NODE), "signature-invalid", tampered);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void usagesMustFitThePurpose(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    TrustStore store = store(suite, member("A", caA));
    Certificate node = fixture.leaf(caA, "CN=A-node,O=A", CertificateProfile.NODE);
    Certificate client = fixture.leaf(caA, "CN=A-gateway,O=A", CertificateProfile.CLIENT);

    assertThat(store.validate(node, NOW_MS, Purpose.NODE).isValid()).isTrue();
    assertThat(store.validate(client, NOW_MS, Purpose.CLIENT).isValid()).isTrue();
    assertRejected(store.validate(client, NOW_MS, Purpose.NODE), "wrong-key-usage", client);
    assertRejected(store.validate(node, NOW_MS, Purpose.CLIENT), "wrong-key-usage", node);
    assertRejected(
        store.validate(caA.certificate(), NOW_MS, Purpose.NODE), "leaf-is-ca", caA.certificate());
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aMemberCaWithoutTheCaFlagIssuesNothingValid(SuiteId suite) throws Exception {
    PkiFixture fixture = new PkiFixture(suite);
    Signer notCaKey = fixture.newSigner();
    Certificate notCa = raw(fixture, notCaKey, "CN=Z CA,O=Z", "CN=Z CA,O=Z", notCaKey, false, null);
    Certificate leaf = raw(fixture, notCaKey, "CN=Z CA,O=Z", "CN=Z-node,O=Z", null, false, null);
    TrustStore store = store(suite, new MemberCa("Z", notCa));

    assertRejected(store.validate(leaf, NOW_MS, Purpose.NODE), "not-a-ca", leaf);
    assertThat(TrustStore.checkMemberCa(suite, notCa, NOW_MS))
        .isInstanceOfSatisfying(
            Check.Rejected.class,
            rejected -> {
              assertThat(rejected.reason()).isEqualTo("not-a-ca");
              assertThat(rejected.detail()).contains("CN=Z CA,O=Z");
            });
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void anUnknownCriticalExtensionIsRefused(SuiteId suite) throws Exception {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    Certificate leaf =
        raw(
            fixture,
            caA.signer(),
            "CN=A CA,O=A",
            "CN=A-node,O=A",
            null,
            false,
            new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1"));

    assertRejected(
        store(suite, member("A", caA)).validate(leaf, NOW_MS, Purpose.NODE),
        "unknown-critical-extension",
        leaf);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aCertificateOfTheOtherSuiteIsWrongSuite(SuiteId suite) {
    SuiteId other = suite == SuiteId.STANDARD ? SuiteId.GUOMI : SuiteId.STANDARD;
    PkiFixture fixture = new PkiFixture(suite);
    PkiFixture otherFixture = new PkiFixture(other);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    Issuer otherCa = otherFixture.selfSignedCa("CN=A CA,O=A");
    Certificate foreign = otherFixture.leaf(otherCa, "CN=A-node,O=A", CertificateProfile.NODE);

    assertRejected(
        store(suite, member("A", caA)).validate(foreign, NOW_MS, Purpose.NODE),
        "wrong-suite",
        foreign);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void bytesThatAreNotACertificateAreMalformed(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    TrustStore store = store(suite, member("A", caA));
    Bytes der = fixture.leaf(caA, "CN=A-node,O=A", CertificateProfile.NODE).der();

    Validation trailing =
        store.validate(der.concat(Bytes.of(new byte[] {0})), NOW_MS, Purpose.NODE);
    Validation garbage = store.validate(Bytes.fromHex("30030201"), NOW_MS, Purpose.NODE);

    assertThat(trailing)
        .isInstanceOfSatisfying(
            Validation.Invalid.class,
            invalid -> assertThat(invalid.reason()).isEqualTo("malformed"));
    assertThat(garbage)
        .isInstanceOfSatisfying(
            Validation.Invalid.class,
            invalid -> assertThat(invalid.reason()).isEqualTo("malformed"));
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void memberCaAdmissionChecksTheCertificateItself(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer root = fixture.rootCa("CN=Root R,O=Group");
    Issuer intermediate = fixture.issuedCa(root, "CN=A CA,O=A");
    Certificate node = fixture.leaf(intermediate, "CN=A-node,O=A", CertificateProfile.NODE);

    assertThat(TrustStore.checkMemberCa(suite, root.certificate(), NOW_MS).isAccepted()).isTrue();
    assertThat(TrustStore.checkMemberCa(suite, intermediate.certificate(), NOW_MS).isAccepted())
        .isTrue();
    assertThat(TrustStore.checkMemberCa(suite, node, NOW_MS))
        .isInstanceOfSatisfying(
            Check.Rejected.class, rejected -> assertThat(rejected.reason()).isEqualTo("not-a-ca"));
    assertThat(TrustStore.checkMemberCa(suite, root.certificate(), NOW_MS + 400 * DAY_MS))
        .isInstanceOfSatisfying(
            Check.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo("ca-expired"));
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aStoreRefusesAmbiguousMembers(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer caA = fixture.selfSignedCa("CN=A CA,O=A");
    Certificate sameKeyOtherName =
        Certificates.selfSign(
            caA.signer(),
            fixture.template("CN=B CA,O=B", caA.signer(), CertificateProfile.INSTITUTION_CA),
            fixture.random);

    assertThatThrownBy(() -> store(suite, member("A", caA), member("A", caA)))
        .hasMessageContaining("registered twice");
    assertThatThrownBy(() -> store(suite, member("A", caA), new MemberCa("B", sameKeyOtherName)))
        .hasMessageContaining("same key");
  }

  static void assertRejected(Validation validation, String reason, Certificate presented) {
    assertThat(validation)
        .isInstanceOfSatisfying(
            Validation.Invalid.class,
            invalid -> {
              assertThat(invalid.reason()).isEqualTo(reason);
              assertThat(invalid.detail()).contains(presented.subject());
              assertThat(invalid.check()).isEqualTo(invalid.rejection());
            });
  }

  private static TrustStore store(SuiteId suite, MemberCa... members) {
    return TrustStore.of(suite, List.of(members), List.of());
  }

  private static MemberCa member(String institution, Issuer ca) {
    return new MemberCa(institution, ca.certificate());
  }

  /**
   * A certificate built directly with BouncyCastle, for shapes our profiles never produce: {@code
   * subjectKey} null means a fresh key; {@code ca} sets basicConstraints; {@code critical}, when
   * given, adds that extension as critical.
   */
  private static Certificate raw(
      PkiFixture fixture,
      Signer issuerKey,
      String issuer,
      String subject,
      Signer subjectKey,
      boolean ca,
      ASN1ObjectIdentifier critical)
      throws Exception {
    Signer key = subjectKey == null ? fixture.newSigner() : subjectKey;
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            Names.parse(issuer),
            BigInteger.valueOf(fixture.random.nextInt(1 << 30) + 1L),
            new Date(NOW_MS - DAY_MS),
            new Date(NOW_MS + DAY_MS),
            Names.parse(subject),
            X509Algorithms.subjectPublicKeyInfo(key.publicKey()));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
    builder.addExtension(
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(
            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    if (critical != null) {
      builder.addExtension(critical, true, DERNull.INSTANCE);
    }
    return Certificate.of(builder.build(new SignerContentSigner(issuerKey)));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      boolean match = true;
      for (int j = 0; j < needle.length && match; j++) {
        match = haystack[i + j] == needle[j];
      }
      if (match) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
