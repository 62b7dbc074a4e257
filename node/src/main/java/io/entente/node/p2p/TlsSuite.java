package io.entente.node.p2p;

import io.entente.core.crypto.Curves;
import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsCredentialedSigner;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsECDSA13Signer;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsSM2Signer;

/**
 * The one TLS 1.3 configuration of each crypto suite: exactly one cipher suite, one key exchange
 * group and one signature scheme, so two nodes of a consortium always agree and nothing weaker can
 * be negotiated.
 *
 * <ul>
 *   <li>standard: TLS_AES_256_GCM_SHA384, secp256r1, ecdsa_secp256r1_sha256.
 *   <li>guomi (RFC 8998): TLS_SM4_GCM_SM3, curveSM2, sm2sig_sm3.
 * </ul>
 */
enum TlsSuite {
  STANDARD(
      CipherSuite.TLS_AES_256_GCM_SHA384,
      NamedGroup.secp256r1,
      SignatureScheme.ecdsa_secp256r1_sha256),
  GUOMI(CipherSuite.TLS_SM4_GCM_SM3, NamedGroup.curveSM2, SignatureScheme.sm2sig_sm3);

  /** The SM2 distinguishing identifier of TLS 1.3 signatures (RFC 8998 §3.2.1). */
  static final byte[] SM2_TLS13_ID = "TLSv1.3+GM+Cipher+Suite".getBytes(StandardCharsets.US_ASCII);

  final int cipherSuite;
  final int namedGroup;
  final int signatureScheme;

  TlsSuite(int cipherSuite, int namedGroup, int signatureScheme) {
    this.cipherSuite = cipherSuite;
    this.namedGroup = namedGroup;
    this.signatureScheme = signatureScheme;
  }

  static TlsSuite of(SuiteId suite) {
    return switch (suite) {
      case STANDARD -> STANDARD;
      case GUOMI -> GUOMI;
    };
  }

  SignatureAndHashAlgorithm signatureAlgorithm() {
    return SignatureScheme.getSignatureAndHashAlgorithm(signatureScheme);
  }

  /**
   * The credentials that sign this side's CertificateVerify: the node key with the suite's scheme
   * (for SM2, BouncyCastle's SM2 signer with the RFC 8998 identifier), and the chain.
   */
  TlsCredentialedSigner credentials(
      BcTlsCrypto crypto,
      TlsContext context,
      PrivateKey key,
      List<Certificate> chain,
      byte[] requestContext)
      throws IOException {
    ECPrivateKeyParameters privateKey =
        new ECPrivateKeyParameters(key.scalar(), Curves.domain(key.suite()));
    TlsSigner signer =
        switch (this) {
          case STANDARD -> new BcTlsECDSA13Signer(crypto, privateKey, signatureScheme);
          case GUOMI -> new BcTlsSM2Signer(crypto, privateKey, SM2_TLS13_ID.clone());
        };
    CertificateEntry[] entries = new CertificateEntry[chain.size()];
    for (int i = 0; i < entries.length; i++) {
      entries[i] =
          new CertificateEntry(crypto.createCertificate(chain.get(i).der().toByteArray()), null);
    }
    return new DefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        signer,
        new org.bouncycastle.tls.Certificate(requestContext, entries),
        signatureAlgorithm());
  }
}
