package io.entente.app.governance;

import io.entente.app.governance.GovernanceState.ChannelRecord;
import io.entente.app.governance.GovernanceState.Counters;
import io.entente.app.governance.GovernanceState.MemberRecord;
import io.entente.app.governance.GovernanceState.NodeRecord;
import io.entente.app.governance.GovernanceState.RevocationRecord;
import io.entente.app.governance.GovernanceState.Status;
import io.entente.consensus.app.StateView;
import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.governance.ChannelDefinition;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.GovernanceLimits;
import io.entente.core.governance.Member;
import io.entente.core.governance.NodeEntry;
import io.entente.core.pki.Revocation;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state a {@link GovernanceGenesis} and the initial parameters stand for, as key-value pairs.
 *
 * <p>Every registered node of a channel's member institutions is a validator of that channel at
 * genesis, with no observers: that is how {@code entente init} builds each channel's genesis
 * validator set from the same file, so the governance state and the channels agree from height 1.
 *
 * <p>The state is materialised by the first block the application executes: that block's write set
 * carries every pair below, and until then reads fall back to them ({@link #over}). Admission and
 * queries before the first block therefore see the genesis state as well.
 */
final class GenesisState {
  private GenesisState() {}

  /** Every key and value of the genesis state, sorted by key. */
  static NavigableMap<Bytes, Bytes> entries(GovernanceGenesis genesis, Parameters parameters) {
    CryptoSuite suite = CryptoSuite.of(genesis.suite());
    TreeMap<Bytes, Bytes> entries = new TreeMap<>();
    entries.put(StateKeys.GENESIS, genesis.hash().value());
    entries.put(StateKeys.PARAMETERS, parameters.encode());
    entries.put(StateKeys.COUNTERS, new Counters(0, 0).encode());
    entries.put(StateKeys.OPEN, GovernanceState.encodeOpen(List.of()));
    List<String> members = new ArrayList<>();
    for (Member member : genesis.members()) {
      members.add(member.institution());
      entries.put(
          StateKeys.member(member.institution()), new MemberRecord(member, Status.ACTIVE).encode());
    }
    entries.put(
        StateKeys.MEMBERS, GovernanceState.encodeNames(members, GovernanceLimits.MEMBERS_MAX));
    List<String> nodes = new ArrayList<>();
    for (NodeEntry node : genesis.nodes()) {
      nodes.add(node.nodeId());
      entries.put(StateKeys.node(node.nodeId()), new NodeRecord(node, Status.ACTIVE).encode());
      Bytes id = Encodings.utf8(node.nodeId());
      entries.put(StateKeys.tlsKey(node.tlsKeyFingerprint().value()), id);
      entries.put(StateKeys.validatorKey(node.validatorKey().encoded()), id);
    }
    entries.put(StateKeys.NODES, GovernanceState.encodeNames(nodes, GovernanceLimits.NODES_MAX));
    List<String> channels = new ArrayList<>();
    for (ChannelDefinition channel : genesis.channels()) {
      channels.add(channel.name());
      List<String> validators = new ArrayList<>();
      for (NodeEntry node : genesis.nodes()) {
        if (channel.members().contains(node.institution())) {
          validators.add(node.nodeId());
        }
      }
      entries.put(
          StateKeys.channel(channel.name()),
          new ChannelRecord(channel, Status.ACTIVE, validators, List.of()).encode());
    }
    entries.put(
        StateKeys.CHANNELS, GovernanceState.encodeNames(channels, GovernanceLimits.CHANNELS_MAX));
    for (Revocation revocation : genesis.revocations()) {
      entries.put(
          StateKeys.revocation(suite, revocation), new RevocationRecord(revocation, 0).encode());
    }
    return entries;
  }

  /**
   * {@code state} as the application reads it: itself once the genesis is written, otherwise with
   * every missing key read from the genesis entries.
   */
  static StateView over(StateView state, NavigableMap<Bytes, Bytes> genesis) {
    if (isWritten(state)) {
      return state;
    }
    return key -> {
      Optional<Bytes> value = state.get(key);
      return value.isPresent() ? value : Optional.ofNullable(genesis.get(key));
    };
  }

  static boolean isWritten(StateView state) {
    return state.get(StateKeys.GENESIS).isPresent();
  }
}
