package io.entente.node.p2p;

import io.entente.core.bytes.Hash;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateReasons;
import io.entente.core.pki.Purpose;
import io.entente.core.pki.Revocation;
import io.entente.core.pki.TrustStore;
import io.entente.core.pki.Validation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The peer-to-peer transport of a node: mutually authenticated TLS 1.3 connections with its
 * configured peers, carrying length-prefixed frames.
 *
 * <p>Threads (named {@code p2p-<self>-…}): one accepts; one per configured peer that this node
 * dials (the node with the smaller node key dials, so each pair has one connection) connects,
 * reconnects with backoff and reads; one per inbound connection handshakes and reads; one per live
 * connection writes its bounded queue. {@link #close()} closes every socket and joins every thread.
 *
 * <p>Every connection is judged at handshake time with the trust store the configuration supplies
 * then; {@link #revalidate()} judges live connections again after a governance change. {@link
 * #revoke} is the synchronous path for a revocation the node has just applied: from its return no
 * frame of a session whose certificate it names reaches the handler, those sessions are closing,
 * and no handshake presenting such a certificate succeeds.
 */
public final class P2pNetwork implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(P2pNetwork.class.getName());

  /** A configured peer and its current connection, if any. */
  private static final class PeerSlot {
    final PeerConfig config;
    final boolean dialled;
    final AtomicReference<Connection> current = new AtomicReference<>();

    PeerSlot(PeerConfig config, boolean dialled) {
      this.config = config;
      this.dialled = dialled;
    }
  }

  private final P2pConfig config;
  private final PeerId self;
  private final InboundHandler handler;
  private final P2pListener listener;
  private final TreeMap<Hash, PeerSlot> peers;
  private final ServerSocket server;
  private final Counters counters;
  private final PeerAuthenticator authenticator;
  private final Handshaker handshaker;
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pendingHandshakes = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopping = new CountDownLatch(1);

  /** Guards {@link #revoked} and {@link #revokedPeers} against a connection registering. */
  private final Object revocationLock = new Object();

  /** Every revocation {@link #revoke} was given (bounded by the governance decisions). */
  private volatile TrustStore revoked;

  /** Peers whose current session was revoked (at most the configured peers). */
  private volatile Set<PeerId> revokedPeers = Set.of();

  private P2pNetwork(
      P2pConfig config,
      PeerId self,
      InboundHandler handler,
      P2pListener listener,
      TreeMap<Hash, PeerSlot> peers,
      ServerSocket server,
      Counters counters,
      PeerAuthenticator authenticator,
      Handshaker handshaker) {
    this.config = config;
    this.self = self;
    this.handler = handler;
    this.listener = listener;
    this.peers = peers;
    this.server = server;
    this.counters = counters;
    this.authenticator = authenticator;
    this.handshaker = handshaker;
    this.revoked = TrustStore.of(config.suite(), List.of(), List.of());
  }

  /**
   * Validates the node's own certificate, binds the listen address and starts accepting and
   * dialling.
   *
   * @throws IllegalArgumentException if the node's certificate is not a valid node certificate of
   *     the trust store, or the peers are not distinct, or include this node
   * @throws IOException if the listen address cannot be bound
   */
  public static P2pNetwork start(P2pConfig config, InboundHandler handler, P2pListener listener)
      throws IOException {
    PeerId self = ownIdentity(config);
    TreeMap<Hash, PeerSlot> peers = peerSlots(config, self);
    Counters counters = new Counters();
    PeerAuthenticator authenticator =
        new PeerAuthenticator(config.suite(), config.trustStore(), config.clock());
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(config.listenAddress());
    } catch (IOException e) {
      server.close();
      throw new IOException("p2p cannot listen on " + config.listenAddress() + ": " + e, e);
    }
    Handshaker handshaker =
        new Handshaker(
            config, self, new NodeTlsCrypto(config.tlsRandom()), authenticator, counters);
    P2pNetwork network =
        new P2pNetwork(
            config, self, handler, listener, peers, server, counters, authenticator, handshaker);
    network.startThreads();
    return network;
  }

  private static PeerId ownIdentity(P2pConfig config) {
    Certificate leaf = config.identity().leaf();
    Validation validation =
        config.trustStore().get().validate(leaf, config.clock().millis(), Purpose.NODE);
    if (validation instanceof Validation.Invalid invalid) {
      throw new IllegalArgumentException(
          "this node's own certificate is refused by its trust store: "
              + invalid.reason()
              + ": "
              + invalid.detail());
    }
    Validation.Valid valid = (Validation.Valid) validation;
    return new PeerId(
        valid.institutionId(), CryptoSuite.of(config.suite()).fingerprint(valid.publicKey()));
  }

  private static TreeMap<Hash, PeerSlot> peerSlots(P2pConfig config, PeerId self) {
    if (config.peers().size() > P2pLimits.PEERS_MAX) {
      throw new IllegalArgumentException(
          config.peers().size() + " peers configured, the limit is " + P2pLimits.PEERS_MAX);
    }
    TreeMap<Hash, PeerSlot> slots = new TreeMap<>();
    for (PeerConfig peer : config.peers()) {
      if (peer.id().nodeKey().equals(self.nodeKey())) {
        throw new IllegalArgumentException(
            "this node (" + self + ") is configured as its own peer");
      }
      boolean dialled = self.nodeKey().compareTo(peer.id().nodeKey()) < 0;
      if (slots.putIfAbsent(peer.id().nodeKey(), new PeerSlot(peer, dialled)) != null) {
        throw new IllegalArgumentException("node key of " + peer.id() + " is configured twice");
      }
    }
    return slots;
  }

  private void startThreads() {
    spawn("p2p-" + self + "-accept", this::acceptLoop);
    for (PeerSlot slot : peers.values()) {
      if (slot.dialled) {
        spawn("p2p-" + self + "-dial-" + slot.config.id(), () -> dialLoop(slot));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Public operations

  /**
   * Applies {@code revocations} to the live sessions now, on the caller's thread, without network
   * I/O: every connection whose certificate one of them names is marked so that no further data
   * frame of it reaches the handler, is reported ({@link P2pListener#sessionRevoked}, a refusal
   * {@code revoked}) and begins its close (the goodbye and the socket close happen on the
   * connection's own threads). Handshakes presenting such a certificate are refused from now on,
   * and {@link #refusesFramesOf} answers true for the peers of the marked sessions until a peer
   * connects again with a certificate no revocation names.
   *
   * @return the peers whose sessions were marked now
   */
  public List<PeerId> revoke(List<Revocation> revocations) {
    List<PeerId> marked = new ArrayList<>();
    synchronized (revocationLock) {
      List<Revocation> all = new ArrayList<>(revoked.revocations());
      all.addAll(revocations);
      revoked = TrustStore.of(config.suite(), List.of(), all);
      for (PeerSlot slot : peers.values()) {
        Connection connection = slot.current.get();
        if (connection != null
            && !connection.isRefusingFrames()
            && revoked.isRevoked(connection.certificate())) {
          markRevoked(connection);
          marked.add(connection.peer());
        }
      }
    }
    return marked;
  }

  /**
   * True while {@code peer}'s latest session is one {@link #revoke} marked: frames of it already
   * queued anywhere must be dropped too. Cheap (a volatile read and a set lookup).
   */
  public boolean refusesFramesOf(PeerId peer) {
    return revokedPeers.contains(peer);
  }

  /** Under {@link #revocationLock}. */
  private void markRevoked(Connection connection) {
    connection.refuseFrames();
    Set<PeerId> more = new HashSet<>(revokedPeers);
    more.add(connection.peer());
    revokedPeers = Set.copyOf(more);
    String detail =
        "the certificate of "
            + connection.peer()
            + " (issuer "
            + connection.certificate().issuer()
            + ", serial "
            + connection.certificate().serial()
            + ") was revoked";
    refused(
        new Refusal(
            connection.direction(), connection.remote(), CertificateReasons.REVOKED, detail));
    listener.sessionRevoked(connection.peer(), detail);
    connection.beginClose(CertificateReasons.REVOKED, detail, true);
  }

  /** A revocation {@link #revoke} was given names this certificate. */
  private Optional<PeerAuthenticator.Refused> revokedNow(Certificate certificate) {
    if (!revoked.isRevoked(certificate)) {
      return Optional.empty();
    }
    return Optional.of(
        new PeerAuthenticator.Refused(
            CertificateReasons.REVOKED, "the certificate was revoked by a governance decision"));
  }

  /** This node's identity as its peers see it. */
  public PeerId self() {
    return self;
  }

  /** The bound listen address (with the port chosen when 0 was asked for). */
  public InetSocketAddress listenAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /**
   * Queues {@code frame} for {@code peer}. Never blocks and never drops silently: anything but
   * {@link SendResult#ACCEPTED} means the frame was not queued, and is counted. The array is not
   * copied: the caller must not change it afterwards (the same array may go to several peers).
   */
  public SendResult send(PeerId peer, byte[] frame) {
    SendResult result = trySend(peer, frame);
    switch (result) {
      case ACCEPTED -> {}
      case QUEUE_FULL -> counters.sendQueueFull.increment();
      case NOT_CONNECTED -> counters.sendNotConnected.increment();
      case UNKNOWN_PEER -> counters.sendUnknownPeer.increment();
      case TOO_LARGE -> counters.sendTooLarge.increment();
      default -> throw new AssertionError("unknown send result " + result);
    }
    return result;
  }

  private SendResult trySend(PeerId peer, byte[] frame) {
    if (frame.length > config.settings().frameBytesMax()) {
      return SendResult.TOO_LARGE;
    }
    PeerSlot slot = peers.get(peer.nodeKey());
    if (slot == null || !slot.config.id().equals(peer)) {
      return SendResult.UNKNOWN_PEER;
    }
    Connection connection = slot.current.get();
    return connection == null ? SendResult.NOT_CONNECTED : connection.offer(frame);
  }

  /** The peers with an authenticated connection now, in node key order. */
  public List<PeerId> connectedPeers() {
    List<PeerId> connected = new ArrayList<>();
    for (PeerSlot slot : peers.values()) {
      Connection connection = slot.current.get();
      if (connection != null && !connection.isClosing()) {
        connected.add(slot.config.id());
      }
    }
    return connected;
  }

  public boolean isConnected(PeerId peer) {
    return connectedPeers().contains(peer);
  }

  public P2pMetrics metrics() {
    return counters.snapshot(() -> connectedPeers().size());
  }

  /**
   * Judges every live connection again with the current trust store and time, and closes those it
   * refuses (a revoked certificate, a removed member CA); no further frame of those reaches the
   * handler. Call after a governance change.
   *
   * @return how many connections were closed
   */
  public int revalidate() {
    int closedCount = 0;
    for (PeerSlot slot : peers.values()) {
      Connection connection = slot.current.get();
      if (connection == null || connection.isClosing()) {
        continue;
      }
      PeerAuthenticator.Outcome outcome =
          authenticator.revalidate(connection.certificate(), policy(slot, connection.direction()));
      if (outcome instanceof PeerAuthenticator.Refused refused) {
        connection.refuseFrames();
        refused(
            new Refusal(
                connection.direction(), connection.remote(), refused.reason(), refused.detail()));
        connection.beginClose(refused.reason(), refused.detail(), true);
        closedCount++;
      }
    }
    return closedCount;
  }

  /**
   * Stops accepting and dialling, says goodbye on every connection, closes every socket and joins
   * every thread. A thread held by an {@link InboundHandler} that does not return is left running
   * (and logged).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopping.countDown();
    closeQuietly(server);
    List<Connection> live = new ArrayList<>();
    for (PeerSlot slot : peers.values()) {
      Connection connection = slot.current.get();
      if (connection != null) {
        connection.beginClose(P2pReasons.SHUTDOWN, "the node is shutting down", true);
        live.add(connection);
      }
    }
    for (Connection connection : live) {
      connection.finishClose(P2pLimits.CLOSE_GRACE_MS);
    }
    openSockets.forEach(P2pNetwork::closeQuietly);
    joinThreads();
  }

  private void joinThreads() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(P2pLimits.THREADS_JOIN_MS);
    for (Thread thread : List.copyOf(threads)) {
      long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        thread.join(Math.max(1, leftMs));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (thread.isAlive()) {
        LOG.log(System.Logger.Level.WARNING, "p2p thread " + thread.getName() + " did not end");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Accepting and dialling

  private void acceptLoop() {
    while (!closed.get()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed.get()) {
          LOG.log(System.Logger.Level.WARNING, self + ": p2p accept failed: " + e);
          pauseAfterAcceptFailure(); // a lasting failure (no file descriptors) must not spin
        }
        continue;
      }
      String remote = String.valueOf(socket.getRemoteSocketAddress());
      if (pendingHandshakes.incrementAndGet() > config.settings().handshakesPendingMax()) {
        pendingHandshakes.decrementAndGet();
        refused(
            new Refusal(
                Direction.INBOUND,
                remote,
                P2pReasons.TOO_MANY_HANDSHAKES,
                config.settings().handshakesPendingMax() + " handshakes are already under way"));
        closeQuietly(socket);
        continue;
      }
      openSockets.add(socket);
      spawn("p2p-" + self + "-in-" + remote, () -> serveInbound(socket));
    }
  }

  private void pauseAfterAcceptFailure() {
    try {
      stopping.await(P2pLimits.ACCEPT_RETRY_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serveInbound(Socket socket) {
    Handshaker.Result result;
    try {
      result = handshaker.establish(socket, Direction.INBOUND, this::judgeInbound);
    } finally {
      pendingHandshakes.decrementAndGet();
    }
    serve(result);
    openSockets.remove(socket);
  }

  /** Runs an established connection until it ends, or reports the refusal; true if it ran. */
  private boolean serve(Handshaker.Result result) {
    if (result instanceof Handshaker.Established established) {
      run(established.connection());
      return true;
    }
    if (result instanceof Handshaker.Failed failed) {
      if (closed.get()) {
        // A handshake cut short by this node's own shutdown refuses no one.
        LOG.log(System.Logger.Level.DEBUG, "p2p shutdown ended " + failed.refusal().logLine());
      } else {
        refused(failed.refusal());
      }
      return false;
    }
    throw new AssertionError("unknown handshake result " + result);
  }

  private void dialLoop(PeerSlot slot) {
    int failures = 0;
    while (!closed.get()) {
      boolean worked = dialOnce(slot);
      failures = worked ? 0 : Math.min(failures + 1, Integer.SIZE);
      long delayMs = reconnectDelayMs(failures);
      try {
        if (stopping.await(delayMs, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long reconnectDelayMs(int failures) {
    P2pSettings settings = config.settings();
    synchronized (config.jitter()) {
      return Backoff.delayMs(
          failures,
          settings.reconnectDelayMsBase(),
          settings.reconnectDelayMsMax(),
          config.jitter());
    }
  }

  /** One attempt: connect, handshake, and serve the connection until it ends. */
  private boolean dialOnce(PeerSlot slot) {
    Socket socket = new Socket();
    openSockets.add(socket);
    try {
      if (closed.get()) {
        return false;
      }
      try {
        socket.connect(slot.config.address(), P2pLimits.CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        counters.connectAttemptsFailed.increment();
        LOG.log(
            System.Logger.Level.DEBUG,
            "p2p cannot reach " + slot.config.id() + " at " + slot.config.address() + ": " + e);
        return false;
      }
      return serve(
          handshaker.establish(socket, Direction.OUTBOUND, policy(slot, Direction.OUTBOUND)));
    } finally {
      closeQuietly(socket);
      openSockets.remove(socket);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Who may connect

  private PeerAuthenticator.PeerPolicy policy(PeerSlot slot, Direction direction) {
    return direction == Direction.INBOUND
        ? this::judgeInbound
        : (peer, certificate) -> revokedNow(certificate).or(() -> judgeOutbound(slot, peer));
  }

  /** An inbound peer must be a configured node key, certified by its registered institution. */
  private Optional<PeerAuthenticator.Refused> judgeInbound(PeerId peer, Certificate certificate) {
    Optional<PeerAuthenticator.Refused> revokedCertificate = revokedNow(certificate);
    if (revokedCertificate.isPresent()) {
      return revokedCertificate;
    }
    PeerSlot slot = peers.get(peer.nodeKey());
    if (slot == null) {
      return Optional.of(
          new PeerAuthenticator.Refused(
              P2pReasons.UNKNOWN_PEER,
              "node key "
                  + peer.nodeKey().toHex()
                  + " (institution "
                  + peer.institutionId()
                  + ") is not a peer of this node"));
    }
    return mismatch(slot.config.id(), peer);
  }

  /** A dialled peer must be exactly the configured identity. */
  private Optional<PeerAuthenticator.Refused> judgeOutbound(PeerSlot slot, PeerId peer) {
    return mismatch(slot.config.id(), peer);
  }

  private static Optional<PeerAuthenticator.Refused> mismatch(PeerId expected, PeerId actual) {
    if (expected.equals(actual)) {
      return Optional.empty();
    }
    return Optional.of(
        new PeerAuthenticator.Refused(
            P2pReasons.PEER_MISMATCH,
            "it proves institution "
                + actual.institutionId()
                + " (the member CA that issued it) with node key "
                + actual.nodeKey().toHex()
                + ", expected institution "
                + expected.institutionId()
                + " with node key "
                + expected.nodeKey().toHex()));
  }

  // ---------------------------------------------------------------------------------------------
  // Running connections

  /** Registers an authenticated connection, reads it until it ends, and reports the end. */
  private void run(Connection connection) {
    PeerSlot slot = peers.get(connection.peer().nodeKey());
    Connection previous = slot.current.getAndSet(connection);
    if (previous != null) {
      previous.beginClose(
          P2pReasons.REPLACED, "a newer connection of " + connection.peer() + " took over", true);
    }
    synchronized (revocationLock) {
      // A handshake judged before a revocation may finish after it.
      if (revoked.isRevoked(connection.certificate())) {
        markRevoked(connection);
      } else if (revokedPeers.contains(connection.peer())) {
        Set<PeerId> fewer = new HashSet<>(revokedPeers);
        fewer.remove(connection.peer());
        revokedPeers = Set.copyOf(fewer);
      }
    }
    counters.connectionsOpened.increment();
    LOG.log(
        System.Logger.Level.INFO,
        self
            + ": p2p connected "
            + connection.direction().name().toLowerCase(Locale.ROOT)
            + " with "
            + connection.peer()
            + " at "
            + connection.remote()
            + ", protocol version "
            + connection.version());
    listener.connected(connection.peer(), connection.direction(), connection.version());
    connection.startWriter((name, body) -> spawn("p2p-" + self + "-" + name, body));
    if (closed.get()) {
      connection.beginClose(P2pReasons.SHUTDOWN, "the node is shutting down", true);
    }
    connection.readLoop(handler, LOG);
    slot.current.compareAndSet(connection, null);
    ended(connection);
  }

  private void ended(Connection connection) {
    int discarded = connection.discardQueued();
    counters.framesDiscardedOnClose.add(discarded);
    Connection.CloseCause cause = connection.closeCause();
    counters.closed(cause.reason());
    LOG.log(
        System.Logger.Level.INFO,
        self
            + ": p2p disconnected from "
            + connection.peer()
            + " at "
            + connection.remote()
            + ": "
            + cause.reason()
            + ": "
            + cause.detail()
            + (discarded > 0 ? " (" + discarded + " queued frames not sent)" : ""));
    listener.disconnected(connection.peer(), cause.reason(), cause.detail());
  }

  private void refused(Refusal refusal) {
    counters.refused(refusal.reason());
    LOG.log(System.Logger.Level.WARNING, self + ": " + refusal.logLine());
    listener.refused(refusal);
  }

  private Thread spawn(String name, Runnable body) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } finally {
                threads.remove(Thread.currentThread());
              }
            },
            name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    return thread;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
