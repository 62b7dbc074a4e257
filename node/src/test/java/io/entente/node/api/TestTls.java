package io.entente.node.api;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.X509Algorithms;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-made P-256 server key and certificate for 127.0.0.1, and a client context trusting it. */
final class TestTls {
  private static final long DAY_MS = 86_400_000L;

  final PrivateKey key;
  final X509Certificate certificate;

  private TestTls(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
  }

  static TestTls create() throws Exception {
    SecureRandom random = new SecureRandom();
    KeyPair keys = CryptoSuite.of(SuiteId.STANDARD).generateKeyPair(random);
    return new TestTls(keys.privateKey(), selfSigned(keys, random));
  }

  static X509Certificate selfSigned(KeyPair keys, SecureRandom random) throws Exception {
    long now = System.currentTimeMillis();
    X500Name name = new X500Name("CN=entente api test");
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name,
            new BigInteger(64, random).add(BigInteger.ONE),
            new Date(now - DAY_MS),
            new Date(now + DAY_MS),
            name,
            X509Algorithms.subjectPublicKeyInfo(keys.publicKey()));
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    BouncyCastleProvider provider = new BouncyCastleProvider();
    return new JcaX509CertificateConverter()
        .setProvider(provider)
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA")
                    .setProvider(provider)
                    .build(jcaKey(keys.privateKey()))));
  }

  static java.security.PrivateKey jcaKey(PrivateKey key) throws Exception {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    return KeyFactory.getInstance("EC")
        .generatePrivate(
            new ECPrivateKeySpec(key.scalar(), parameters.getParameterSpec(ECParameterSpec.class)));
  }

  SSLContext serverContext() {
    return ApiTls.context(key, java.util.List.of(certificate));
  }

  SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("api", certificate);
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), new SecureRandom());
    return context;
  }
}
