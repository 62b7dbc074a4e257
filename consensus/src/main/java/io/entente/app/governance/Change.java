package io.entente.app.governance;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.governance.ChannelDefinition;
import io.entente.core.governance.GovernanceLimits;
import io.entente.core.governance.Member;
import io.entente.core.governance.NodeEntry;
import io.entente.core.governance.Role;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.Revocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a proposal would change. Each kind is encoded as a kind byte and its fields (see {@link
 * #write}); certificates travel as DER, never with keys.
 */
public sealed interface Change {

  /**
   * A new member institution with its role and CA certificate, and the client certificates its CA
   * issued that the member signs transactions with (sorted by DER, each once, 0 to {@link
   * GovernanceAppLimits#CLIENTS_PER_MEMBER_MAX}).
   */
  record AdmitMember(Member member, List<Certificate> clients) implements Change {
    public AdmitMember {
      Objects.requireNonNull(member, "member");
      List<Certificate> sorted = new ArrayList<>(clients);
      sorted.sort(CLIENT_ORDER);
      if (sorted.size() > GovernanceAppLimits.CLIENTS_PER_MEMBER_MAX) {
        throw new IllegalArgumentException(
            "an admission carries at most "
                + GovernanceAppLimits.CLIENTS_PER_MEMBER_MAX
                + " client certificates");
      }
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i - 1).equals(sorted.get(i))) {
          throw new IllegalArgumentException("a client certificate is listed twice");
        }
      }
      clients = List.copyOf(sorted);
    }

    /** An admission without client certificates. */
    public AdmitMember(Member member) {
      this(member, List.of());
    }
  }

  /** Client certificates in the order of their DER bytes. */
  Comparator<Certificate> CLIENT_ORDER = Comparator.comparing(Certificate::der);

  /** A member leaves (or is removed): its channels close, nothing is deleted. */
  record RemoveMember(String institution) implements Change {
    public RemoveMember {
      Objects.requireNonNull(institution, "institution");
    }
  }

  /** A new node of a member; it starts as an observer of that member's open channels. */
  record RegisterNode(NodeEntry node) implements Change {
    public RegisterNode {
      Objects.requireNonNull(node, "node");
    }
  }

  /** An observer node of a channel becomes one of its validators. */
  record PromoteNode(String nodeId, String channel) implements NodeChange {}

  /** A validator of a channel becomes an observer of it. */
  record DemoteNode(String nodeId, String channel) implements NodeChange {}

  /** A node is retired for good: its id and keys are never registered again. */
  record RemoveNode(String nodeId) implements Change {
    public RemoveNode {
      Objects.requireNonNull(nodeId, "nodeId");
    }
  }

  /** A certificate, named by issuer and serial, is revoked everywhere. */
  record RevokeCertificate(Revocation revocation) implements Change {
    public RevokeCertificate {
      Objects.requireNonNull(revocation, "revocation");
    }
  }

  /**
   * A new channel among member institutions, proposed by one of them and accepted by every other
   * (the proposal's eligible voters are the channel's other members, and all must vote yes).
   */
  record DefineChannel(ChannelDefinition definition) implements Change {
    public DefineChannel {
      Objects.requireNonNull(definition, "definition");
    }
  }

  /** A member's new CA certificate replaces its current one. */
  record RotateCa(String institution, Certificate caCertificate) implements Change {
    public RotateCa {
      // The member record checks the identifier and that the certificate is a CA.
      new Member(institution, Role.WITNESS, caCertificate);
    }
  }

  /** One or more parameters, set together (sorted by name, each once). */
  record SetParameters(List<Setting> settings) implements Change {
    public SetParameters {
      List<Setting> sorted = new ArrayList<>(settings);
      sorted.sort(Setting.ORDER);
      if (sorted.isEmpty() || sorted.size() > GovernanceAppLimits.PARAMETERS_PER_CHANGE_MAX) {
        throw new IllegalArgumentException(
            "a parameter change sets 1 to "
                + GovernanceAppLimits.PARAMETERS_PER_CHANGE_MAX
                + " parameters");
      }
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i - 1).name().equals(sorted.get(i).name())) {
          throw new IllegalArgumentException("parameter " + sorted.get(i).name() + " set twice");
        }
      }
      settings = List.copyOf(sorted);
    }
  }

  /** One parameter's new value. */
  record Setting(String name, long value) {
    static final Comparator<Setting> ORDER =
        Comparator.comparing(Setting::name, Encodings.UTF8_ORDER);

    public Setting {
      if (!Parameters.NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown parameter " + name);
      }
    }
  }

  /** A change of one node's role in one channel. */
  sealed interface NodeChange extends Change permits PromoteNode, DemoteNode {
    String nodeId();

    String channel();
  }

  // -------------------------------------------------------------------------------------------
  // Canonical encoding

  int ADMIT_MEMBER = 1;
  int REMOVE_MEMBER = 2;
  int REGISTER_NODE = 3;
  int PROMOTE_NODE = 4;
  int DEMOTE_NODE = 5;
  int REMOVE_NODE = 6;
  int REVOKE_CERTIFICATE = 7;
  int DEFINE_CHANNEL = 8;
  int ROTATE_CA = 9;
  int SET_PARAMETERS = 10;

  static void write(Writer writer, Change change) {
    if (change instanceof AdmitMember admit) {
      writer.u8(ADMIT_MEMBER);
      Encodings.identifier(writer, admit.member().institution());
      writer.u8(admit.member().role().code());
      writer.bytes(admit.member().caCertificate().der(), CoreLimits.CERTIFICATE_BYTES_MAX);
      writer.list(
          admit.clients(),
          GovernanceAppLimits.CLIENTS_PER_MEMBER_MAX,
          (out, client) -> out.bytes(client.der(), CoreLimits.CERTIFICATE_BYTES_MAX));
    } else if (change instanceof RemoveMember remove) {
      writer.u8(REMOVE_MEMBER);
      Encodings.identifier(writer, remove.institution());
    } else if (change instanceof RegisterNode register) {
      writer.u8(REGISTER_NODE);
      NodeEntry node = register.node();
      Encodings.identifier(writer, node.nodeId());
      Encodings.identifier(writer, node.institution());
      writer.hash(node.tlsKeyFingerprint());
      writer.fixed(node.validatorKey().encoded());
    } else if (change instanceof NodeChange nodeChange) {
      writer.u8(change instanceof PromoteNode ? PROMOTE_NODE : DEMOTE_NODE);
      Encodings.identifier(writer, nodeChange.nodeId());
      Encodings.identifier(writer, nodeChange.channel());
    } else if (change instanceof RemoveNode remove) {
      writer.u8(REMOVE_NODE);
      Encodings.identifier(writer, remove.nodeId());
    } else if (change instanceof RevokeCertificate revoke) {
      writer.u8(REVOKE_CERTIFICATE);
      Revocation.write(writer, revoke.revocation());
    } else if (change instanceof DefineChannel define) {
      writer.u8(DEFINE_CHANNEL);
      ChannelDefinition definition = define.definition();
      Encodings.identifier(writer, definition.name());
      Encodings.identifiers(writer, definition.members(), GovernanceLimits.MEMBERS_MAX);
      writer.hash(definition.genesisHash());
    } else if (change instanceof RotateCa rotate) {
      writer.u8(ROTATE_CA);
      Encodings.identifier(writer, rotate.institution());
      writer.bytes(rotate.caCertificate().der(), CoreLimits.CERTIFICATE_BYTES_MAX);
    } else if (change instanceof SetParameters set) {
      writer.u8(SET_PARAMETERS);
      writer.list(
          set.settings(),
          GovernanceAppLimits.PARAMETERS_PER_CHANGE_MAX,
          (out, setting) ->
              out.string(setting.name(), GovernanceAppLimits.PARAMETER_NAME_BYTES_MAX)
                  .i64(setting.value()));
    } else {
      throw new AssertionError("unknown change " + change);
    }
  }

  /** Reads what {@link #write} wrote; keys and certificates must belong to {@code suite}. */
  static Change read(Reader reader, SuiteId suite) {
    int kind = reader.u8("change kind");
    return switch (kind) {
      case ADMIT_MEMBER ->
          new AdmitMember(
              new Member(
                  Encodings.identifier(reader, "institution"),
                  Role.fromCode(reader.u8("role")),
                  caCertificate(reader, suite)),
              reader.sortedList(
                  GovernanceAppLimits.CLIENTS_PER_MEMBER_MAX,
                  "client certificates",
                  in -> clientCertificate(in, suite),
                  CLIENT_ORDER));
      case REMOVE_MEMBER -> new RemoveMember(Encodings.identifier(reader, "institution"));
      case REGISTER_NODE ->
          new RegisterNode(
              new NodeEntry(
                  Encodings.identifier(reader, "node id"),
                  Encodings.identifier(reader, "node institution"),
                  reader.hash("TLS key fingerprint"),
                  new PublicKey(suite, reader.fixed(PublicKey.ENCODED_BYTES, "validator key"))));
      case PROMOTE_NODE ->
          new PromoteNode(
              Encodings.identifier(reader, "node id"), Encodings.identifier(reader, "channel"));
      case DEMOTE_NODE ->
          new DemoteNode(
              Encodings.identifier(reader, "node id"), Encodings.identifier(reader, "channel"));
      case REMOVE_NODE -> new RemoveNode(Encodings.identifier(reader, "node id"));
      case REVOKE_CERTIFICATE -> new RevokeCertificate(Revocation.read(reader));
      case DEFINE_CHANNEL ->
          new DefineChannel(
              new ChannelDefinition(
                  Encodings.identifier(reader, "channel"),
                  Encodings.identifiers(reader, GovernanceLimits.MEMBERS_MAX, "channel members"),
                  reader.hash("channel genesis hash")));
      case ROTATE_CA ->
          new RotateCa(Encodings.identifier(reader, "institution"), caCertificate(reader, suite));
      case SET_PARAMETERS ->
          new SetParameters(
              reader.sortedList(
                  GovernanceAppLimits.PARAMETERS_PER_CHANGE_MAX,
                  "parameters",
                  in ->
                      new Setting(
                          in.string(GovernanceAppLimits.PARAMETER_NAME_BYTES_MAX, "parameter name"),
                          in.i64("parameter value")),
                  Setting.ORDER));
      default ->
          throw new CodecException(CodecException.OUT_OF_RANGE, "unknown change kind " + kind);
    };
  }

  private static Certificate clientCertificate(Reader reader, SuiteId suite) {
    Certificate certificate =
        Certificate.parse(reader.bytes(CoreLimits.CERTIFICATE_BYTES_MAX, "client certificate"));
    if (certificate.publicKey(suite).isEmpty()) {
      throw new IllegalArgumentException(
          "a client certificate does not carry a key of the " + suite.label() + " suite");
    }
    return certificate;
  }

  private static Certificate caCertificate(Reader reader, SuiteId suite) {
    Bytes der = reader.bytes(CoreLimits.CERTIFICATE_BYTES_MAX, "CA certificate");
    Certificate certificate = Certificate.parse(der);
    if (certificate.publicKey(suite).isEmpty()) {
      throw new IllegalArgumentException(
          "the CA certificate does not carry a key of the " + suite.label() + " suite");
    }
    return certificate;
  }
}
