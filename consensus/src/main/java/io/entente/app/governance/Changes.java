package io.entente.app.governance;

import io.entente.app.governance.Change.AdmitMember;
import io.entente.app.governance.Change.DefineChannel;
import io.entente.app.governance.Change.NodeChange;
import io.entente.app.governance.Change.PromoteNode;
import io.entente.app.governance.Change.RegisterNode;
import io.entente.app.governance.Change.RemoveMember;
import io.entente.app.governance.Change.RemoveNode;
import io.entente.app.governance.Change.RevokeCertificate;
import io.entente.app.governance.Change.RotateCa;
import io.entente.app.governance.Change.SetParameters;
import io.entente.app.governance.GovernanceState.ChannelRecord;
import io.entente.app.governance.GovernanceState.MemberRecord;
import io.entente.app.governance.GovernanceState.NodeRecord;
import io.entente.app.governance.GovernanceState.PendingSet;
import io.entente.app.governance.GovernanceState.RevocationRecord;
import io.entente.app.governance.GovernanceState.Status;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.governance.GovernanceLimits;
import io.entente.core.governance.Member;
import io.entente.core.governance.NodeEntry;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.MemberCa;
import io.entente.core.pki.Purpose;
import io.entente.core.pki.TrustStore;
import io.entente.core.pki.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What each kind of change requires of the state ({@link #check}) and what it does to it ({@link
 * #apply}). The check runs when the change is proposed and again when the vote approves it, against
 * the state of that moment; {@code apply} runs only right after a passing check.
 */
final class Changes {
  private Changes() {}

  /** Where a change is judged and applied. */
  record Context(Store store, CryptoSuite suite, String governanceChannel) {}

  static Check check(Context context, Change change, String proposer) {
    Store store = context.store();
    if (change instanceof AdmitMember admit) {
      return checkAdmit(context, admit);
    } else if (change instanceof RemoveMember remove) {
      return checkRemoveMember(context, remove);
    } else if (change instanceof RegisterNode register) {
      return checkRegister(store, register.node());
    } else if (change instanceof NodeChange nodeChange) {
      return nextRoles(context, nodeChange)
          .map(Roles::check)
          .orElseGet(() -> missing(context, nodeChange));
    } else if (change instanceof RemoveNode remove) {
      return checkRemoveNode(context, remove);
    } else if (change instanceof RevokeCertificate) {
      return Check.accepted(); // A revocation is never refused.
    } else if (change instanceof DefineChannel define) {
      return checkDefine(store, define, proposer);
    } else if (change instanceof RotateCa rotate) {
      return checkRotate(store, rotate)
          .and(() -> caNotHeldByAnother(context, rotate.institution(), rotate.caCertificate()));
    } else if (change instanceof SetParameters set) {
      return checkParameters(store, set);
    }
    throw new AssertionError("unknown change " + change);
  }

  /**
   * Applies a change whose check just passed; returns the effect other channels must import, if
   * any. {@code decision} is the number such an effect will carry.
   */
  static Optional<GovernanceDecision.Effect> apply(
      Context context, Change change, long proposalId, long decision) {
    Store store = context.store();
    if (change instanceof AdmitMember admit) {
      applyAdmit(context, admit);
    } else if (change instanceof RemoveMember remove) {
      applyRemoveMember(context, remove.institution());
    } else if (change instanceof RegisterNode register) {
      applyRegister(store, register.node());
    } else if (change instanceof NodeChange nodeChange) {
      return nextRoles(context, nodeChange).orElseThrow().apply(store, proposalId);
    } else if (change instanceof RemoveNode remove) {
      applyRemoveNode(store, remove.nodeId());
    } else if (change instanceof RevokeCertificate revoke) {
      store.put(
          StateKeys.revocation(context.suite(), revoke.revocation()),
          new RevocationRecord(revoke.revocation(), decision).encode());
      return Optional.of(new GovernanceDecision.Revoke(revoke.revocation()));
    } else if (change instanceof DefineChannel define) {
      store.put(
          new ChannelRecord(
              define.definition(),
              Status.ACTIVE,
              initialValidators(store, define.definition().members()),
              List.of()));
      store.putChannels(plus(store.channels(), define.definition().name()));
    } else if (change instanceof RotateCa rotate) {
      MemberRecord member = store.member(rotate.institution()).orElseThrow();
      store.put(
          new MemberRecord(
              new Member(rotate.institution(), member.member().role(), rotate.caCertificate()),
              member.status()));
    } else if (change instanceof SetParameters set) {
      store.put(StateKeys.PARAMETERS, nextParameters(store, set).orElseThrow().encode());
    } else {
      throw new AssertionError("unknown change " + change);
    }
    return Optional.empty();
  }

  // Members
  // ----------------------------------------------------------------------------------------

  private static Check checkAdmit(Context context, AdmitMember admit) {
    Store store = context.store();
    String institution = admit.member().institution();
    if (store.member(institution).isPresent()) {
      return Check.rejected(
          GovernanceReasons.MEMBER_EXISTS,
          institution + " is or was a member; an institution id is never reused");
    }
    Check unused = caNotHeldByAnother(context, institution, admit.member().caCertificate());
    if (!unused.isAccepted()) {
      return unused;
    }
    for (Certificate client : admit.clients()) {
      Check issued = checkClient(context, admit.member(), client);
      if (!issued.isAccepted()) {
        return issued;
      }
    }
    int members = store.members().size();
    return Check.require(
        members < GovernanceLimits.MEMBERS_MAX,
        GovernanceReasons.TOO_MANY_MEMBERS,
        () -> "the consortium has " + members + " members, the most it may have");
  }

  /**
   * A client certificate of an admission: issued by the new member's CA for client use, and never
   * registered before. Judged at the certificate's own start of validity, so the answer does not
   * depend on when the proposal runs; expiry is judged where the certificate is used.
   */
  private static Check checkClient(Context context, Member member, Certificate client) {
    Hash id = client.id(context.suite().id());
    if (context.store().client(id).isPresent()) {
      return Check.rejected(
          GovernanceReasons.CLIENT_KNOWN,
          "client certificate " + id.shortHex() + " is already registered");
    }
    Validation validation =
        TrustStore.of(
                context.suite().id(),
                List.of(new MemberCa(member.institution(), member.caCertificate())),
                List.of())
            .validate(client, client.notBeforeMs(), Purpose.CLIENT);
    if (validation instanceof Validation.Invalid invalid) {
      return Check.rejected(
          GovernanceReasons.CLIENT_NOT_ISSUED,
          "client certificate "
              + id.shortHex()
              + " is not a client certificate of "
              + member.institution()
              + "'s CA: "
              + invalid.reason()
              + " "
              + invalid.rejection().detail());
    }
    return Check.accepted();
  }

  private static void applyAdmit(Context context, AdmitMember admit) {
    Member member = admit.member();
    Store store = context.store();
    List<Hash> clients = new ArrayList<>();
    for (Certificate client : admit.clients()) {
      Hash id = client.id(context.suite().id());
      store.put(id, new GovernanceState.ClientRecord(member.institution(), client));
      clients.add(id);
    }
    if (!clients.isEmpty()) {
      store.putMemberClients(member.institution(), clients);
    }
    store.put(new MemberRecord(member, Status.ACTIVE));
    store.putMembers(plus(store.members(), member.institution()));
    Optional<ChannelRecord> governance = store.channel(context.governanceChannel());
    if (governance.isPresent()) {
      ChannelRecord channel = governance.get();
      store.put(channel.withMembers(plus(channel.definition().members(), member.institution())));
    }
  }

  private static Check checkRemoveMember(Context context, RemoveMember remove) {
    Store store = context.store();
    String institution = remove.institution();
    if (store.activeMember(institution).isEmpty()) {
      return unknownMember(institution);
    }
    if (store.members().size() == 1) {
      return Check.rejected(
          GovernanceReasons.LAST_MEMBER, institution + " is the consortium's last member");
    }
    Optional<ChannelRecord> governance = store.channel(context.governanceChannel());
    List<String> validators =
        governance.map(ChannelRecord::validators).orElse(List.of()).stream()
            .filter(node -> institutionOf(store, node).equals(institution))
            .toList();
    if (!validators.isEmpty()) {
      return Check.rejected(
          GovernanceReasons.NODE_IS_VALIDATOR,
          institution
              + " still runs validators of the governance channel ("
              + String.join(", ", validators)
              + "); demote them first, one change at a time");
    }
    Optional<PendingSet> pending = store.pendingSet();
    return Check.require(
        pending.isEmpty() || !institutionOf(store, pending.get().nodeId()).equals(institution),
        GovernanceReasons.SET_PENDING,
        () -> "a governance validator change of a node of " + institution + " is pending");
  }

  private static void applyRemoveMember(Context context, String institution) {
    Store store = context.store();
    MemberRecord member = store.member(institution).orElseThrow();
    store.put(new MemberRecord(member.member(), Status.RETIRED));
    store.putMembers(minus(store.members(), institution));
    List<String> retired = new ArrayList<>();
    for (String nodeId : store.nodes()) {
      NodeRecord node = store.node(nodeId).orElseThrow();
      if (node.node().institution().equals(institution)) {
        store.put(node.retired());
        retired.add(nodeId);
      }
    }
    List<String> nodes = new ArrayList<>(store.nodes());
    nodes.removeAll(retired);
    store.putNodes(nodes);
    for (String name : store.channels()) {
      ChannelRecord channel = store.channel(name).orElseThrow();
      if (!channel.open() || !channel.definition().members().contains(institution)) {
        continue;
      }
      if (name.equals(context.governanceChannel())) {
        List<String> observers = new ArrayList<>(channel.observers());
        observers.removeAll(retired);
        store.put(
            channel
                .withMembers(minus(channel.definition().members(), institution))
                .withRoles(channel.validators(), observers));
      } else {
        // Its channels close; their data stays with their nodes, nothing is deleted.
        store.put(channel.closed());
      }
    }
  }

  /**
   * A CA certificate, or a CA key, that another active member holds is refused: every node builds
   * its TLS trust from the members' CAs, and two members behind one CA could not be told apart.
   */
  private static Check caNotHeldByAnother(Context context, String institution, Certificate ca) {
    Optional<io.entente.core.crypto.PublicKey> key = ca.publicKey(context.suite().id());
    for (String other : context.store().members()) {
      if (other.equals(institution)) {
        continue;
      }
      Optional<MemberRecord> record = context.store().activeMember(other);
      if (record.isEmpty()) {
        continue;
      }
      Certificate held = record.get().member().caCertificate();
      if (held.der().equals(ca.der())
          || (key.isPresent() && key.equals(held.publicKey(context.suite().id())))) {
        return Check.rejected(
            GovernanceReasons.CA_HELD_BY_ANOTHER,
            "the CA certificate or its key is already " + other + "'s");
      }
    }
    return Check.accepted();
  }

  private static Check checkRotate(Store store, RotateCa rotate) {
    Optional<MemberRecord> member = store.activeMember(rotate.institution());
    if (member.isEmpty()) {
      return unknownMember(rotate.institution());
    }
    return Check.require(
        !member.get().member().caCertificate().der().equals(rotate.caCertificate().der()),
        GovernanceReasons.SAME_CA,
        () -> "the new CA certificate of " + rotate.institution() + " is its current one");
  }

  // Nodes
  // ------------------------------------------------------------------------------------------

  private static Check checkRegister(Store store, NodeEntry node) {
    if (store.activeMember(node.institution()).isEmpty()) {
      return unknownMember(node.institution());
    }
    if (store.node(node.nodeId()).isPresent()) {
      return Check.rejected(
          GovernanceReasons.NODE_EXISTS,
          "node id " + node.nodeId() + " is or was registered; a node id is never reused");
    }
    if (store.get(StateKeys.tlsKey(node.tlsKeyFingerprint().value())).isPresent()
        || store.get(StateKeys.validatorKey(node.validatorKey().encoded())).isPresent()) {
      return Check.rejected(
          GovernanceReasons.KEY_REGISTERED,
          "node " + node.nodeId() + " brings a TLS or validator key another node registered");
    }
    int nodes = store.nodes().size();
    return Check.require(
        nodes < GovernanceLimits.NODES_MAX,
        GovernanceReasons.TOO_MANY_NODES,
        () -> nodes + " nodes are registered, the most there may be");
  }

  private static void applyRegister(Store store, NodeEntry node) {
    store.put(new NodeRecord(node, Status.ACTIVE));
    store.putNodes(plus(store.nodes(), node.nodeId()));
    var id = Encodings.utf8(node.nodeId());
    store.put(StateKeys.tlsKey(node.tlsKeyFingerprint().value()), id);
    store.put(StateKeys.validatorKey(node.validatorKey().encoded()), id);
    for (String name : store.channels()) {
      ChannelRecord channel = store.channel(name).orElseThrow();
      if (channel.open() && channel.definition().members().contains(node.institution())) {
        store.put(
            channel.withRoles(channel.validators(), plus(channel.observers(), node.nodeId())));
      }
    }
  }

  private static Check checkRemoveNode(Context context, RemoveNode remove) {
    Store store = context.store();
    Optional<NodeRecord> node = store.node(remove.nodeId()).filter(NodeRecord::active);
    if (node.isEmpty()) {
      return Check.rejected(
          GovernanceReasons.UNKNOWN_NODE, "no node " + remove.nodeId() + " is in service");
    }
    for (String name : store.channels()) {
      ChannelRecord channel = store.channel(name).orElseThrow();
      if (channel.open() && channel.validators().contains(remove.nodeId())) {
        return Check.rejected(
            GovernanceReasons.NODE_IS_VALIDATOR,
            "node " + remove.nodeId() + " is a validator of " + name + "; demote it first");
      }
    }
    Optional<PendingSet> pending = store.pendingSet();
    return Check.require(
        pending.isEmpty() || !pending.get().nodeId().equals(remove.nodeId()),
        GovernanceReasons.SET_PENDING,
        () -> "a governance validator change of node " + remove.nodeId() + " is pending");
  }

  private static void applyRemoveNode(Store store, String nodeId) {
    store.put(store.node(nodeId).orElseThrow().retired());
    store.putNodes(minus(store.nodes(), nodeId));
    for (String name : store.channels()) {
      ChannelRecord channel = store.channel(name).orElseThrow();
      if (channel.open() && channel.observers().contains(nodeId)) {
        store.put(channel.withRoles(channel.validators(), minus(channel.observers(), nodeId)));
      }
    }
  }

  // Node roles
  // -------------------------------------------------------------------------------------

  /** A node's move between the validators and observers of one channel. */
  private record Roles(
      Context context, ChannelRecord channel, String nodeId, boolean promote, List<String> next) {
    Check check() {
      if (channel.name().equals(context.governanceChannel())
          && context.store().pendingSet().isPresent()) {
        return Check.rejected(
            GovernanceReasons.SET_PENDING,
            "an approved change of the governance channel's validators waits for its set-change"
                + " transaction");
      }
      return SetSafety.check(context.store(), channel.name(), channel.validators(), next);
    }

    Optional<GovernanceDecision.Effect> apply(Store store, long proposalId) {
      var set = SetSafety.set(store, next);
      if (channel.name().equals(context.governanceChannel())) {
        // The governance channel makes its own change with a plain set-change transaction.
        store.put(StateKeys.PENDING_SET, new PendingSet(proposalId, nodeId, promote, set).encode());
        return Optional.empty();
      }
      List<String> observers =
          promote ? minus(channel.observers(), nodeId) : plus(channel.observers(), nodeId);
      store.put(channel.withRoles(next, observers));
      return Optional.of(new GovernanceDecision.ChannelValidators(channel.name(), set));
    }
  }

  /** The move a promotion or demotion asks for, when the node and channel allow it at all. */
  private static Optional<Roles> nextRoles(Context context, NodeChange change) {
    Store store = context.store();
    Optional<ChannelRecord> channel = store.channel(change.channel()).filter(ChannelRecord::open);
    Optional<NodeRecord> node = store.node(change.nodeId());
    if (channel.isEmpty() || node.isEmpty()) {
      return Optional.empty();
    }
    List<String> validators = channel.get().validators();
    if (change instanceof PromoteNode) {
      boolean ready =
          node.get().active()
              && store.activeMember(node.get().node().institution()).isPresent()
              && channel.get().observers().contains(change.nodeId());
      return ready
          ? Optional.of(
              new Roles(
                  context, channel.get(), change.nodeId(), true, plus(validators, change.nodeId())))
          : Optional.empty();
    }
    return validators.contains(change.nodeId())
        ? Optional.of(
            new Roles(
                context, channel.get(), change.nodeId(), false, minus(validators, change.nodeId())))
        : Optional.empty();
  }

  /** Why {@link #nextRoles} found no move. */
  private static Check missing(Context context, NodeChange change) {
    Store store = context.store();
    Optional<ChannelRecord> channel = store.channel(change.channel());
    if (channel.isEmpty()) {
      return Check.rejected(GovernanceReasons.UNKNOWN_CHANNEL, "no channel " + change.channel());
    }
    if (!channel.get().open()) {
      return Check.rejected(
          GovernanceReasons.CHANNEL_CLOSED, "channel " + change.channel() + " is closed");
    }
    Optional<NodeRecord> node = store.node(change.nodeId());
    if (node.isEmpty()) {
      return Check.rejected(GovernanceReasons.UNKNOWN_NODE, "no node " + change.nodeId());
    }
    if (change instanceof PromoteNode) {
      if (!node.get().active() || store.activeMember(node.get().node().institution()).isEmpty()) {
        return Check.rejected(
            GovernanceReasons.NODE_REMOVED,
            "node " + change.nodeId() + " was removed or its institution left");
      }
      return Check.rejected(
          GovernanceReasons.NOT_AN_OBSERVER,
          "node "
              + change.nodeId()
              + " is not an observer of "
              + change.channel()
              + (channel.get().validators().contains(change.nodeId())
                  ? " (it is a validator already)"
                  : " (its institution is not a member of the channel)"));
    }
    return Check.rejected(
        GovernanceReasons.NOT_A_VALIDATOR,
        "node " + change.nodeId() + " is not a validator of " + change.channel());
  }

  // Channels and parameters
  // -------------------------------------------------------------------------

  private static Check checkDefine(Store store, DefineChannel define, String proposer) {
    var definition = define.definition();
    if (store.channel(definition.name()).isPresent()) {
      return Check.rejected(
          GovernanceReasons.CHANNEL_EXISTS,
          "channel " + definition.name() + " is or was defined; a name is never reused");
    }
    if (store.channels().size() >= GovernanceLimits.CHANNELS_MAX) {
      return Check.rejected(
          GovernanceReasons.TOO_MANY_CHANNELS, "the consortium has the most channels it may have");
    }
    if (definition.members().size() < 2 || !definition.members().contains(proposer)) {
      return Check.rejected(
          GovernanceReasons.CHANNEL_MEMBERS,
          "a channel joins its proposer with at least one other member institution");
    }
    for (String member : definition.members()) {
      if (store.activeMember(member).isEmpty()) {
        return unknownMember(member);
      }
    }
    return SetSafety.checkSet(
        store, definition.name(), initialValidators(store, definition.members()));
  }

  /** Every node in service of the member institutions: a new channel's genesis validators. */
  private static List<String> initialValidators(Store store, List<String> institutions) {
    List<String> validators = new ArrayList<>();
    for (String nodeId : store.nodes()) {
      if (institutions.contains(institutionOf(store, nodeId))) {
        validators.add(nodeId);
      }
    }
    return validators;
  }

  private static Optional<Parameters> nextParameters(Store store, SetParameters set) {
    try {
      return Optional.of(store.parameters().with(set.settings()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Check checkParameters(Store store, SetParameters set) {
    try {
      store.parameters().with(set.settings());
      return Check.accepted();
    } catch (IllegalArgumentException e) {
      return Check.rejected(GovernanceReasons.BAD_PARAMETER, e.getMessage());
    }
  }

  // Helpers
  // ------------------------------------------------------------------------------------------

  private static Check unknownMember(String institution) {
    return Check.rejected(GovernanceReasons.UNKNOWN_MEMBER, institution + " is not a member");
  }

  private static String institutionOf(Store store, String nodeId) {
    return store.node(nodeId).map(node -> node.node().institution()).orElse("");
  }

  static List<String> plus(List<String> names, String name) {
    List<String> more = new ArrayList<>(names);
    more.add(name);
    return Encodings.sortedDistinct(more);
  }

  static List<String> minus(List<String> names, String name) {
    List<String> fewer = new ArrayList<>(names);
    fewer.remove(name);
    return List.copyOf(fewer);
  }
}
