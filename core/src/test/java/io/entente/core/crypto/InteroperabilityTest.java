package io.entente.core.crypto;

import static io.entente.core.crypto.CryptoTesting.order;
import static io.entente.core.crypto.CryptoTesting.outcome;
import static io.entente.core.crypto.CryptoTesting.signature;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * Our signatures against other implementations: BouncyCastle's own SM2 signer and its JCA
 * "SM3withSM2", and the JDK's SHA256withECDSA. The BouncyCastle provider is an explicit instance,
 * never installed globally with Security.addProvider.
 */
class InteroperabilityTest {
  private static final int ROUNDS = 10;
  private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();
  private static final CryptoSuite GUOMI = CryptoSuite.of(SuiteId.GUOMI);
  private static final CryptoSuite STANDARD = CryptoSuite.of(SuiteId.STANDARD);

  @Test
  void bouncyCastlesRandomNonceSm2SignaturesVerify() throws Exception {
    SecureRandom random = seeded(1);
    for (int round = 0; round < ROUNDS; round++) {
      KeyPair keys = GUOMI.generateKeyPair(random);
      byte[] message = randomMessage(random);
      // BouncyCastle's SM2Signer with no ParametersWithID uses the default id "1234567812345678".
      SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
      signer.init(
          true,
          new ParametersWithRandom(
              new ECPrivateKeyParameters(keys.privateKey().scalar(), Curves.domain(SuiteId.GUOMI)),
              random));
      signer.update(message, 0, message.length);
      Signature theirs = new Signature(Bytes.of(signer.generateSignature()));

      assertThat(outcome(GUOMI.verify(keys.publicKey(), Bytes.of(message), theirs)))
          .isEqualTo("accepted");
    }
  }

  @Test
  void ourSm2SignaturesVerifyUnderBouncyCastlesSm2Signer() throws Exception {
    SecureRandom random = seeded(2);
    for (int round = 0; round < ROUNDS; round++) {
      KeyPair keys = GUOMI.generateKeyPair(random);
      byte[] message = randomMessage(random);
      Signature ours = GUOMI.sign(keys.privateKey(), Bytes.of(message));

      SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
      verifier.init(false, Curves.toParameters(keys.publicKey()));
      verifier.update(message, 0, message.length);
      assertThat(verifier.verifySignature(ours.value().toByteArray())).isTrue();
    }
  }

  @Test
  void ourSm2SignaturesVerifyUnderJcaSm3WithSm2() throws Exception {
    SecureRandom random = seeded(3);
    ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("sm2p256v1");
    KeyFactory keyFactory = KeyFactory.getInstance("EC", BOUNCY_CASTLE);
    for (int round = 0; round < ROUNDS; round++) {
      KeyPair keys = GUOMI.generateKeyPair(random);
      byte[] message = randomMessage(random);
      Signature ours = GUOMI.sign(keys.privateKey(), Bytes.of(message));
      java.security.PublicKey jcaKey =
          keyFactory.generatePublic(
              new org.bouncycastle.jce.spec.ECPublicKeySpec(
                  Curves.toParameters(keys.publicKey()).getQ(), curve));

      java.security.Signature verifier =
          java.security.Signature.getInstance("SM3withSM2", BOUNCY_CASTLE);
      verifier.initVerify(jcaKey);
      verifier.update(message);
      assertThat(verifier.verify(der(SuiteId.GUOMI, ours))).isTrue();
    }
  }

  @Test
  void jcaSm3WithSm2SignaturesVerify() throws Exception {
    SecureRandom random = seeded(4);
    ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("sm2p256v1");
    KeyFactory keyFactory = KeyFactory.getInstance("EC", BOUNCY_CASTLE);
    for (int round = 0; round < ROUNDS; round++) {
      KeyPair keys = GUOMI.generateKeyPair(random);
      byte[] message = randomMessage(random);
      java.security.PrivateKey jcaKey =
          keyFactory.generatePrivate(new ECPrivateKeySpec(keys.privateKey().scalar(), curve));

      java.security.Signature signer =
          java.security.Signature.getInstance("SM3withSM2", BOUNCY_CASTLE);
      signer.initSign(jcaKey, random);
      signer.update(message);
      Signature theirs = fromDer(SuiteId.GUOMI, signer.sign());

      assertThat(outcome(GUOMI.verify(keys.publicKey(), Bytes.of(message), theirs)))
          .isEqualTo("accepted");
    }
  }

  @Test
  void ourP256SignaturesVerifyUnderTheJdk() throws Exception {
    SecureRandom random = seeded(5);
    ECParameterSpec p256 = jdkP256();
    KeyFactory keyFactory = KeyFactory.getInstance("EC");
    for (int round = 0; round < ROUNDS; round++) {
      KeyPair keys = STANDARD.generateKeyPair(random);
      byte[] message = randomMessage(random);
      Signature ours = STANDARD.sign(keys.privateKey(), Bytes.of(message));
      ECPoint q = Curves.toParameters(keys.publicKey()).getQ().normalize();
      java.security.PublicKey jdkKey =
          keyFactory.generatePublic(
              new ECPublicKeySpec(
                  new java.security.spec.ECPoint(
                      q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                  p256));

      java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(jdkKey);
      verifier.update(message);
      assertThat(verifier.verify(der(SuiteId.STANDARD, ours))).isTrue();
    }
  }

  @Test
  void jdkP256SignaturesVerifyOnceNormalisedToLowS() throws Exception {
    SecureRandom random = seeded(6);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    for (int round = 0; round < ROUNDS; round++) {
      java.security.KeyPair jdkKeys = generator.generateKeyPair();
      PrivateKey key =
          PrivateKey.of(SuiteId.STANDARD, ((ECPrivateKey) jdkKeys.getPrivate()).getS());
      byte[] message = randomMessage(random);
      java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
      signer.initSign(jdkKeys.getPrivate(), random);
      signer.update(message);
      Signature theirs = fromDer(SuiteId.STANDARD, signer.sign());
      BigInteger r = Signatures.r(theirs);
      BigInteger s = Signatures.s(theirs);

      // The JDK does not normalise s; about half of its signatures carry the high twin.
      Signature canonical = signature(r, StandardSuite.lowS(s));
      assertThat(outcome(STANDARD.verify(key.publicKey(), Bytes.of(message), canonical)))
          .isEqualTo("accepted");
      assertThat(outcome(STANDARD.verify(key.publicKey(), Bytes.of(message), theirs)))
          .isEqualTo(s.equals(StandardSuite.lowS(s)) ? "accepted" : "signature-high-s");
    }
  }

  private static byte[] der(SuiteId suite, Signature signature) throws Exception {
    return StandardDSAEncoding.INSTANCE.encode(
        order(suite), Signatures.r(signature), Signatures.s(signature));
  }

  private static Signature fromDer(SuiteId suite, byte[] der) throws Exception {
    BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(order(suite), der);
    return signature(rs[0], rs[1]);
  }

  private static ECParameterSpec jdkP256() throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    return parameters.getParameterSpec(ECParameterSpec.class);
  }

  /** A reproducible random source: SHA1PRNG seeded before first use does not mix in OS entropy. */
  private static SecureRandom seeded(int seed) throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(BigInteger.valueOf(seed).toByteArray());
    return random;
  }

  private static byte[] randomMessage(SecureRandom random) {
    byte[] message = new byte[random.nextInt(200)];
    random.nextBytes(message);
    return message;
  }
}
