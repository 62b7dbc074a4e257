package io.entente.core.crypto;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/** ECDSA P-256 with SHA-256 (RFC 6979 nonces, low-S), AES-256-GCM. */
final class StandardSuite implements CryptoSuite {
  static final StandardSuite INSTANCE = new StandardSuite();

  private static final ECDomainParameters DOMAIN = Curves.domain(SuiteId.STANDARD);
  private static final BigInteger HALF_ORDER = DOMAIN.getN().shiftRight(1);
  private static final CryptoSuite.Aead AEAD = new GcmAead(AESEngine::newInstance, 32);

  private StandardSuite() {}

  @Override
  public SuiteId id() {
    return SuiteId.STANDARD;
  }

  @Override
  public Hash hash(Bytes... parts) {
    return Digests.sha256(parts);
  }

  @Override
  public KeyPair generateKeyPair(SecureRandom random) {
    return Signatures.generate(SuiteId.STANDARD, random);
  }

  @Override
  public Signature sign(PrivateKey key, Bytes message) {
    if (key.suite() != SuiteId.STANDARD) {
      throw new IllegalArgumentException("not a P-256 key");
    }
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(key.scalar(), DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash(message).value().unsafeArray());
    return Signatures.encode(rs[0], lowS(rs[1]));
  }

  /** s and n − s both verify; only the lower one is canonical. */
  static BigInteger lowS(BigInteger s) {
    return s.compareTo(HALF_ORDER) > 0 ? DOMAIN.getN().subtract(s) : s;
  }

  @Override
  public Check verify(PublicKey key, Bytes message, Signature signature) {
    BigInteger r = Signatures.r(signature);
    BigInteger s = Signatures.s(signature);
    Check shape =
        Signatures.sameSuite(SuiteId.STANDARD, key)
            .and(() -> Signatures.inRange(r, s, DOMAIN.getN()))
            .and(
                () ->
                    Check.require(
                        s.compareTo(HALF_ORDER) <= 0,
                        "signature-high-s",
                        () -> "s is in the upper half of the group order (not canonical)"));
    if (!shape.isAccepted()) {
      return shape;
    }
    ECPublicKeyParameters publicKey = Signatures.decodeOrNull(key);
    if (publicKey == null) {
      return Check.rejected("public-key-invalid", "not a point on P-256");
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, publicKey);
    boolean valid = verifier.verifySignature(hash(message).value().unsafeArray(), r, s);
    return Check.require(
        valid, "signature-invalid", () -> "ECDSA P-256 signature does not match key and message");
  }

  @Override
  public CryptoSuite.Aead aead() {
    return AEAD;
  }

  @Override
  public String toString() {
    return "standard (ECDSA P-256, SHA-256, AES-256-GCM)";
  }
}
