package io.entente.core.pki;

import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * BouncyCastle's certificate builder signing through our {@link Signer}, so an HSM-backed signer
 * can issue certificates. Our signer returns r ‖ s over the message it hashes itself (SHA-256, or
 * SM3 with the SM2 default user id); X.509 wants the same signature DER-encoded.
 */
final class SignerContentSigner implements ContentSigner {
  private final Signer signer;
  private final ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream();

  SignerContentSigner(Signer signer) {
    this.signer = signer;
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return X509Algorithms.signatureAlgorithm(signer.suite());
  }

  @Override
  public OutputStream getOutputStream() {
    return toBeSigned;
  }

  @Override
  public byte[] getSignature() {
    Signature signature = signer.sign(Bytes.wrapUnsafe(toBeSigned.toByteArray()));
    return X509Algorithms.derSignature(signer.suite(), signature);
  }
}
