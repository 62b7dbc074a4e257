package io.entente.simulation.channel;

import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.qbft.Rules;
import io.entente.consensus.shell.ChannelMembership;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.simulation.world.NodeId;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * One simulated channel: its genesis, timing, rules, suite, the validator nodes (in the canonical
 * order of the genesis set), the client keys its validators accept transactions from, and its spare
 * nodes: members with their own key outside the genesis set, which follow the chain and vote from
 * the height a validator-set change brings them in.
 */
record ChannelSpec(
    Genesis genesis,
    ConsensusConfig config,
    Rules rules,
    CryptoSuite suite,
    List<NodeId> validators,
    SortedMap<Hash, NodeId> nodeByFingerprint,
    SortedMap<Hash, PublicKey> clientKeys,
    List<NodeId> spares)
    implements ChannelMembership<NodeId> {

  ChannelSpec {
    Objects.requireNonNull(genesis, "genesis");
    validators = List.copyOf(validators);
    spares = List.copyOf(spares);
  }

  /** A channel whose members are its genesis validators. */
  ChannelSpec(
      Genesis genesis,
      ConsensusConfig config,
      Rules rules,
      CryptoSuite suite,
      List<NodeId> validators,
      SortedMap<Hash, NodeId> nodeByFingerprint,
      SortedMap<Hash, PublicKey> clientKeys) {
    this(genesis, config, rules, suite, validators, nodeByFingerprint, clientKeys, List.of());
  }

  /**
   * Every member node: the genesis validators, then the spares. Final blocks and sync answers go to
   * all of them; consensus messages go to the validators of the message's height only.
   */
  @Override
  public List<NodeId> members() {
    if (spares.isEmpty()) {
      return validators;
    }
    List<NodeId> members = new java.util.ArrayList<>(validators);
    members.addAll(spares);
    return List.copyOf(members);
  }

  /** The nodes of {@code set}'s validators, in the set's canonical order. */
  @Override
  public List<NodeId> nodesOf(ValidatorSet set) {
    List<NodeId> nodes = new java.util.ArrayList<>();
    for (Validator validator : set.validators()) {
      node(validator.fingerprint()).ifPresent(nodes::add);
    }
    return nodes;
  }

  String name() {
    return genesis.channel();
  }

  /** The node holding a validator key, if it is one of this channel's. */
  @Override
  public java.util.Optional<NodeId> node(Hash fingerprint) {
    return java.util.Optional.ofNullable(nodeByFingerprint.get(fingerprint));
  }
}
