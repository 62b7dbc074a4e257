package io.entente.node.p2p;

import java.io.IOException;
import java.util.Optional;
import java.util.Vector;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.util.Integers;

/**
 * The TLS 1.3 client side of a p2p connection: offers only the suite's cipher suite, group and
 * signature scheme, hands the server's chain to {@link PeerAuthenticator}, and answers the
 * certificate request with the node's chain. One instance serves one handshake.
 */
class NodeTlsClient extends DefaultTlsClient {
  private final TlsSuite suite;
  private final NodeIdentity identity;
  private final PeerAuthenticator authenticator;
  private final PeerAuthenticator.PeerPolicy policy;
  private PeerAuthenticator.Outcome outcome;

  NodeTlsClient(
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

  /** What the authenticator decided about the server, once its certificate arrived. */
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
  @SuppressWarnings({"rawtypes", "unchecked"})
  protected Vector getSupportedGroups(Vector namedGroupRoles) {
    return TlsUtils.vectorOfOne(Integers.valueOf(suite.namedGroup));
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Vector getEarlyKeyShareGroups() {
    return TlsUtils.vectorOfOne(Integers.valueOf(suite.namedGroup));
  }

  @Override
  @SuppressWarnings("rawtypes")
  protected Vector getSupportedSignatureAlgorithms() {
    return TlsUtils.vectorOfOne(suite.signatureAlgorithm());
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

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        outcome = authenticator.authenticate(serverCertificate.getCertificate(), false, policy);
        if (outcome instanceof PeerAuthenticator.Refused refused) {
          throw new TlsFatalAlert(refused.alert(), refused.reason());
        }
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        return clientCredentials(request);
      }
    };
  }

  /** The node's chain for the server's request; a test subclass may present none. */
  TlsCredentials clientCredentials(CertificateRequest request) throws IOException {
    return suite.credentials(
        (NodeTlsCrypto) getCrypto(),
        context,
        identity.key(),
        identity.chain(),
        request.getCertificateRequestContext());
  }
}
