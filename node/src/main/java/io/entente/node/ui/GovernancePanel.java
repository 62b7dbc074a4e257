package io.entente.node.ui;

import io.entente.app.governance.Change;
import io.entente.app.governance.GovernanceQueries;
import io.entente.app.governance.GovernanceState;
import io.entente.core.bytes.Bytes;
import io.entente.node.api.NodeBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Consortium page's governance part: the active member institutions with their CA certificates,
 * and the latest proposals with their votes, read from the governance channel as the node's
 * institution (the governance application answers members of the consortium only), as the API's
 * {@code /v1/governance} routes read them.
 *
 * @param unavailable the governance channel did not answer (not served here, busy, or the user's
 *     institution is not a member)
 */
public record GovernancePanel(
    boolean unavailable, List<MemberRow> members, List<ProposalRow> proposals) {

  /** How many of the latest proposals the page lists. */
  static final int PROPOSALS_LISTED = 20;

  /** A CA certificate that expires within this time is flagged for rotation. */
  static final Duration CA_EXPIRY_WARNING = Duration.ofDays(90);

  private static final String CHANNEL =
      io.entente.node.consortium.ConsortiumSpec.GOVERNANCE_CHANNEL;

  /** One member institution. */
  public record MemberRow(
      String institution,
      String role,
      String caSubject,
      String caValidUntil,
      boolean caExpiresSoon) {}

  /** One proposal: what it changes, where it stands, its votes. */
  public record ProposalRow(
      long id,
      String kind,
      String subject,
      String status,
      String proposer,
      String votes,
      String expires,
      String outcome) {}

  static GovernancePanel of(NodeBackend backend, long nowMs) {
    Optional<Bytes> membersAnswer =
        UiQueries.ask(backend, CHANNEL, GovernanceQueries.request(GovernanceQueries.Kind.MEMBERS));
    Optional<Bytes> countersAnswer =
        membersAnswer.isEmpty()
            ? Optional.empty()
            : UiQueries.ask(
                backend, CHANNEL, GovernanceQueries.request(GovernanceQueries.Kind.COUNTERS));
    if (countersAnswer.isEmpty()) {
      return new GovernancePanel(true, List.of(), List.of());
    }
    List<MemberRow> members = new ArrayList<>();
    for (Bytes value : GovernanceQueries.decodeList(membersAnswer.get())) {
      GovernanceState.MemberRecord record = GovernanceState.MemberRecord.decode(value);
      long notAfter = record.member().caCertificate().notAfterMs();
      members.add(
          new MemberRow(
              record.institution(),
              record.member().role().label(),
              record.member().caCertificate().subject(),
              Instant.ofEpochMilli(notAfter).toString(),
              notAfter - nowMs < CA_EXPIRY_WARNING.toMillis()));
    }
    GovernanceState.Counters counters = GovernanceState.Counters.decode(countersAnswer.get());
    List<ProposalRow> proposals = new ArrayList<>();
    for (long id = counters.lastProposal();
        id >= 1 && id > counters.lastProposal() - PROPOSALS_LISTED;
        id--) {
      Optional<Bytes> found =
          UiQueries.ask(
              backend, CHANNEL, GovernanceQueries.request(GovernanceQueries.Kind.PROPOSAL, id));
      if (found.isEmpty()) {
        break; // busy: the page shows what it has rather than wait again for every proposal
      }
      proposals.add(
          row(GovernanceState.ProposalRecord.decode(found.get(), backend.suite().id()), nowMs));
    }
    return new GovernancePanel(false, members, proposals);
  }

  private static ProposalRow row(GovernanceState.ProposalRecord proposal, long nowMs) {
    String status = proposal.status().name().toLowerCase(Locale.ROOT);
    String expires =
        proposal.status() == GovernanceState.ProposalStatus.OPEN
            ? Instant.ofEpochMilli(proposal.expiresAtMs())
                + (proposal.expiresAtMs() <= nowMs ? " (passed; expires at the next block)" : "")
            : "—";
    String outcome =
        proposal.decision() > 0
            ? "decision " + proposal.decision()
            : proposal.outcomeCode().isEmpty()
                ? ""
                : proposal.outcomeCode() + ": " + proposal.outcomeDetail();
    return new ProposalRow(
        proposal.id(),
        io.entente.node.api.GovernanceJson.kind(proposal.change()),
        subject(proposal.change()),
        status,
        proposal.proposer() + " (" + proposal.proposerUser() + ")",
        proposal.yes()
            + " yes, "
            + proposal.no()
            + " no of "
            + proposal.eligible().size()
            + (proposal.unanimous() ? " (unanimity)" : ""),
        expires,
        outcome);
  }

  /** Whom or what the change is about, in a few words. */
  static String subject(Change change) {
    if (change instanceof Change.AdmitMember admit) {
      return admit.member().institution() + " as " + admit.member().role().label();
    } else if (change instanceof Change.RemoveMember remove) {
      return remove.institution();
    } else if (change instanceof Change.RegisterNode register) {
      return register.node().nodeId() + " of " + register.node().institution();
    } else if (change instanceof Change.NodeChange node) {
      return node.nodeId() + " in " + node.channel();
    } else if (change instanceof Change.RemoveNode remove) {
      return remove.nodeId();
    } else if (change instanceof Change.RevokeCertificate revoke) {
      return "serial "
          + revoke.revocation().serial().toString(16)
          + " of "
          + revoke.revocation().issuer();
    } else if (change instanceof Change.DefineChannel define) {
      return define.definition().name()
          + " ("
          + String.join(", ", define.definition().members())
          + ")";
    } else if (change instanceof Change.RotateCa rotate) {
      return rotate.institution() + " → " + rotate.caCertificate().subject();
    } else if (change instanceof Change.SetParameters parameters) {
      List<String> settings = new ArrayList<>();
      parameters.settings().forEach(s -> settings.add(s.name() + "=" + s.value()));
      return String.join(", ", settings);
    }
    return "";
  }
}
