package io.entente.app.governance;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.ValidatorSet;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The values the governance application keeps in its state, one per key (see {@link StateKeys}),
 * and their canonical encodings. Query answers carry the same encodings. Every value starts with a
 * format version byte; lists are sorted, so one value has one encoding.
 */
public final class GovernanceState {
  private GovernanceState() {}

  private static final int FORMAT_VERSION = 1;

  /** Whether a member or node still takes part; records are never deleted. */
  public enum Status {
    ACTIVE(1),
    /** A member that left, a node that was removed, a channel that was closed. */
    RETIRED(2);

    private final int code;

    Status(int code) {
      this.code = code;
    }

    static Status read(Reader reader) {
      int code = reader.u8("status");
      for (Status status : values()) {
        if (status.code == code) {
          return status;
        }
      }
      throw new CodecException(CodecException.OUT_OF_RANGE, "unknown status " + code);
    }
  }

  /**
   * A client (API signing) certificate a member's admission registered: the institution whose
   * transactions it signs. Kept under the certificate's id; never deleted, so an id is never
   * registered twice. It signs only while its institution is an active member and it is not
   * revoked.
   */
  public record ClientRecord(String institution, Certificate certificate) {
    public ClientRecord {
      Objects.requireNonNull(institution, "institution");
      Objects.requireNonNull(certificate, "certificate");
    }

    public Bytes encode() {
      Writer writer = new Writer(certificate.der().length() + 80);
      writer.u8(FORMAT_VERSION);
      Encodings.identifier(writer, institution);
      writer.bytes(certificate.der(), CoreLimits.CERTIFICATE_BYTES_MAX);
      return writer.toBytes();
    }

    public static ClientRecord decode(Bytes encoded) {
      return Encodings.decode(
          encoded,
          "client",
          reader -> {
            Encodings.version(reader, FORMAT_VERSION, "client");
            return new ClientRecord(
                Encodings.identifier(reader, "institution"),
                Certificate.parse(
                    reader.bytes(CoreLimits.CERTIFICATE_BYTES_MAX, "client certificate")));
          });
    }
  }

  /** A member institution and whether it is still a member. */
  public record MemberRecord(Member member, Status status) {
    public MemberRecord {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(status, "status");
    }

    public String institution() {
      return member.institution();
    }

    public boolean active() {
      return status == Status.ACTIVE;
    }

    public Bytes encode() {
      Writer writer = new Writer(member.caCertificate().der().length() + 128);
      writer.u8(FORMAT_VERSION);
      Encodings.identifier(writer, member.institution());
      writer.u8(member.role().code());
      writer.bytes(member.caCertificate().der(), CoreLimits.CERTIFICATE_BYTES_MAX);
      writer.u8(status.code);
      return writer.toBytes();
    }

    public static MemberRecord decode(Bytes encoded) {
      return Encodings.decode(encoded, "member", MemberRecord::read);
    }

    static MemberRecord read(Reader reader) {
      Encodings.version(reader, FORMAT_VERSION, "member");
      Member member =
          new Member(
              Encodings.identifier(reader, "institution"),
              Role.fromCode(reader.u8("role")),
              Certificate.parse(reader.bytes(CoreLimits.CERTIFICATE_BYTES_MAX, "CA certificate")));
      return new MemberRecord(member, Status.read(reader));
    }
  }

  /** A registered node and whether it is still in service. */
  public record NodeRecord(NodeEntry node, Status status) {
    public NodeRecord {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(status, "status");
    }

    public boolean active() {
      return status == Status.ACTIVE;
    }

    NodeRecord retired() {
      return new NodeRecord(node, Status.RETIRED);
    }

    public Bytes encode() {
      Writer writer = new Writer(256);
      writer.u8(FORMAT_VERSION);
      Encodings.identifier(writer, node.nodeId());
      Encodings.identifier(writer, node.institution());
      writer.hash(node.tlsKeyFingerprint());
      writer.fixed(node.validatorKey().encoded());
      writer.u8(status.code);
      return writer.toBytes();
    }

    public static NodeRecord decode(Bytes encoded, SuiteId suite) {
      return Encodings.decode(encoded, "node", reader -> read(reader, suite));
    }

    static NodeRecord read(Reader reader, SuiteId suite) {
      Encodings.version(reader, FORMAT_VERSION, "node");
      NodeEntry node =
          new NodeEntry(
              Encodings.identifier(reader, "node id"),
              Encodings.identifier(reader, "institution"),
              reader.hash("TLS key fingerprint"),
              new PublicKey(suite, reader.fixed(PublicKey.ENCODED_BYTES, "validator key")));
      return new NodeRecord(node, Status.read(reader));
    }
  }

