package io.entente.node.p2p;

import io.entente.core.crypto.SuiteId;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * Turns a connected socket into an authenticated {@link Connection}: the TLS 1.3 handshake with
 * mutual authentication (the peer's chain judged by {@link PeerAuthenticator}), then the hello
 * exchange that picks the protocol version. Anything that goes wrong is reported as one {@link
 * Refusal} and the socket is closed.
 */
final class Handshaker {
  private static final int STREAM_BUFFER_BYTES = 16 * 1024;

  private final SuiteId suite;
  private final TlsSuite tlsSuite;
  private final NodeIdentity identity;
  private final PeerId self;
  private final VersionRange versions;
  private final P2pSettings settings;
  private final NodeTlsCrypto crypto;
  private final PeerAuthenticator authenticator;
  private final Counters counters;

  /** What came of a handshake. */
  sealed interface Result permits Established, Failed {}

  /** An authenticated connection that has exchanged hellos. */
  record Established(Connection connection) implements Result {}

  /** A refusal or failure; the socket is closed. */
  record Failed(Refusal refusal) implements Result {}

  /** A refusal found after the TLS handshake, in the hello. */
  private static final class HelloRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    HelloRefused(String reason, String detail) {
      super(detail);
      this.reason = reason;
    }
  }

  Handshaker(
      P2pConfig config,
      PeerId self,
      NodeTlsCrypto crypto,
      PeerAuthenticator authenticator,
      Counters counters) {
    this.suite = config.suite();
    this.tlsSuite = TlsSuite.of(config.suite());
    this.identity = config.identity();
    this.self = self;
    this.versions = config.versions();
    this.settings = config.settings();
    this.crypto = crypto;
    this.authenticator = authenticator;
    this.counters = counters;
  }

  /**
   * Runs the handshake and the hello on {@code socket}; on failure the socket is closed and the
   * result names the refusal.
   */
  Result establish(Socket socket, Direction direction, PeerAuthenticator.PeerPolicy policy) {
    String remote = String.valueOf(socket.getRemoteSocketAddress());
    TlsProtocol tls;
    Supplier<Optional<PeerAuthenticator.Outcome>> outcome = Optional::empty;
    try {
      socket.setSoTimeout(settings.handshakeTimeoutMs());
      socket.setTcpNoDelay(true);
      if (direction == Direction.INBOUND) {
        NodeTlsServer server = new NodeTlsServer(crypto, tlsSuite, identity, authenticator, policy);
        outcome = server::outcome;
        TlsServerProtocol protocol =
            new TlsServerProtocol(socket.getInputStream(), socket.getOutputStream());
        tls = protocol;
        protocol.accept(server);
      } else {
        NodeTlsClient client = new NodeTlsClient(crypto, tlsSuite, identity, authenticator, policy);
        outcome = client::outcome;
        TlsClientProtocol protocol =
            new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
        tls = protocol;
        protocol.connect(client);
      }
    } catch (IOException e) {
      // Our own refusal (raised inside the handshake as an alert) is the reason to report.
      PeerAuthenticator.Outcome judged = outcome.get().orElse(null);
      if (judged instanceof PeerAuthenticator.Refused refused) {
        return fail(socket, new Refusal(direction, remote, refused.reason(), refused.detail()));
      }
      String presenter =
          judged instanceof PeerAuthenticator.Authenticated authenticated
              ? presenter(authenticated) + ": "
              : "";
      return fail(
          socket, new Refusal(direction, remote, P2pReasons.TLS_FAILED, presenter + describe(e)));
    }
    return afterTls(socket, tls, direction, remote, outcome.get());
  }

  private Result afterTls(
      Socket socket,
      TlsProtocol tls,
      Direction direction,
      String remote,
      Optional<PeerAuthenticator.Outcome> outcome) {
    if (outcome.isEmpty()
        || !(outcome.get() instanceof PeerAuthenticator.Authenticated authenticated)) {
      return fail(
          socket,
          new Refusal(
              direction, remote, P2pReasons.TLS_FAILED, "the handshake ended unauthenticated"));
    }
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(tls.getInputStream(), STREAM_BUFFER_BYTES));
    OutputStream out = new BufferedOutputStream(tls.getOutputStream(), STREAM_BUFFER_BYTES);
    try {
      int version = exchangeHellos(in, out, authenticated);
      socket.setSoTimeout(settings.idleTimeoutMs());
      return new Established(
          new Connection(
              authenticated.peer(),
              direction,
              remote,
              version,
              authenticated.certificate(),
              socket,
              in,
              out,
              settings,
              counters));
    } catch (HelloRefused e) {
      sayGoodbye(socket, tls, in, out, e.reason, e.getMessage());
      return fail(socket, new Refusal(direction, remote, e.reason, e.getMessage()));
    } catch (IOException e) {
      return fail(socket, new Refusal(direction, remote, P2pReasons.TLS_FAILED, describe(e)));
    }
  }

  /** Sends our hello, reads theirs, checks it; returns the version both speak. */
  private int exchangeHellos(
      DataInputStream in, OutputStream out, PeerAuthenticator.Authenticated peer)
      throws IOException, HelloRefused {
    Frames.write(out, Frames.HELLO, new Hello(versions, suite, self).encode());
    out.flush();
    String who =
        "peer " + peer.peer() + " (" + PeerAuthenticator.describe(peer.certificate()) + ")";
    Frames.Frame frame;
    try {
      frame = Frames.read(in, settings.frameBytesMax());
    } catch (Frames.FrameException e) {
      throw new HelloRefused(P2pReasons.HELLO_MALFORMED, who + ": " + e.getMessage());
    }
    if (frame.kind() == Frames.GOODBYE) {
      Goodbye goodbye = Goodbye.decode(frame.payload());
      throw new HelloRefused(
          P2pReasons.REMOTE_GOODBYE,
          who + " said goodbye: " + goodbye.reason() + ": " + goodbye.detail());
    }
    Optional<Hello> hello =
        frame.kind() == Frames.HELLO ? Hello.decode(frame.payload()) : Optional.empty();
    if (hello.isEmpty()) {
      throw new HelloRefused(
          P2pReasons.HELLO_MALFORMED,
          who + " sent a " + Frames.kindName(frame.kind()) + " frame that is not a valid hello");
    }
    Hello theirs = hello.get();
    if (!theirs.node().equals(peer.peer()) || theirs.suite() != suite) {
      throw new HelloRefused(
          P2pReasons.HELLO_MISMATCH,
          who + " claims to be " + theirs.node() + " in the " + theirs.suite().label() + " suite");
    }
    OptionalInt common = versions.highestCommon(theirs.versions());
    if (common.isEmpty()) {
      throw new HelloRefused(
          P2pReasons.NO_COMMON_VERSION,
          who
              + " speaks p2p versions "
              + theirs.versions()
              + ", this node speaks "
              + versions
              + ": no common version");
    }
    return common.getAsInt();
  }

  /**
   * Tells the peer why, then reads (and drops) what it still sends until it closes or the grace
   * period ends: closing a socket with unread input makes TCP reset the connection, which can
   * destroy the goodbye before the peer reads it.
   */
  private void sayGoodbye(
      Socket socket,
      TlsProtocol tls,
      DataInputStream in,
      OutputStream out,
      String reason,
      String detail) {
    try {
      Frames.write(out, Frames.GOODBYE, new Goodbye(reason, detail).encode());
      out.flush();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(P2pLimits.CLOSE_GRACE_MS);
      socket.setSoTimeout(P2pLimits.CLOSE_GRACE_MS);
      while (System.nanoTime() - deadline < 0) {
        if (Frames.read(in, settings.frameBytesMax()).kind() == Frames.GOODBYE) {
          break;
        }
      }
      tls.close();
    } catch (IOException | Frames.FrameException e) {
      // the peer closed, broke the format or went quiet: the refusal is reported either way
    }
  }

  private static Result fail(Socket socket, Refusal refusal) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    return new Failed(refusal);
  }

  /** Why a handshake failed, in words: our own refusal, the peer's alert, a timeout. */
  private String describe(IOException e) {
    if (e instanceof TlsFatalAlertReceived received) {
      return "the peer sent TLS alert "
          + AlertDescription.getText(received.getAlertDescription())
          + " (it refused this node or the handshake)";
    }
    if (e instanceof SocketTimeoutException) {
      return "no complete handshake and hello within " + settings.handshakeTimeoutMs() + " ms";
    }
    if (e instanceof TlsFatalAlert alert) {
      if (alert.getAlertDescription() == AlertDescription.decrypt_error) {
        return "its handshake signature (CertificateVerify) does not verify with the key of its"
            + " certificate (TLS alert decrypt_error)";
      }
      return "TLS alert " + AlertDescription.getText(alert.getAlertDescription()) + " raised";
    }
    return e.toString();
  }

  /** Who a peer proved to be: its identity and the certificate it presented. */
  private static String presenter(PeerAuthenticator.Authenticated peer) {
    return "peer " + peer.peer() + " (" + PeerAuthenticator.describe(peer.certificate()) + ")";
  }
}
