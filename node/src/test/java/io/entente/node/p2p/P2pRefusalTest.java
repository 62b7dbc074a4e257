package io.entente.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.CertificateReasons;
import io.entente.core.pki.Issuer;
import io.entente.core.pki.MemberCa;
import io.entente.core.pki.Revocation;
import io.entente.core.pki.TrustStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who may not connect. A node B runs; a hand-driven peer presents some certificate, says hello and
 * tries to send a frame. Each refusal is asserted on B: its reason, a detail that names what was
 * presented, and that no frame was delivered.
 */
class P2pRefusalTest {
  private static final byte[] PAYLOAD = "must not arrive".getBytes(StandardCharsets.UTF_8);

  /** A configured peer that B never reaches by dialling (the raw peer connects to B). */
  private static final InetSocketAddress NOWHERE =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aCertificateFromAnUnknownCaIsRefused(SuiteId suite) throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "B")) {
      Issuer unknownCa = cluster.pki.selfSignedCa("CN=X CA,O=X");
      NodeIdentity intruder = cluster.pki.node(unknownCa, "CN=X-node-1,O=X");
      TestNode b = startB(cluster, cluster.everyCa(), cluster.pki.peerId("X", intruder));

      List<String> saw = attempt(b, suite, intruder, cluster.pki.peerId("X", intruder), true);

      assertRefused(b, CertificateReasons.UNKNOWN_ISSUER, intruder.leaf(), saw);
      assertThat(b.recorder.refusal(CertificateReasons.UNKNOWN_ISSUER).detail())
          .contains("its issuer is not a member CA");
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aCertificateFromAnotherCaUnderTheSameRootIsRefused(SuiteId suite) throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "B")) {
      Issuer root = cluster.pki.rootCa("CN=Group Root,O=Group");
      Issuer memberA = cluster.pki.issuedCa(root, "CN=A CA,O=A");
      Issuer siblingX = cluster.pki.issuedCa(root, "CN=X CA,O=X");
      NodeIdentity fromX = cluster.pki.node(siblingX, "CN=X-node-1,O=X");
      // The whole chain up to the shared root is presented; it must not help.
      NodeIdentity withChain =
          new NodeIdentity(
              fromX.key(), List.of(fromX.leaf(), siblingX.certificate(), root.certificate()));
      TrustStore trust = withMember(cluster, new MemberCa("A", memberA.certificate()));
      TestNode b = startB(cluster, trust, cluster.pki.peerId("X", fromX));

      List<String> saw = attempt(b, suite, withChain, cluster.pki.peerId("X", fromX), true);

      assertRefused(b, CertificateReasons.UNKNOWN_ISSUER, fromX.leaf(), saw);
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aClientWithoutACertificateIsRefused(SuiteId suite) throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "B")) {
      Issuer caA = cluster.pki.selfSignedCa("CN=A CA,O=A");
      NodeIdentity nodeA = cluster.pki.node(caA, "CN=A-node-1,O=A");
      TrustStore trust = withMember(cluster, new MemberCa("A", caA.certificate()));
      TestNode b = startB(cluster, trust, cluster.pki.peerId("A", nodeA));

      List<String> saw = attempt(b, suite, nodeA, cluster.pki.peerId("A", nodeA), false);

      Refusal refusal = awaitRefusal(b, P2pReasons.NO_CLIENT_CERTIFICATE);
      assertThat(refusal.detail()).contains("presented no certificate");
      assertNothingDelivered(b, P2pReasons.NO_CLIENT_CERTIFICATE, saw);
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aPeerThatDoesNotHoldTheCertifiedKeyIsRefused(SuiteId suite) {
    try (TestCluster cluster = TestCluster.of(suite, "B")) {
      Issuer caA = cluster.pki.selfSignedCa("CN=A CA,O=A");
      NodeIdentity nodeA = cluster.pki.node(caA, "CN=A-node-1,O=A");
      PrivateKey otherKey = cluster.pki.crypto.generateKeyPair(cluster.pki.random).privateKey();
      TrustStore trust = withMember(cluster, new MemberCa("A", caA.certificate()));
      TestNode b = startB(cluster, trust, cluster.pki.peerId("A", nodeA));

      List<String> saw = new ArrayList<>();
      try (RawPeer peer = RawPeer.connect(b.address(), suite, nodeA, trust, otherKey)) {
        peer.hello(VersionRange.CURRENT, suite, cluster.pki.peerId("A", nodeA));
        saw.addAll(peer.readUntilClosed());
      } catch (IOException e) {
        saw.add("error " + e);
      }

      // The certificate itself is valid; the CertificateVerify signature is not.
      Refusal refusal = awaitRefusal(b, P2pReasons.TLS_FAILED);
      assertThat(refusal.detail()).contains("decrypt_error");
      assertNothingDelivered(b, P2pReasons.TLS_FAILED, saw);
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aRevokedCertificateIsRefused(SuiteId suite) throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "B")) {
      Issuer caA = cluster.pki.selfSignedCa("CN=A CA,O=A");
      NodeIdentity revoked = cluster.pki.node(caA, "CN=A-node-1,O=A");
      TrustStore trust =
          withMember(cluster, new MemberCa("A", caA.certificate()))
              .withRevocation(Revocation.of(revoked.leaf()));
      TestNode b = startB(cluster, trust, cluster.pki.peerId("A", revoked));

      List<String> saw = attempt(b, suite, revoked, cluster.pki.peerId("A", revoked), true);

      assertRefused(b, CertificateReasons.REVOKED, revoked.leaf(), saw);
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aRevocationAtRuntimeEndsTheConnectionAndRefusesNewOnesUntilLifted(SuiteId suite) {
    try (TestCluster cluster = TestCluster.of(suite, "A", "B")) {
      cluster.startAll();
      TestNode a = cluster.node("A");
      TestNode b = cluster.node("B");
      TestCluster.awaitConnected(a, b);
      TrustStore before = b.trust.get();

      // Governance revokes A's node certificate; B's trust store is replaced at runtime.
      b.trust.set(before.withRevocation(Revocation.of(a.identity.leaf())));
      assertThat(b.network().revalidate()).isEqualTo(1);

      Await.until("A lost B", () -> !a.network().isConnected(b.id));
      Await.until(
          "B refused a new connection of A too",
          () -> b.network().metrics().refusals(CertificateReasons.REVOKED) >= 2);
      assertThat(b.recorder.refusal(CertificateReasons.REVOKED).detail())
          .contains("subject \"" + a.identity.leaf().subject() + "\"");
      Await.until(
          "B reported the revoked connection closed",
          () -> b.recorder.disconnectedFor(CertificateReasons.REVOKED));
      assertThat(a.network().send(b.id, PAYLOAD)).isEqualTo(SendResult.NOT_CONNECTED);

      // The revocation is lifted: the next attempt uses the store of that moment and connects.
      b.trust.set(before);
      TestCluster.awaitConnected(a, b);
    }
  }

  /**
   * The synchronous path a node takes when it applies a block with a revocation: when {@code
   * revoke} returns, the session is reported revoked, no longer counts as connected, and none of
   * its frames reaches the handler; new handshakes with the certificate are refused although the
   * trust store in use does not name it yet.
   */
  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void revokeCutsTheSessionOffBeforeItReturnsAndRefusesItsLaterFrames(SuiteId suite) {
    try (TestCluster cluster = TestCluster.of(suite, "A", "B")) {
      cluster.startAll();
      TestNode a = cluster.node("A");
      TestNode b = cluster.node("B");
      TestCluster.awaitConnected(a, b);

      List<PeerId> marked = b.network().revoke(List.of(Revocation.of(a.identity.leaf())));

      assertThat(marked).containsExactly(a.id);
      assertThat(b.recorder.revokedSessions).containsExactly(a.id);
      assertThat(b.network().refusesFramesOf(a.id)).isTrue();
      assertThat(b.network().isConnected(a.id)).isFalse();
      assertThat(b.recorder.refusal(CertificateReasons.REVOKED).detail()).contains(a.id.toString());
      // A has not seen the goodbye yet or has: either way nothing it sends reaches B's handler.
      a.network().send(b.id, PAYLOAD);
      Await.until("A lost B", () -> !a.network().isConnected(b.id));
      Await.until(
          "B refused a new connection of A, its trust store unchanged",
          () -> b.network().metrics().refusals(CertificateReasons.REVOKED) >= 2);
      assertThat(b.trust.get().isRevoked(a.identity.leaf())).isFalse();
      assertThat(b.recorder.received).isEmpty();
      assertThat(b.network().refusesFramesOf(a.id)).isTrue();
      assertThat(b.network().revoke(List.of(Revocation.of(a.identity.leaf())))).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aCertificateNamingAnotherInstitutionBelongsToItsIssuer(SuiteId suite) throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "B")) {
      Issuer caA = cluster.pki.selfSignedCa("CN=A CA,O=A");
      // A's CA certifies a key under a subject that names institution B.
      NodeIdentity namingB = cluster.pki.node(caA, "CN=B-node-9,O=B");
      PeerId asB = new PeerId("B", cluster.pki.peerId("A", namingB).nodeKey());
      TrustStore trust = withMember(cluster, new MemberCa("A", caA.certificate()));
      TestNode b = startB(cluster, trust, asB);

      List<String> saw = attempt(b, suite, namingB, asB, true);

      assertRefused(b, P2pReasons.PEER_MISMATCH, namingB.leaf(), saw);
      assertThat(b.recorder.refusal(P2pReasons.PEER_MISMATCH).detail())
          .contains("proves institution A")
          .contains("expected institution B");
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aCertificateNamingAnotherInstitutionConnectsAsItsIssuersNode(SuiteId suite)
      throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "B")) {
      Issuer caA = cluster.pki.selfSignedCa("CN=A CA,O=A");
      NodeIdentity namingB = cluster.pki.node(caA, "CN=B-node-9,O=B");
      PeerId asA = cluster.pki.peerId("A", namingB);
      TrustStore trust = withMember(cluster, new MemberCa("A", caA.certificate()));
      TestNode b = startB(cluster, trust, asA);

      try (RawPeer peer = RawPeer.connect(b.address(), suite, namingB, trust, true)) {
        peer.hello(VersionRange.CURRENT, suite, asA);
        peer.frame(Frames.DATA, PAYLOAD);
        Await.until("B received the frame", () -> b.recorder.received.size() == 1);
      }

      assertThat(b.recorder.received.get(0).from()).isEqualTo(asA);
      assertThat(b.recorder.received.get(0).from().institutionId()).isEqualTo("A");
      assertThat(b.recorder.refusals).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aMemberNodeThatIsNotAPeerIsRefused(SuiteId suite) throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "B")) {
      Issuer caA = cluster.pki.selfSignedCa("CN=A CA,O=A");
      NodeIdentity configured = cluster.pki.node(caA, "CN=A-node-1,O=A");
      NodeIdentity stranger = cluster.pki.node(caA, "CN=A-node-2,O=A");
      TrustStore trust = withMember(cluster, new MemberCa("A", caA.certificate()));
      TestNode b = startB(cluster, trust, cluster.pki.peerId("A", configured));

      List<String> saw = attempt(b, suite, stranger, cluster.pki.peerId("A", stranger), true);

      assertRefused(b, P2pReasons.UNKNOWN_PEER, stranger.leaf(), saw);
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aHelloClaimingAnotherIdentityIsRefused(SuiteId suite) throws IOException {
    try (TestCluster cluster = TestCluster.of(suite, "B")) {
      Issuer caA = cluster.pki.selfSignedCa("CN=A CA,O=A");
      NodeIdentity nodeA = cluster.pki.node(caA, "CN=A-node-1,O=A");
      PeerId real = cluster.pki.peerId("A", nodeA);
      TrustStore trust = withMember(cluster, new MemberCa("A", caA.certificate()));
      TestNode b = startB(cluster, trust, real);

      List<String> saw = attempt(b, suite, nodeA, new PeerId("B", real.nodeKey()), true);

      Refusal refusal = awaitRefusal(b, P2pReasons.HELLO_MISMATCH);
      assertThat(refusal.detail()).contains("claims to be B/");
      assertNothingDelivered(b, P2pReasons.HELLO_MISMATCH, saw);
      assertThat(saw).contains("hello").anyMatch(line -> line.startsWith("goodbye hello-mismatch"));
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void nodesWithoutACommonVersionCloseWithTheReasonOnBothSides(SuiteId suite) {
    try (TestCluster cluster = TestCluster.of(suite, "A", "B")) {
      TestNode a = cluster.node("A");
      TestNode b = cluster.node("B");
      cluster.startAll(
          config ->
              config.withVersions(
                  config.identity() == a.identity
                      ? new VersionRange(1, 1)
                      : new VersionRange(2, 3)));

      for (TestNode node : List.of(a, b)) {
        Refusal refusal = awaitRefusal(node, P2pReasons.NO_COMMON_VERSION);
        assertThat(refusal.detail())
            .contains("[1, 1]")
            .contains("[2, 3]")
            .contains("no common version");
      }
      for (TestNode node : List.of(a, b)) {
        assertThat(node.network().connectedPeers()).isEmpty();
        assertThat(node.network().metrics().connectionsOpened()).isZero();
        assertThat(node.recorder.connected).isEmpty();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Starts node B alone with {@code trust}, listing {@code peer} as its only peer. */
  private static TestNode startB(TestCluster cluster, TrustStore trust, PeerId peer) {
    TestNode b = cluster.node("B");
    b.trust.set(trust);
    cluster.startAll(config -> config.withPeers(List.of(new PeerConfig(peer, NOWHERE))));
    return b;
  }

  /** The cluster's CAs plus {@code extra}. */
  private static TrustStore withMember(TestCluster cluster, MemberCa extra) {
    List<MemberCa> members = new ArrayList<>(cluster.everyCa().members());
    members.add(extra);
    return cluster.pki.store(members, List.of());
  }

  /**
   * Connects to B as {@code identity}, says hello claiming {@code claimed}, sends a data frame and
   * reads until the connection ends. Returns what the peer saw (failures included).
   */
  private static List<String> attempt(
      TestNode b, SuiteId suite, NodeIdentity identity, PeerId claimed, boolean presentCertificate)
      throws IOException {
    TrustStore trust = b.trust.get();
    List<String> saw = new ArrayList<>();
    try (RawPeer peer = RawPeer.connect(b.address(), suite, identity, trust, presentCertificate)) {
      try {
        peer.hello(VersionRange.CURRENT, suite, claimed);
        peer.frame(Frames.DATA, PAYLOAD);
      } catch (IOException e) {
        saw.add("error " + e);
      }
      saw.addAll(peer.readUntilClosed());
    } catch (IOException e) {
      saw.add("error " + e);
    }
    return saw;
  }

  private static Refusal awaitRefusal(TestNode node, String reason) {
    Await.until(node + " refuses with " + reason, () -> node.recorder.refusedFor(reason));
    return node.recorder.refusal(reason);
  }

  private static void assertRefused(
      TestNode b, String reason, Certificate presented, List<String> saw) {
    Refusal refusal = awaitRefusal(b, reason);
    assertThat(refusal.direction()).isEqualTo(Direction.INBOUND);
    assertThat(refusal.detail())
        .contains("certificate subject \"" + presented.subject() + "\"")
        .contains("issuer \"" + presented.issuer() + "\"")
        .contains("serial " + presented.serial().toString(16))
        .containsPattern("certificate fingerprint (sha256|sm3):[0-9a-f]{64}");
    assertThat(refusal.logLine())
        .startsWith("p2p refused inbound connection /127.0.0.1:")
        .contains(": " + reason + ": ");
    assertNothingDelivered(b, reason, saw);
  }

  private static void assertNothingDelivered(TestNode b, String reason, List<String> saw) {
    P2pMetrics metrics = b.network().metrics();
    assertThat(metrics.refusals(reason)).isEqualTo(1);
    assertThat(metrics.connectionsOpened()).isZero();
    assertThat(metrics.framesReceived()).isZero();
    assertThat(b.recorder.received).isEmpty();
    assertThat(b.recorder.connected).isEmpty();
    assertThat(saw).as("what the refused peer saw").doesNotContain("data");
  }
}
