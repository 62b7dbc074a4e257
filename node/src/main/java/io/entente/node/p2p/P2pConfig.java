package io.entente.node.p2p;

import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.TrustStore;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link P2pNetwork} needs, wired explicitly.
 *
 * @param suite the consortium's crypto suite (TLS cipher suite, key exchange group and signature
 *     scheme follow from it)
 * @param identity this node's key and certificate chain
 * @param trustStore asked at every handshake, so a governance change (a new member CA, a
 *     revocation) applies to the next connection; see also {@link P2pNetwork#revalidate()}
 * @param listenAddress where to accept peers (port 0 picks a free port)
 * @param peers the nodes this node talks to
 * @param versions the p2p protocol versions this node speaks
 * @param clock the time certificates are checked at
 * @param jitter the random source of reconnect jitter (used under a lock)
 * @param tlsRandom the random source of TLS (key shares, nonces)
 */
public record P2pConfig(
    SuiteId suite,
    NodeIdentity identity,
    Supplier<TrustStore> trustStore,
    InetSocketAddress listenAddress,
    List<PeerConfig> peers,
    VersionRange versions,
    P2pSettings settings,
    Clock clock,
    RandomGenerator jitter,
    SecureRandom tlsRandom) {

  public P2pConfig {
    peers = List.copyOf(peers);
    if (suite == null
        || identity == null
        || trustStore == null
        || listenAddress == null
        || versions == null
        || settings == null
        || clock == null
        || jitter == null
        || tlsRandom == null) {
      throw new IllegalArgumentException("every part of a p2p configuration is required");
    }
    if (identity.key().suite() != suite) {
      throw new IllegalArgumentException(
          "the node key is a "
              + identity.key().suite().label()
              + " key, the consortium uses "
              + suite.label());
    }
  }

  /** A configuration with the current versions, default settings, system clock and randomness. */
  public static P2pConfig of(
      SuiteId suite,
      NodeIdentity identity,
      Supplier<TrustStore> trustStore,
      InetSocketAddress listenAddress,
      List<PeerConfig> peers) {
    return new P2pConfig(
        suite,
        identity,
        trustStore,
        listenAddress,
        peers,
        VersionRange.CURRENT,
        P2pSettings.defaults(),
        Clock.systemUTC(),
        new SplittableRandom(),
        new SecureRandom());
  }

  public P2pConfig withListenAddress(InetSocketAddress address) {
    return new P2pConfig(
        suite, identity, trustStore, address, peers, versions, settings, clock, jitter, tlsRandom);
  }

  public P2pConfig withPeers(List<PeerConfig> newPeers) {
    return new P2pConfig(
        suite,
        identity,
        trustStore,
        listenAddress,
        newPeers,
        versions,
        settings,
        clock,
        jitter,
        tlsRandom);
  }

  public P2pConfig withVersions(VersionRange range) {
    return new P2pConfig(
        suite,
        identity,
        trustStore,
        listenAddress,
        peers,
        range,
        settings,
        clock,
        jitter,
        tlsRandom);
  }

  public P2pConfig withSettings(P2pSettings newSettings) {
    return new P2pConfig(
        suite,
        identity,
        trustStore,
        listenAddress,
        peers,
        versions,
        newSettings,
        clock,
        jitter,
        tlsRandom);
  }

  public P2pConfig withClock(Clock newClock) {
    return new P2pConfig(
        suite,
        identity,
        trustStore,
        listenAddress,
        peers,
        versions,
        settings,
        newClock,
        jitter,
        tlsRandom);
  }

  public P2pConfig withJitter(RandomGenerator random) {
    return new P2pConfig(
        suite,
        identity,
        trustStore,
        listenAddress,
        peers,
        versions,
        settings,
        clock,
        random,
        tlsRandom);
  }
}
