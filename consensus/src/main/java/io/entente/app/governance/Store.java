package io.entente.app.governance;

import io.entente.app.governance.GovernanceState.ChannelRecord;
import io.entente.app.governance.GovernanceState.ClientRecord;
import io.entente.app.governance.GovernanceState.Counters;
import io.entente.app.governance.GovernanceState.MemberRecord;
import io.entente.app.governance.GovernanceState.NodeRecord;
import io.entente.app.governance.GovernanceState.OpenEntry;
import io.entente.app.governance.GovernanceState.PendingSet;
import io.entente.app.governance.GovernanceState.ProposalRecord;
import io.entente.consensus.app.StateView;
import io.entente.consensus.app.WriteSet;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.governance.GovernanceLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed reads and writes over a state view, with the writes held back in a sorted overlay. A block
 * runs on one store and each transaction on a {@link #child} of it, merged back only when the
 * transaction succeeds, so a rejected transaction changes nothing.
 */
final class Store implements StateView {
  private final StateView base;
  private final SuiteId suite;

  /** Written values; an empty optional deletes the key. */
  private final TreeMap<Bytes, Optional<Bytes>> changes = new TreeMap<>();

  Store(StateView base, SuiteId suite) {
    this.base = base;
    this.suite = suite;
  }

  SuiteId suite() {
    return suite;
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    Optional<Bytes> changed = changes.get(key);
    return changed != null ? changed : base.get(key);
  }

  void put(Bytes key, Bytes value) {
    changes.put(key, Optional.of(value));
  }

  void delete(Bytes key) {
    changes.put(key, Optional.empty());
  }

  /** A store over this one whose writes reach this one only through {@link #mergeInto}. */
  Store child() {
    return new Store(this, suite);
  }

  void mergeInto(Store parent) {
    parent.changes.putAll(changes);
  }

  WriteSet writeSet() {
    List<WriteSet.Write> writes = new ArrayList<>(changes.size());
    changes.forEach((key, value) -> writes.add(new WriteSet.Write(key, value)));
    return new WriteSet(writes);
  }

  // Typed access ---------------------------------------------------------------------------------

  Optional<MemberRecord> member(String institution) {
    return get(StateKeys.member(institution)).map(MemberRecord::decode);
  }

  /** The member record when the institution is an active member. */
  Optional<MemberRecord> activeMember(String institution) {
    return member(institution).filter(MemberRecord::active);
  }

  void put(MemberRecord member) {
    put(StateKeys.member(member.institution()), member.encode());
  }

  /** The client certificate an admission registered under this id, if any. */
  Optional<ClientRecord> client(Hash certificateId) {
    return get(StateKeys.client(certificateId)).map(ClientRecord::decode);
  }

  /** Registers a member's client certificate under its id. */
  void put(Hash certificateId, ClientRecord client) {
    put(StateKeys.client(certificateId), client.encode());
  }

  /** The ids of the client certificates the member's admission registered (none at genesis). */
  List<Hash> memberClients(String institution) {
    return get(StateKeys.memberClients(institution))
        .map(
            encoded ->
                Encodings.decode(
                    encoded,
                    "member clients",
                    reader -> {
                      Encodings.version(reader, 1, "member clients");
                      return reader.list(
                          GovernanceAppLimits.CLIENTS_PER_MEMBER_MAX,
                          "client ids",
                          in -> in.hash("client id"));
                    }))
        .orElse(List.of());
  }

  void putMemberClients(String institution, List<Hash> ids) {
    List<Hash> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    Writer writer = new Writer(8 + 40 * sorted.size());
    writer.u8(1);
    writer.list(sorted, GovernanceAppLimits.CLIENTS_PER_MEMBER_MAX, Writer::hash);
    put(StateKeys.memberClients(institution), writer.toBytes());
  }

  Optional<NodeRecord> node(String nodeId) {
    return get(StateKeys.node(nodeId)).map(encoded -> NodeRecord.decode(encoded, suite));
  }

  void put(NodeRecord node) {
    put(StateKeys.node(node.node().nodeId()), node.encode());
  }

  Optional<ChannelRecord> channel(String name) {
    return get(StateKeys.channel(name)).map(ChannelRecord::decode);
  }

  void put(ChannelRecord channel) {
    put(StateKeys.channel(channel.name()), channel.encode());
  }

  Optional<ProposalRecord> proposal(long id) {
    return get(StateKeys.proposal(id)).map(encoded -> ProposalRecord.decode(encoded, suite));
  }

  void put(ProposalRecord proposal) {
    put(StateKeys.proposal(proposal.id()), proposal.encode());
  }

  Parameters parameters() {
    return Parameters.decode(get(StateKeys.PARAMETERS).orElseThrow(Store::missing));
  }

  Counters counters() {
    return Counters.decode(get(StateKeys.COUNTERS).orElseThrow(Store::missing));
  }

  void put(Counters counters) {
    put(StateKeys.COUNTERS, counters.encode());
  }

  List<String> members() {
    return names(StateKeys.MEMBERS, GovernanceLimits.MEMBERS_MAX);
  }

  void putMembers(List<String> institutions) {
    putNames(StateKeys.MEMBERS, institutions, GovernanceLimits.MEMBERS_MAX);
  }

  List<String> nodes() {
    return names(StateKeys.NODES, GovernanceLimits.NODES_MAX);
  }

  void putNodes(List<String> nodeIds) {
    putNames(StateKeys.NODES, nodeIds, GovernanceLimits.NODES_MAX);
  }

  List<String> channels() {
    return names(StateKeys.CHANNELS, GovernanceLimits.CHANNELS_MAX);
  }

  void putChannels(List<String> names) {
    putNames(StateKeys.CHANNELS, names, GovernanceLimits.CHANNELS_MAX);
  }

  List<OpenEntry> open() {
    return GovernanceState.decodeOpen(get(StateKeys.OPEN).orElseThrow(Store::missing));
  }

  void putOpen(List<OpenEntry> entries) {
    put(StateKeys.OPEN, GovernanceState.encodeOpen(entries));
  }

  Optional<PendingSet> pendingSet() {
    return get(StateKeys.PENDING_SET).map(PendingSet::decode);
  }

  private List<String> names(Bytes key, int maxItems) {
    return GovernanceState.decodeNames(get(key).orElseThrow(Store::missing), maxItems);
  }

  private void putNames(Bytes key, List<String> names, int maxItems) {
    put(key, GovernanceState.encodeNames(Encodings.sortedDistinct(names), maxItems));
  }

  /** The genesis writes every list and counter, so a missing one is a broken invariant. */
  private static IllegalStateException missing() {
    return new IllegalStateException("governance state lacks a key the genesis writes");
  }
}
