package io.entente.core.pki;

import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.Curves;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.SuiteId;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * How each crypto suite appears in X.509 and PKCS#8: the key's AlgorithmIdentifier (id-ecPublicKey
 * with the suite's named curve, for SM2 too), the certificate signature algorithm
 * (ecdsa-with-SHA256 or SM3withSM2), and signature verification over DER-encoded (r, s).
 */
public final class X509Algorithms {
  /** The default SM2 user id (GB/T 32918.2); certificate signatures use it, as our signer does. */
  private static final byte[] SM2_DEFAULT_USER_ID =
      "1234567812345678".getBytes(StandardCharsets.US_ASCII);

  private X509Algorithms() {}

  /** secp256r1 (1.2.840.10045.3.1.7) or sm2p256v1 (1.2.156.10197.1.301). */
  public static ASN1ObjectIdentifier curveOid(SuiteId suite) {
    return switch (suite) {
      case STANDARD -> SECObjectIdentifiers.secp256r1;
      case GUOMI -> GMObjectIdentifiers.sm2p256v1;
    };
  }

  /** The suite whose curve has this OID, if any. */
  public static Optional<SuiteId> suiteOfCurve(ASN1ObjectIdentifier curve) {
    for (SuiteId suite : SuiteId.values()) {
      if (curveOid(suite).equals(curve)) {
        return Optional.of(suite);
      }
    }
    return Optional.empty();
  }

  /** id-ecPublicKey with the suite's named curve as parameter, in certificates and PKCS#8. */
  public static AlgorithmIdentifier keyAlgorithm(SuiteId suite) {
    return new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curveOid(suite));
  }

  /** ecdsa-with-SHA256 or SM3withSM2 (1.2.156.10197.1.501), both without parameters. */
  public static AlgorithmIdentifier signatureAlgorithm(SuiteId suite) {
    return switch (suite) {
      case STANDARD -> new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      case GUOMI -> new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);
    };
  }

  /** The SEC1 uncompressed point (65 bytes), the most widely readable form. */
  public static byte[] uncompressedPoint(PublicKey key) {
    return Curves.toParameters(key).getQ().getEncoded(false);
  }

  public static SubjectPublicKeyInfo subjectPublicKeyInfo(PublicKey key) {
    return new SubjectPublicKeyInfo(keyAlgorithm(key.suite()), uncompressedPoint(key));
  }

  /**
   * The key in {@code info} if it is an EC key on {@code suite}'s curve and a valid point; empty
   * otherwise (another algorithm or curve, or bytes that are not a point on the curve).
   */
  public static Optional<PublicKey> publicKey(SubjectPublicKeyInfo info, SuiteId suite) {
    AlgorithmIdentifier algorithm = info.getAlgorithm();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
        || !curveOid(suite).equals(algorithm.getParameters())) {
      return Optional.empty();
    }
    try {
      byte[] point = info.getPublicKeyData().getOctets();
      return Optional.of(
          Curves.fromPoint(suite, Curves.domain(suite).getCurve().decodePoint(point)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** DER SEQUENCE { INTEGER r, INTEGER s } of our fixed-width r ‖ s signature. */
  static byte[] derSignature(SuiteId suite, Signature signature) {
    byte[] raw = signature.value().unsafeArray();
    BigInteger r = new BigInteger(1, raw, 0, 32);
    BigInteger s = new BigInteger(1, raw, 32, 32);
    try {
      return StandardDSAEncoding.INSTANCE.encode(Curves.domain(suite).getN(), r, s);
    } catch (IOException e) {
      throw new IllegalStateException("cannot DER-encode a signature", e);
    }
  }

  /**
   * Verifies a certificate signature: DER (r, s) over the encoded TBSCertificate. The encoding is
   * checked strictly; high-S ECDSA signatures are accepted because certificates may come from CA
   * software that does not normalise S.
   */
  static boolean verify(PublicKey issuerKey, Bytes signedData, byte[] derSignature) {
    ECPublicKeyParameters key = Curves.toParameters(issuerKey);
    org.bouncycastle.crypto.Signer verifier =
        switch (issuerKey.suite()) {
          case STANDARD -> new DSADigestSigner(new ECDSASigner(), sha256());
          case GUOMI -> new SM2Signer(StandardDSAEncoding.INSTANCE, new SM3Digest());
        };
    verifier.init(
        false,
        issuerKey.suite() == SuiteId.GUOMI ? new ParametersWithID(key, SM2_DEFAULT_USER_ID) : key);
    byte[] data = signedData.unsafeArray();
    verifier.update(data, 0, data.length);
    return verifier.verifySignature(derSignature);
  }

  private static Digest sha256() {
    return new SHA256Digest();
  }
}
