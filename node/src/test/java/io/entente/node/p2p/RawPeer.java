package io.entente.node.p2p;

import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.TrustStore;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * A peer driven by hand: the same TLS client as a node, then whatever frames a test writes, valid
 * or not. It trusts any member certificate of {@code trust} as its server.
 */
final class RawPeer implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 30_000;

  private final Socket socket;
  private final TlsClientProtocol tls;
  private final DataInputStream in;
  private final OutputStream out;

  private RawPeer(Socket socket, TlsClientProtocol tls) {
    this.socket = socket;
    this.tls = tls;
    this.in = new DataInputStream(new BufferedInputStream(tls.getInputStream()));
    this.out = tls.getOutputStream();
  }

  /**
   * Connects and completes the TLS handshake as {@code identity}; with {@code presentCertificate}
   * false, the certificate request is answered with an empty chain.
   */
  static RawPeer connect(
      InetSocketAddress address,
      SuiteId suite,
      NodeIdentity identity,
      TrustStore trust,
      boolean presentCertificate)
      throws IOException {
    return connect(address, suite, identity, trust, presentCertificate ? identity.key() : null);
  }

  /**
   * Connects presenting {@code identity}'s chain but proving possession with {@code signingKey}
   * (null: no certificate at all), to show what a peer without the certified key gets.
   */
  static RawPeer connect(
      InetSocketAddress address,
      SuiteId suite,
      NodeIdentity identity,
      TrustStore trust,
      PrivateKey signingKey)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      NodeTlsCrypto crypto = new NodeTlsCrypto(new SecureRandom());
      PeerAuthenticator authenticator =
          new PeerAuthenticator(suite, () -> trust, Clock.systemUTC());
      NodeTlsClient client =
          new NodeTlsClient(
              crypto,
              TlsSuite.of(suite),
              identity,
              authenticator,
              (peer, certificate) -> Optional.empty()) {
            @Override
            TlsCredentials clientCredentials(CertificateRequest request) throws IOException {
              if (signingKey == null) {
                return null;
              }
              return TlsSuite.of(suite)
                  .credentials(
                      crypto,
                      context,
                      signingKey,
                      identity.chain(),
                      request.getCertificateRequestContext());
            }
          };
      TlsClientProtocol tls =
          new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
      tls.connect(client);
      return new RawPeer(socket, tls);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  void hello(VersionRange versions, SuiteId suite, PeerId claimed) throws IOException {
    frame(Frames.HELLO, new Hello(versions, suite, claimed).encode());
  }

  void frame(byte kind, byte[] payload) throws IOException {
    Frames.write(out, kind, payload);
    out.flush();
  }

  void raw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Reads frames until the connection ends and says how it ended: the kinds of frames read, and the
   * goodbye or TLS alert or end of stream at the end.
   */
  List<String> readUntilClosed() {
    List<String> seen = new ArrayList<>();
    try {
      while (true) {
        Frames.Frame frame = Frames.read(in, P2pLimits.FRAME_BYTES_MAX);
        if (frame.kind() == Frames.GOODBYE) {
          Goodbye goodbye = Goodbye.decode(frame.payload());
          seen.add("goodbye " + goodbye.reason() + ": " + goodbye.detail());
          return seen;
        } else {
          seen.add(Frames.kindName(frame.kind()));
        }
      }
    } catch (TlsFatalAlertReceived e) {
      seen.add("alert " + AlertDescription.getName(e.getAlertDescription()));
    } catch (EOFException e) {
      seen.add("end of stream");
    } catch (IOException | Frames.FrameException e) {
      seen.add("error " + e);
    }
    return seen;
  }

  @Override
  public void close() throws IOException {
    try {
      tls.close();
    } catch (IOException e) {
      // the peer may have gone already
    }
    socket.close();
  }
}