  /**
   * A channel: its definition, whether it is open, and the role of every node of its member
   * institutions in it (validator or observer; node ids sorted, no node in both lists).
   */
  public record ChannelRecord(
      ChannelDefinition definition,
      Status status,
      List<String> validators,
      List<String> observers) {
    public ChannelRecord {
      Objects.requireNonNull(definition, "definition");
      Objects.requireNonNull(status, "status");
      validators = Encodings.sortedDistinct(validators);
      observers = Encodings.sortedDistinct(observers);
      for (String observer : observers) {
        if (validators.contains(observer)) {
          throw new IllegalArgumentException(observer + " is validator and observer");
        }
      }
    }

    public String name() {
      return definition.name();
    }

    public boolean open() {
      return status == Status.ACTIVE;
    }

    ChannelRecord withRoles(List<String> nextValidators, List<String> nextObservers) {
      return new ChannelRecord(definition, status, nextValidators, nextObservers);
    }

    ChannelRecord closed() {
      return new ChannelRecord(definition, Status.RETIRED, validators, observers);
    }

    ChannelRecord withMembers(List<String> members) {
      return new ChannelRecord(
          new ChannelDefinition(definition.name(), members, definition.genesisHash()),
          status,
          validators,
          observers);
    }

    public Bytes encode() {
      Writer writer = new Writer(512);
      writer.u8(FORMAT_VERSION);
      Encodings.identifier(writer, definition.name());
      Encodings.identifiers(writer, definition.members(), GovernanceLimits.MEMBERS_MAX);
      writer.hash(definition.genesisHash());
      writer.u8(status.code);
      Encodings.identifiers(writer, validators, GovernanceLimits.NODES_MAX);
      Encodings.identifiers(writer, observers, GovernanceLimits.NODES_MAX);
      return writer.toBytes();
    }

    public static ChannelRecord decode(Bytes encoded) {
      return Encodings.decode(encoded, "channel", ChannelRecord::read);
    }

    static ChannelRecord read(Reader reader) {
      Encodings.version(reader, FORMAT_VERSION, "channel");
      ChannelDefinition definition =
          new ChannelDefinition(
              Encodings.identifier(reader, "channel"),
              Encodings.identifiers(reader, GovernanceLimits.MEMBERS_MAX, "channel members"),
              reader.hash("channel genesis hash"));
      Status status = Status.read(reader);
      return new ChannelRecord(
          definition,
          status,
          Encodings.identifiers(reader, GovernanceLimits.NODES_MAX, "validators"),
          Encodings.identifiers(reader, GovernanceLimits.NODES_MAX, "observers"));
    }
  }

  /** Where a proposal stands. */
  public enum ProposalStatus {
    OPEN(1),
    /** Passed the vote and was applied. */
    APPROVED(2),
    /** The yes votes can no longer reach the threshold. */
    REJECTED(3),
    /** Its lifetime ran out in block time before it passed. */
    EXPIRED(4),
    /** Passed the vote, but the change failed its checks against the state at that moment. */
    REFUSED(5);

    private final int code;

    ProposalStatus(int code) {
      this.code = code;
    }

    int code() {
      return code;
    }

    static ProposalStatus read(Reader reader) {
      int code = reader.u8("proposal status");
      for (ProposalStatus status : values()) {
        if (status.code == code) {
          return status;
        }
      }
      throw new CodecException(CodecException.OUT_OF_RANGE, "unknown proposal status " + code);
    }
  }

  /**
   * One member's signed vote, kept for good: the vote transaction's id names the signed envelope in
   * the chain; user and role name who acted inside the institution.
   */
  public record VoteRecord(
      String institution,
      String user,
      String role,
      boolean yes,
      Hash txId,
      long height,
      long timeMs) {
    public VoteRecord {
      Objects.requireNonNull(institution, "institution");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(txId, "txId");
    }

    static void write(Writer writer, VoteRecord vote) {
      Encodings.identifier(writer, vote.institution);
      writer.string(vote.user, CoreLimits.USERNAME_BYTES_MAX);
      writer.string(vote.role, GovernanceAppLimits.ROLE_BYTES_MAX);
      writer.bool(vote.yes).hash(vote.txId).i64(vote.height).i64(vote.timeMs);
    }

    static VoteRecord read(Reader reader) {
      return new VoteRecord(
          Encodings.identifier(reader, "voter"),
          reader.string(CoreLimits.USERNAME_BYTES_MAX, "voting user"),
          reader.string(GovernanceAppLimits.ROLE_BYTES_MAX, "voting role"),
          reader.bool("vote"),
          reader.hash("vote transaction id"),
          reader.i64("vote height"),
          reader.i64("vote time"));
    }
  }

