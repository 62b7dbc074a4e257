package io.entente.node.p2p;

import java.io.IOException;
import java.util.Optional;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;

/**
 * The TLS 1.3 server side of a p2p connection: presents the node's chain, requires a client
 * certificate, and hands the presented chain to {@link PeerAuthenticator}. One instance serves one
 * handshake.
 */
final class NodeTlsServer extends DefaultTlsServer {
  private final TlsSuite suite;
  private final NodeIdentity identity;
  private final PeerAuthenticator authenticator;
  private final PeerAuthenticator.PeerPolicy policy;
  private PeerAuthenticator.Outcome outcome;

  NodeTlsServer(
      NodeTlsCrypto crypto,
      TlsSuite suite,
      NodeIdentity identity,
      PeerAuthenticator authenticator,
      PeerAuthenticator.PeerPolicy policy) {
    super(crypto);
    this.suite = suite;
    this.identity = identity;
    this.authenticator = authenticator;
    this.policy = policy;
  }

  /** What the authenticator decided about the client, once its certificate arrived. */
  Optional<PeerAuthenticator.Outcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.TLSv13.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return new int[] {suite.cipherSuite};
  }

  @Override
  public int[] getSupportedGroups() {
    return new int[] {suite.namedGroup};
  }

  @Override
  public TlsCredentials getCredentials() throws IOException {
    return suite.credentials(
        (NodeTlsCrypto) getCrypto(),
        context,
        identity.key(),
        identity.chain(),
        TlsUtils.EMPTY_BYTES);
  }

  @Override
  public CertificateRequest getCertificateRequest() throws IOException {
    return new CertificateRequest(
        TlsUtils.EMPTY_BYTES, TlsUtils.vectorOfOne(suite.signatureAlgorithm()), null, null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    outcome = authenticator.authenticate(clientCertificate, true, policy);
    if (outcome instanceof PeerAuthenticator.Refused refused) {
      throw new TlsFatalAlert(refused.alert(), refused.reason());
    }
  }

  /** Certificate signature algorithms are the trust store's business, not the TLS stack's. */
  @Override
  public boolean shouldCheckSigAlgOfPeerCerts() {
    return false;
  }

  @Override
  public int getMaxCertificateChainLength() {
    return P2pLimits.CERTIFICATE_CHAIN_LENGTH_MAX;
  }
}
