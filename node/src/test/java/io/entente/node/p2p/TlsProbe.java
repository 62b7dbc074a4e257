package io.entente.node.p2p;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.TrustStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * For tests outside this package: what a node's p2p port answers a TLS client that presents {@code
 * identity}, says hello as {@code institution} and reads until the connection ends.
 */
public final class TlsProbe {
  private TlsProbe() {}

  /**
   * How the exchange ended, e.g. {@code "alert unknown_ca"} (the CA is not trusted), {@code "alert
   * access_denied"} (trusted, but not a peer of that node), {@code "alert certificate_revoked"}.
   *
   * @param serverTrust the member CAs the client trusts for the node's own certificate
   */
  public static String answer(
      InetSocketAddress address,
      SuiteId suite,
      NodeIdentity identity,
      String institution,
      TrustStore serverTrust) {
    List<String> saw = new ArrayList<>();
    PeerId claimed =
        new PeerId(institution, CryptoSuite.of(suite).fingerprint(identity.key().publicKey()));
    try (RawPeer peer = RawPeer.connect(address, suite, identity, serverTrust, true)) {
      try {
        peer.hello(VersionRange.CURRENT, suite, claimed);
      } catch (IOException e) {
        saw.add("error " + e);
      }
      saw.addAll(peer.readUntilClosed());
    } catch (IOException e) {
      saw.add("error " + e);
    }
    return String.join("; ", saw);
  }
}
