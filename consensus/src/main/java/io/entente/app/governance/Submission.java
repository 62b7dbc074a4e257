package io.entente.app.governance;

import io.entente.app.governance.GovernanceRequests.Vote;
import io.entente.app.governance.GovernanceState.ClientRecord;
import io.entente.app.governance.GovernanceState.ProposalRecord;
import io.entente.app.governance.GovernanceState.ProposalStatus;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Revocation;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * A governance transaction read and authorized: who submitted it (the institution of its submitter
 * certificate, an active member), the acting user, and what it asks. Reading runs at admission and
 * again at execution, against the state of that moment; its rejections are the only ones admission
 * gives.
 */
record Submission(String institution, UserRequestPayload user, Request request) {

  /** What a governance transaction asks. */
  sealed interface Request permits Propose, Cast {}

  record Propose(Change change) implements Request {}

  record Cast(Vote vote, ProposalRecord proposal) implements Request {}

  /** Either the submission or the check that refused it. */
  record Read(Check check, Optional<Submission> submission) {
    static Read refused(String reason, String detail) {
      return new Read(Check.rejected(reason, detail), Optional.empty());
    }
  }

  static Read read(
      Store store,
      SuiteId suite,
      NavigableMap<Hash, String> institutions,
      NavigableMap<Hash, Revocation> names,
      Transaction transaction) {
    TxBody body = transaction.body();
    boolean propose = body.type().equals(GovernanceApplication.PROPOSE);
    if (!body.application().equals(GovernanceApplication.NAME)
        || !(propose || body.type().equals(GovernanceApplication.VOTE))) {
      return Read.refused(GovernanceReasons.UNKNOWN_TYPE, body.application() + "/" + body.type());
    }
    // The node's own client certificates (the consortium's files), else those the governance
    // state registered with a member's admission: the latter is the same on every node at a height.
    String institution = institutions.get(body.submitterCertificateId());
    Revocation configuredName = names.get(body.submitterCertificateId());
    if (institution != null
        && configuredName != null
        && store.get(StateKeys.revocation(CryptoSuite.of(suite), configuredName)).isPresent()) {
      return Read.refused(
          GovernanceReasons.SUBMITTER_REVOKED,
          "client certificate " + body.submitterCertificateId().shortHex() + " is revoked");
    }
    if (institution == null) {
      Optional<ClientRecord> client = store.client(body.submitterCertificateId());
      if (client.isEmpty()) {
        return Read.refused(
            GovernanceReasons.UNKNOWN_SUBMITTER,
            "no member CA issued certificate " + body.submitterCertificateId().shortHex());
      }
      Revocation name = Revocation.of(client.get().certificate());
      if (store.get(StateKeys.revocation(CryptoSuite.of(suite), name)).isPresent()) {
        return Read.refused(
            GovernanceReasons.SUBMITTER_REVOKED,
            "client certificate " + body.submitterCertificateId().shortHex() + " is revoked");
      }
      institution = client.get().institution();
    }
    if (store.activeMember(institution).isEmpty()) {
      return Read.refused(GovernanceReasons.NOT_A_MEMBER, institution + " is not a member");
    }
    try {
      UserRequestPayload user = UserRequestPayload.decode(body.payload());
      if (!propose) {
        return readVote(store, institution, user, GovernanceRequests.decodeVote(user.content()));
      }
      Change change = GovernanceRequests.decodePropose(user.content(), suite);
      Optional<String> owner = ownedBy(change);
      if (owner.isPresent() && !owner.get().equals(institution)) {
        return Read.refused(
            GovernanceReasons.NOT_OWN,
            "only "
                + owner.get()
                + " proposes its own nodes and CA certificate, not "
                + institution);
      }
      return new Read(
          Check.accepted(), Optional.of(new Submission(institution, user, new Propose(change))));
    } catch (CodecException | IllegalArgumentException e) {
      return Read.refused(GovernanceReasons.MALFORMED, e.getMessage());
    }
  }

  /**
   * The institution that alone may propose the change: a member registers its own nodes and rotates
   * its own CA (the others vote on it); anything else any member may propose.
   */
  private static Optional<String> ownedBy(Change change) {
    if (change instanceof Change.RegisterNode register) {
      return Optional.of(register.node().institution());
    } else if (change instanceof Change.RotateCa rotate) {
      return Optional.of(rotate.institution());
    }
    return Optional.empty();
  }

  private static Read readVote(
      Store store, String institution, UserRequestPayload user, Vote vote) {
    Optional<ProposalRecord> found = store.proposal(vote.proposalId());
    if (found.isEmpty()) {
      return Read.refused(GovernanceReasons.UNKNOWN_PROPOSAL, "no proposal " + vote.proposalId());
    }
    ProposalRecord proposal = found.get();
    if (proposal.status() != ProposalStatus.OPEN) {
      return Read.refused(
          GovernanceReasons.PROPOSAL_CLOSED,
          "proposal " + proposal.id() + " is " + proposal.status());
    }
    if (!proposal.eligible().contains(institution)) {
      return Read.refused(
          GovernanceReasons.NOT_ELIGIBLE,
          institution + " is not among the voters of proposal " + proposal.id());
    }
    // Maker and checker differ (DESIGN §1): the proposing user does not approve for its bank.
    if (institution.equals(proposal.proposer())
        && user.username().equals(proposal.proposerUser())) {
      return Read.refused(
          GovernanceReasons.SAME_USER,
          user.username()
              + " proposed "
              + proposal.id()
              + "; another user of "
              + institution
              + " votes");
    }
    return new Read(
        Check.accepted(), Optional.of(new Submission(institution, user, new Cast(vote, proposal))));
  }
}