  /**
   * A proposal with everything needed to judge it later: the eligible voters fixed when it was
   * made, the votes so far (one per institution, sorted), its block-time expiry and its outcome.
   *
   * @param unanimous every eligible voter must vote yes (channel definitions), instead of the
   *     threshold
   * @param decision the number of the decision its approval emitted, 0 for none
   */
  public record ProposalRecord(
      long id,
      Change change,
      String proposer,
      String proposerUser,
      long createdHeight,
      long createdAtMs,
      long expiresAtMs,
      List<String> eligible,
      boolean unanimous,
      List<VoteRecord> votes,
      ProposalStatus status,
      String outcomeCode,
      String outcomeDetail,
      long decision) {
    public ProposalRecord {
      Objects.requireNonNull(change, "change");
      eligible = Encodings.sortedDistinct(eligible);
      List<VoteRecord> sorted = new ArrayList<>(votes);
      sorted.sort((a, b) -> Encodings.UTF8_ORDER.compare(a.institution(), b.institution()));
      votes = List.copyOf(sorted);
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(outcomeCode, "outcomeCode");
      Objects.requireNonNull(outcomeDetail, "outcomeDetail");
    }

    public Optional<VoteRecord> voteOf(String institution) {
      return votes.stream().filter(vote -> vote.institution().equals(institution)).findFirst();
    }

    public int yes() {
      return (int) votes.stream().filter(VoteRecord::yes).count();
    }

    public int no() {
      return votes.size() - yes();
    }

    ProposalRecord withVote(VoteRecord vote) {
      List<VoteRecord> more = new ArrayList<>(votes);
      more.add(vote);
      return new ProposalRecord(
          id,
          change,
          proposer,
          proposerUser,
          createdHeight,
          createdAtMs,
          expiresAtMs,
          eligible,
          unanimous,
          more,
          status,
          outcomeCode,
          outcomeDetail,
          decision);
    }

    ProposalRecord closed(ProposalStatus outcome, String code, String detail, long decisionNumber) {
      return new ProposalRecord(
          id,
          change,
          proposer,
          proposerUser,
          createdHeight,
          createdAtMs,
          expiresAtMs,
          eligible,
          unanimous,
          votes,
          outcome,
          code,
          Encodings.clip(detail, GovernanceAppLimits.DETAIL_BYTES_MAX),
          decisionNumber);
    }

    public Bytes encode() {
      Writer writer = new Writer(1024);
      writer.u8(FORMAT_VERSION);
      writer.i64(id);
      Change.write(writer, change);
      Encodings.identifier(writer, proposer);
      writer.string(proposerUser, CoreLimits.USERNAME_BYTES_MAX);
      writer.i64(createdHeight).i64(createdAtMs).i64(expiresAtMs);
      Encodings.identifiers(writer, eligible, GovernanceLimits.MEMBERS_MAX);
      writer.bool(unanimous);
      writer.list(votes, GovernanceLimits.MEMBERS_MAX, VoteRecord::write);
      writer.u8(status.code);
      writer.string(outcomeCode, CoreLimits.IDENTIFIER_BYTES_MAX);
      writer.string(outcomeDetail, CoreLimits.TEXT_BYTES_MAX);
      writer.i64(decision);
      return writer.toBytes();
    }

    public static ProposalRecord decode(Bytes encoded, SuiteId suite) {
      return Encodings.decode(encoded, "proposal", reader -> read(reader, suite));
    }

    static ProposalRecord read(Reader reader, SuiteId suite) {
      Encodings.version(reader, FORMAT_VERSION, "proposal");
      return new ProposalRecord(
          reader.i64("proposal id"),
          Change.read(reader, suite),
          Encodings.identifier(reader, "proposer"),
          reader.string(CoreLimits.USERNAME_BYTES_MAX, "proposing user"),
          reader.i64("created height"),
          reader.i64("created at"),
          reader.i64("expires at"),
          Encodings.identifiers(reader, GovernanceLimits.MEMBERS_MAX, "eligible voters"),
          reader.bool("unanimous"),
          reader.list(GovernanceLimits.MEMBERS_MAX, "votes", VoteRecord::read),
          ProposalStatus.read(reader),
          reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, "outcome code"),
          reader.string(CoreLimits.TEXT_BYTES_MAX, "outcome detail"),
          reader.i64("decision"));
    }
  }

  /**
   * Where decision {@code decision.sequence()} was made: the governance height and the index of the
   * receipt whose result it is, so a relay can build the update that carries it.
   */
  public record DecisionRecord(
      long height, int receiptIndex, long proposalId, GovernanceDecision decision) {
    public DecisionRecord {
      Objects.requireNonNull(decision, "decision");
    }

    public Bytes encode() {
      Writer writer = new Writer(1024);
      writer.u8(FORMAT_VERSION);
      writer.i64(height).u32(receiptIndex).i64(proposalId);
      GovernanceDecision.CODEC.writeTo(writer, decision);
      return writer.toBytes();
    }

    public static DecisionRecord decode(Bytes encoded) {
      return Encodings.decode(
          encoded,
          "decision",
          reader -> {
            Encodings.version(reader, FORMAT_VERSION, "decision");
            return new DecisionRecord(
                reader.i64("height"),
                reader.u32("receipt index"),
                reader.i64("proposal id"),
                GovernanceDecision.CODEC.readFrom(reader));
          });
    }
  }

  /**
   * An approved change of the governance channel's own validators that the channel has not yet
   * made: the plain set-change transaction whose next set equals {@code next} makes it.
   */
  public record PendingSet(long proposalId, String nodeId, boolean promote, ValidatorSet next) {
    public PendingSet {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(next, "next");
    }

    public Bytes encode() {
      Writer writer = new Writer(1024);
      writer.u8(FORMAT_VERSION);
      writer.i64(proposalId);
      Encodings.identifier(writer, nodeId);
      writer.bool(promote);
      ValidatorSet.CODEC.writeTo(writer, next);
      return writer.toBytes();
    }

    public static PendingSet decode(Bytes encoded) {
      return Encodings.decode(
          encoded,
          "pending set",
          reader -> {
            Encodings.version(reader, FORMAT_VERSION, "pending set");
            return new PendingSet(
                reader.i64("proposal id"),
                Encodings.identifier(reader, "node id"),
                reader.bool("promote"),
                ValidatorSet.CODEC.readFrom(reader));
          });
    }
  }

  /** The last proposal id and the last decision number given out (0: none yet). */
  public record Counters(long lastProposal, long lastDecision) {
    Bytes encode() {
      return new Writer(24).u8(FORMAT_VERSION).i64(lastProposal).i64(lastDecision).toBytes();
    }

    public static Counters decode(Bytes encoded) {
      return Encodings.decode(
          encoded,
          "counters",
          reader -> {
            Encodings.version(reader, FORMAT_VERSION, "counters");
            return new Counters(reader.i64("last proposal"), reader.i64("last decision"));
          });
    }
  }

  /** An open proposal as the open index holds it: enough to expire it and to count per member. */
  public record OpenEntry(long id, long expiresAtMs, String proposer) {}

  /** Open proposals sorted by id. */
  static Bytes encodeOpen(List<OpenEntry> entries) {
    Writer writer = new Writer(64 + entries.size() * 96);
    writer.u8(FORMAT_VERSION);
    writer.list(
        entries,
        GovernanceLimits.MEMBERS_MAX * GovernanceAppLimits.OPEN_PROPOSALS_PER_MEMBER_MAX,
        (out, entry) -> {
          out.i64(entry.id()).i64(entry.expiresAtMs());
          Encodings.identifier(out, entry.proposer());
        });
    return writer.toBytes();
  }

  public static List<OpenEntry> decodeOpen(Bytes encoded) {
    return Encodings.decode(
        encoded,
        "open proposals",
        reader -> {
          Encodings.version(reader, FORMAT_VERSION, "open proposals");
          return reader.sortedList(
              GovernanceLimits.MEMBERS_MAX * GovernanceAppLimits.OPEN_PROPOSALS_PER_MEMBER_MAX,
              "open proposals",
              in ->
                  new OpenEntry(
                      in.i64("id"), in.i64("expires at"), Encodings.identifier(in, "proposer")),
              (a, b) -> Long.compare(a.id(), b.id()));
        });
  }

  /** A revocation as kept in state, with the number of the decision that made it (0: genesis). */
  public record RevocationRecord(Revocation revocation, long decision) {
    public RevocationRecord {
      Objects.requireNonNull(revocation, "revocation");
    }

    public Bytes encode() {
      Writer writer = new Writer(128);
      writer.u8(FORMAT_VERSION);
      Revocation.write(writer, revocation);
      writer.i64(decision);
      return writer.toBytes();
    }

    public static RevocationRecord decode(Bytes encoded) {
      return Encodings.decode(
          encoded,
          "revocation",
          reader -> {
            Encodings.version(reader, FORMAT_VERSION, "revocation");
            return new RevocationRecord(Revocation.read(reader), reader.i64("decision"));
          });
    }
  }

  /** A sorted list of identifiers (member, node or channel names). */
  static Bytes encodeNames(List<String> names, int maxItems) {
    Writer writer = new Writer(64 + names.size() * 66);
    writer.u8(FORMAT_VERSION);
    Encodings.identifiers(writer, names, maxItems);
    return writer.toBytes();
  }

  public static List<String> decodeNames(Bytes encoded, int maxItems) {
    return Encodings.decode(
        encoded,
        "names",
        reader -> {
          Encodings.version(reader, FORMAT_VERSION, "names");
          return Encodings.identifiers(reader, maxItems, "names");
        });
  }
}
