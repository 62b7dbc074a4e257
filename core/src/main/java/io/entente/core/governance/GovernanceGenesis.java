package io.entente.core.governance;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.MemberCa;
import io.entente.core.pki.Revocation;
import io.entente.core.pki.TrustStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The governance channel's state at genesis: the member institutions with their CA certificates,
 * the registered nodes (TLS key fingerprint and validator key), the revoked (issuer, serial) pairs
 * and the channel definitions. Every list is held in canonical order (members by institution, nodes
 * by node id, revocations by issuer then serial, channels by name; strings by UTF-8 bytes), so one
 * state has one encoding and one hash.
 *
 * <p>{@link io.entente.core.chain.Genesis} has no field for application state, so the governance
 * channel's genesis does not commit to this value; {@code entente init} stores it next to the
 * genesis and records its {@link #hash()} in the consortium manifest. The governance application
 * that executes it comes later.
 */
public record GovernanceGenesis(
    SuiteId suite,
    List<Member> members,
    List<NodeEntry> nodes,
    List<Revocation> revocations,
    List<ChannelDefinition> channels) {

  public static final Codec<GovernanceGenesis> CODEC =
      new SimpleCodec<>(
          Tags.GOVERNANCE_GENESIS,
          1,
          GovernanceLimits.GOVERNANCE_GENESIS_BYTES_MAX,
          GovernanceGenesis::write,
          GovernanceGenesis::read);

  static final Comparator<Member> MEMBER_ORDER =
      Comparator.comparing(Member::institution, Identifiers.UTF8_ORDER);
  static final Comparator<NodeEntry> NODE_ORDER =
      Comparator.comparing(NodeEntry::nodeId, Identifiers.UTF8_ORDER);
  static final Comparator<Revocation> REVOCATION_ORDER =
      Comparator.comparing(Revocation::issuer, Identifiers.UTF8_ORDER)
          .thenComparing(Revocation::serial);
  static final Comparator<ChannelDefinition> CHANNEL_ORDER =
      Comparator.comparing(ChannelDefinition::name, Identifiers.UTF8_ORDER);

  /** Sorts every list into canonical order and checks the state is consistent. */
  public GovernanceGenesis {
    Objects.requireNonNull(suite, "suite");
    members = sorted(members, MEMBER_ORDER, GovernanceLimits.MEMBERS_MAX, "members");
    nodes = sorted(nodes, NODE_ORDER, GovernanceLimits.NODES_MAX, "nodes");
    revocations =
        sorted(revocations, REVOCATION_ORDER, GovernanceLimits.REVOCATIONS_MAX, "revocations");
    channels = sorted(channels, CHANNEL_ORDER, GovernanceLimits.CHANNELS_MAX, "channels");
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a consortium has at least one member");
    }
    Identifiers.requireDistinct(members, Member::institution, "member");
    Identifiers.requireDistinct(nodes, NodeEntry::nodeId, "node id");
    Identifiers.requireDistinct(revocations, revocation -> revocation, "revocation");
    Identifiers.requireDistinct(channels, ChannelDefinition::name, "channel");
    requireMembersInSuite(suite, members);
    requireNodesConsistent(suite, members, nodes);
    for (Revocation revocation : revocations) {
      Identifiers.text(
          revocation.issuer(), 1, GovernanceLimits.ISSUER_NAME_BYTES_MAX, "revocation issuer");
    }
    for (ChannelDefinition channel : channels) {
      for (String member : channel.members()) {
        requireMember(members, member, "channel " + channel.name());
      }
    }
  }

  private static <T> List<T> sorted(
      List<T> values, Comparator<? super T> order, int maxItems, String field) {
    List<T> copy = new ArrayList<>(Objects.requireNonNull(values, field));
    if (copy.size() > maxItems) {
      throw new IllegalArgumentException(
          field + " has " + copy.size() + " entries, limit " + maxItems);
    }
    copy.forEach(value -> Objects.requireNonNull(value, field + " entry"));
    copy.sort(order);
    return List.copyOf(copy);
  }

  private static void requireMembersInSuite(SuiteId suite, List<Member> members) {
    for (Member member : members) {
      if (member.caCertificate().publicKey(suite).isEmpty()) {
        throw new IllegalArgumentException(
            "the CA certificate of member "
                + member.institution()
                + " does not carry a key of the "
                + suite.label()
                + " suite");
      }
    }
  }

  private static void requireNodesConsistent(
      SuiteId suite, List<Member> members, List<NodeEntry> nodes) {
    TreeSet<Hash> tlsKeys = new TreeSet<>();
    TreeSet<Bytes> validatorKeys = new TreeSet<>();
    for (NodeEntry node : nodes) {
      requireMember(members, node.institution(), "node " + node.nodeId());
      if (node.validatorKey().suite() != suite) {
        throw new IllegalArgumentException(
            "node "
                + node.nodeId()
                + " has a "
                + node.validatorKey().suite().label()
                + " validator key in a "
                + suite.label()
                + " consortium");
      }
      if (!tlsKeys.add(node.tlsKeyFingerprint())) {
        throw new IllegalArgumentException(
            "node " + node.nodeId() + " registers a TLS key another node registered");
      }
      if (!validatorKeys.add(node.validatorKey().encoded())) {
        throw new IllegalArgumentException(
            "node " + node.nodeId() + " registers a validator key another node registered");
      }
    }
  }

  private static void requireMember(List<Member> members, String institution, String who) {
    for (Member member : members) {
      if (member.institution().equals(institution)) {
        return;
      }
    }
    throw new IllegalArgumentException(who + " names " + institution + ", which is not a member");
  }

  /** The suite's hash of the canonical encoding. */
  public Hash hash() {
    return CryptoSuite.of(suite).hash(CODEC.encode(this));
  }

  public Optional<Member> member(String institution) {
    return members.stream().filter(member -> member.institution().equals(institution)).findFirst();
  }

  public Optional<ChannelDefinition> channel(String name) {
    return channels.stream().filter(channel -> channel.name().equals(name)).findFirst();
  }

  /** The TLS trust this state defines: every member CA and every revocation. */
  public TrustStore trustStore() {
    List<MemberCa> anchors = new ArrayList<>();
    for (Member member : members) {
      anchors.add(member.memberCa());
    }
    return TrustStore.of(suite, anchors, revocations);
  }

  // -------------------------------------------------------------------------------------------
  // Canonical encoding (version 1)

  static void write(Writer writer, GovernanceGenesis state) {
    writer.u8(state.suite.code());
    writer.list(state.members, GovernanceLimits.MEMBERS_MAX, GovernanceGenesis::writeMember);
    writer.list(state.nodes, GovernanceLimits.NODES_MAX, GovernanceGenesis::writeNode);
    writer.list(state.revocations, GovernanceLimits.REVOCATIONS_MAX, Revocation::write);
    writer.list(state.channels, GovernanceLimits.CHANNELS_MAX, GovernanceGenesis::writeChannel);
  }

  static GovernanceGenesis read(Reader reader) {
    SuiteId suite = readSuite(reader);
    List<Member> members =
        reader.sortedList(
            GovernanceLimits.MEMBERS_MAX, "members", GovernanceGenesis::readMember, MEMBER_ORDER);
    List<NodeEntry> nodes =
        reader.sortedList(
            GovernanceLimits.NODES_MAX, "nodes", in -> readNode(in, suite), NODE_ORDER);
    List<Revocation> revocations =
        reader.sortedList(
            GovernanceLimits.REVOCATIONS_MAX, "revocations", Revocation::read, REVOCATION_ORDER);
    List<ChannelDefinition> channels =
        reader.sortedList(
            GovernanceLimits.CHANNELS_MAX,
            "channels",
            GovernanceGenesis::readChannel,
            CHANNEL_ORDER);
    return new GovernanceGenesis(suite, members, nodes, revocations, channels);
  }

  private static SuiteId readSuite(Reader reader) {
    int code = reader.u8("crypto suite");
    for (SuiteId id : SuiteId.values()) {
      if (id.code() == code) {
        return id;
      }
    }
    throw new CodecException(CodecException.OUT_OF_RANGE, "unknown crypto suite code " + code);
  }

  static void writeMember(Writer writer, Member member) {
    writer.string(member.institution(), CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.u8(member.role().code());
    writer.bytes(member.caCertificate().der(), CoreLimits.CERTIFICATE_BYTES_MAX);
  }

  private static Member readMember(Reader reader) {
    String institution = reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, "member institution");
    int roleCode = reader.u8("member role");
    Role role;
    try {
      role = Role.fromCode(roleCode);
    } catch (IllegalArgumentException e) {
      throw new CodecException(CodecException.OUT_OF_RANGE, e.getMessage());
    }
    Bytes der = reader.bytes(CoreLimits.CERTIFICATE_BYTES_MAX, "member CA certificate");
    return new Member(institution, role, Certificate.parse(der));
  }

  static void writeNode(Writer writer, NodeEntry node) {
    writer.string(node.nodeId(), CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.string(node.institution(), CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.hash(node.tlsKeyFingerprint());
    writer.fixed(node.validatorKey().encoded());
  }

  private static NodeEntry readNode(Reader reader, SuiteId suite) {
    String nodeId = reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, "node id");
    String institution = reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, "node institution");
    Hash tlsKey = reader.hash("node TLS key fingerprint");
    PublicKey validatorKey =
        new PublicKey(suite, reader.fixed(PublicKey.ENCODED_BYTES, "node validator key"));
    return new NodeEntry(nodeId, institution, tlsKey, validatorKey);
  }

  static void writeChannel(Writer writer, ChannelDefinition channel) {
    writer.string(channel.name(), CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.list(
        channel.members(),
        GovernanceLimits.MEMBERS_MAX,
        (out, member) -> out.string(member, CoreLimits.IDENTIFIER_BYTES_MAX));
    writer.hash(channel.genesisHash());
  }

  private static ChannelDefinition readChannel(Reader reader) {
    String name = reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, "channel name");
    List<String> members =
        reader.sortedList(
            GovernanceLimits.MEMBERS_MAX,
            "channel members",
            in -> in.string(CoreLimits.IDENTIFIER_BYTES_MAX, "channel member"),
            Identifiers.UTF8_ORDER);
    return new ChannelDefinition(name, members, reader.hash("channel genesis hash"));
  }
}
