package io.entente.node.p2p;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.crypto.Tls13Verifier;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * BouncyCastle's TLS crypto with the one thing 1.83 lacks for RFC 8998: verifying an {@code
 * sm2sig_sm3} CertificateVerify. Its certificates create an SM2 verifier with the TLS 1.3
 * identifier; every other scheme is BouncyCastle's own.
 *
 * <p>These certificate objects only serve the signature checks inside the handshake. Whether a
 * certificate is trusted is decided by {@link PeerAuthenticator} with the node's trust store.
 */
final class NodeTlsCrypto extends BcTlsCrypto {

  NodeTlsCrypto(SecureRandom random) {
    super(random);
  }

  @Override
  public TlsCertificate createCertificate(byte[] encoding) throws IOException {
    return new Sm2VerifyingCertificate(this, encoding);
  }

  @Override
  public TlsCertificate createCertificate(short type, byte[] encoding) throws IOException {
    if (type == CertificateType.X509) {
      return new Sm2VerifyingCertificate(this, encoding);
    }
    return super.createCertificate(type, encoding);
  }

  /** An X.509 certificate that can verify sm2sig_sm3 signatures. */
  private static final class Sm2VerifyingCertificate extends BcTlsCertificate {
    Sm2VerifyingCertificate(BcTlsCrypto crypto, byte[] encoding) throws IOException {
      super(crypto, encoding);
    }

    @Override
    public Tls13Verifier createVerifier(int signatureScheme) throws IOException {
      if (signatureScheme != SignatureScheme.sm2sig_sm3) {
        return super.createVerifier(signatureScheme);
      }
      validateKeyUsage(KeyUsage.digitalSignature);
      // DER-encoded (r, s), as BouncyCastle's SM2 TLS signer writes them (and OpenSSL does).
      SM2Signer verifier = new SM2Signer();
      verifier.init(false, new ParametersWithID(getPubKeyEC(), TlsSuite.SM2_TLS13_ID.clone()));
      return new Sm2Verifier(verifier);
    }
  }

  private static final class Sm2Verifier implements Tls13Verifier {
    private final SM2Signer verifier;

    Sm2Verifier(SM2Signer verifier) {
      this.verifier = verifier;
    }

    @Override
    public OutputStream getOutputStream() {
      return new OutputStream() {
        @Override
        public void write(int b) {
          verifier.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          verifier.update(bytes, offset, length);
        }
      };
    }

    @Override
    public boolean verifySignature(byte[] signature) {
      return verifier.verifySignature(signature);
    }
  }
}
