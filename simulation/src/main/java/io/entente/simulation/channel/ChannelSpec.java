package io.entente.simulation.channel;

import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.qbft.Rules;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Genesis;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.simulation.world.NodeId;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * One simulated channel: its genesis, timing, rules, suite, the validator nodes (in the canonical
 * order of the genesis set) and the client keys its validators accept transactions from.
 */
record ChannelSpec(
    Genesis genesis,
    ConsensusConfig config,
    Rules rules,
    CryptoSuite suite,
    List<NodeId> validators,
    SortedMap<Hash, NodeId> nodeByFingerprint,
    SortedMap<Hash, PublicKey> clientKeys) {

  ChannelSpec {
    Objects.requireNonNull(genesis, "genesis");
    validators = List.copyOf(validators);
  }

  String name() {
    return genesis.channel();
  }

  /** The node holding a validator key, if it is one of this channel's. */
  java.util.Optional<NodeId> node(Hash fingerprint) {
    return java.util.Optional.ofNullable(nodeByFingerprint.get(fingerprint));
  }
}
