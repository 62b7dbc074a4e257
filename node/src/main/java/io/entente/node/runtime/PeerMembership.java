package io.entente.node.runtime;

import io.entente.consensus.shell.ChannelMembership;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.node.p2p.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The member nodes of one channel as p2p peers (this node included) and which of them holds which
 * validator (seal) key. Only these nodes get the channel's frames, and only their frames reach it.
 */
public final class PeerMembership implements ChannelMembership<PeerId> {
  private final List<PeerId> members;
  private final TreeSet<PeerId> memberSet;
  private final TreeMap<Hash, PeerId> byValidatorKey;

  /**
   * @param members every member node, in a fixed order
   * @param byValidatorKey the node of each validator key fingerprint (members only)
   */
  public PeerMembership(List<PeerId> members, Map<Hash, PeerId> byValidatorKey) {
    this.members = List.copyOf(members);
    this.memberSet = new TreeSet<>(members);
    if (memberSet.size() != members.size()) {
      throw new IllegalArgumentException("a member is listed twice: " + members);
    }
    this.byValidatorKey = new TreeMap<>(byValidatorKey);
    for (PeerId node : byValidatorKey.values()) {
      if (!memberSet.contains(node)) {
        throw new IllegalArgumentException("validator node " + node + " is not a member");
      }
    }
  }

  @Override
  public List<PeerId> members() {
    return members;
  }

  @Override
  public List<PeerId> nodesOf(ValidatorSet set) {
    List<PeerId> nodes = new ArrayList<>();
    for (Validator validator : set.validators()) {
      node(validator.fingerprint()).ifPresent(nodes::add);
    }
    return nodes;
  }

  @Override
  public Optional<PeerId> node(Hash validatorFingerprint) {
    return Optional.ofNullable(byValidatorKey.get(validatorFingerprint));
  }

  /** The member nodes that hold a validator key. */
  public java.util.Collection<PeerId> validatorNodes() {
    return new TreeSet<>(byValidatorKey.values());
  }

  @Override
  public boolean isMember(PeerId node) {
    return memberSet.contains(node);
  }
}
