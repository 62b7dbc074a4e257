package io.entente.app.governance;

import io.entente.app.governance.GovernanceState.Counters;
import io.entente.app.governance.GovernanceState.DecisionRecord;
import io.entente.app.governance.GovernanceState.OpenEntry;
import io.entente.app.governance.GovernanceState.ProposalRecord;
import io.entente.app.governance.GovernanceState.ProposalStatus;
import io.entente.app.governance.GovernanceState.VoteRecord;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.check.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Proposals and votes: making a proposal, counting a vote, closing a proposal on approval,
 * rejection or expiry, and numbering the decisions approvals emit.
 *
 * <p>The voters of a proposal are fixed when it is made: the members of that moment except its
 * subject (the institution the change is about). It passes when yes × denominator > voters ×
 * numerator (default: more than two thirds). A channel definition instead needs a yes from each of
 * the channel's other member institutions: the partner accepts what the lead proposed. Making a
 * proposal is not a vote; the proposing institution votes like any other, by another user.
 */
final class Ballots {
  private Ballots() {}

  /**
   * What a transaction did: its receipt's code, detail and result, and a decision if it made one.
   */
  record Outcome(Check check, String code, String detail, Bytes result, Optional<Bytes> decision) {
    static Outcome rejected(Check check) {
      return new Outcome(check, "", "", Bytes.EMPTY, Optional.empty());
    }

    static Outcome accepted(String code, String detail, Bytes result) {
      return new Outcome(Check.accepted(), code, detail, result, Optional.empty());
    }
  }

  /** Where a transaction runs: the change context, the block and the transaction's place in it. */
  record Place(Changes.Context context, long height, long timeMs, int index, Hash txId) {
    Store store() {
      return context.store();
    }
  }

  static Outcome propose(Place place, Submission submission, Change change) {
    Store store = place.store();
    List<OpenEntry> open = store.open();
    long mine =
        open.stream().filter(entry -> entry.proposer().equals(submission.institution())).count();
    if (mine >= GovernanceAppLimits.OPEN_PROPOSALS_PER_MEMBER_MAX) {
      return Outcome.rejected(
          Check.rejected(
              GovernanceReasons.TOO_MANY_OPEN,
              submission.institution() + " has " + mine + " open proposals, the most it may have"));
    }
    boolean unanimous = change instanceof Change.DefineChannel;
    List<String> eligible = voters(store, change, submission.institution());
    if (eligible.isEmpty()) {
      return Outcome.rejected(
          Check.rejected(GovernanceReasons.NO_VOTERS, "no member may vote on this proposal"));
    }
    Check check = Changes.check(place.context(), change, submission.institution());
    if (!check.isAccepted()) {
      return Outcome.rejected(check);
    }
    Counters counters = store.counters();
    long id = counters.lastProposal() + 1;
    long expiresAtMs = place.timeMs() + store.parameters().proposalLifetimeMs();
    store.put(
        new ProposalRecord(
            id,
            change,
            submission.institution(),
            submission.user().username(),
            place.height(),
            place.timeMs(),
            expiresAtMs,
            eligible,
            unanimous,
            List.of(),
            ProposalStatus.OPEN,
            "",
            "",
            0));
    List<OpenEntry> more = new ArrayList<>(open);
    more.add(new OpenEntry(id, expiresAtMs, submission.institution()));
    store.putOpen(more);
    store.put(new Counters(id, counters.lastDecision()));
    return Outcome.accepted("", "", GovernanceRequests.outcome(id, ProposalStatus.OPEN));
  }

  /** The members of this moment but the subject; for a channel, its members but the proposer. */
  private static List<String> voters(Store store, Change change, String proposer) {
    if (change instanceof Change.DefineChannel define) {
      return Changes.minus(define.definition().members(), proposer);
    }
    Optional<String> subject = subject(store, change);
    return subject
        .map(institution -> Changes.minus(store.members(), institution))
        .orElse(store.members());
  }

  private static Optional<String> subject(Store store, Change change) {
    if (change instanceof Change.AdmitMember admit) {
      return Optional.of(admit.member().institution());
    } else if (change instanceof Change.RemoveMember remove) {
      return Optional.of(remove.institution());
    } else if (change instanceof Change.RegisterNode register) {
      return Optional.of(register.node().institution());
    } else if (change instanceof Change.NodeChange nodeChange) {
      return store.node(nodeChange.nodeId()).map(node -> node.node().institution());
    } else if (change instanceof Change.RemoveNode remove) {
      return store.node(remove.nodeId()).map(node -> node.node().institution());
    } else if (change instanceof Change.RotateCa rotate) {
      return Optional.of(rotate.institution());
    }
    return Optional.empty(); // revocations, parameters: the consortium as a whole
  }

  static Outcome vote(Place place, Submission submission, Submission.Cast cast) {
    ProposalRecord proposal = cast.proposal();
    boolean yes = cast.vote().yes();
    Optional<VoteRecord> earlier = proposal.voteOf(submission.institution());
    if (earlier.isPresent()) {
      // One vote per member: saying it again changes nothing, changing it is refused.
      return earlier.get().yes() == yes
          ? Outcome.accepted(
              GovernanceReasons.VOTE_REPEATED,
              submission.institution() + " voted so already",
              GovernanceRequests.outcome(proposal.id(), proposal.status()))
          : Outcome.rejected(
              Check.rejected(
                  GovernanceReasons.VOTE_CHANGED,
                  submission.institution()
                      + " voted "
                      + (yes ? "no" : "yes")
                      + " already; a vote"
                      + " is final"));
    }
    ProposalRecord voted =
        proposal.withVote(
            new VoteRecord(
                submission.institution(),
                submission.user().username(),
                submission.user().role(),
                yes,
                place.txId(),
                place.height(),
                place.timeMs()));
    if (passes(place.store(), voted)) {
      return approve(place, voted);
    }
    if (cannotPass(place.store(), voted)) {
      return close(
          place.store(),
          voted,
          ProposalStatus.REJECTED,
          "",
          "the yes votes can no longer pass it",
          0);
    }
    place.store().put(voted);
    return Outcome.accepted("", "", GovernanceRequests.outcome(voted.id(), ProposalStatus.OPEN));
  }

  private static boolean passes(Store store, ProposalRecord proposal) {
    int eligible = proposal.eligible().size();
    return proposal.unanimous()
        ? proposal.yes() == eligible
        : store.parameters().passes(proposal.yes(), eligible);
  }

  private static boolean cannotPass(Store store, ProposalRecord proposal) {
    int eligible = proposal.eligible().size();
    int possible = proposal.yes() + eligible - proposal.votes().size();
    return proposal.unanimous()
        ? proposal.no() > 0
        : !store.parameters().passes(possible, eligible);
  }

  /** Checks the change again on today's state; applies it, or closes the proposal as refused. */
  private static Outcome approve(Place place, ProposalRecord proposal) {
    Store store = place.store();
    Check check = Changes.check(place.context(), proposal.change(), proposal.proposer());
    if (check instanceof Check.Rejected refused) {
      return close(store, proposal, ProposalStatus.REFUSED, refused.reason(), refused.detail(), 0);
    }
    Counters counters = store.counters();
    long number = counters.lastDecision() + 1;
    Optional<GovernanceDecision.Effect> effect =
        Changes.apply(place.context(), proposal.change(), proposal.id(), number);
    if (effect.isEmpty()) {
      return close(store, proposal, ProposalStatus.APPROVED, "", "", 0);
    }
    GovernanceDecision decision = new GovernanceDecision(number, effect.get());
    store.put(
        StateKeys.decision(number),
        new DecisionRecord(place.height(), place.index(), proposal.id(), decision).encode());
    store.put(new Counters(counters.lastProposal(), number));
    close(store, proposal, ProposalStatus.APPROVED, "", "", number);
    Bytes encoded = GovernanceDecision.CODEC.encode(decision);
    return new Outcome(Check.accepted(), "", "", encoded, Optional.of(encoded));
  }

  private static Outcome close(
      Store store,
      ProposalRecord proposal,
      ProposalStatus status,
      String code,
      String detail,
      long decision) {
    store.put(proposal.closed(status, code, detail, decision));
    List<OpenEntry> open = new ArrayList<>(store.open());
    open.removeIf(entry -> entry.id() == proposal.id());
    store.putOpen(open);
    return Outcome.accepted(
        code,
        Encodings.clip(detail, GovernanceAppLimits.DETAIL_BYTES_MAX),
        GovernanceRequests.outcome(proposal.id(), status));
  }

  /** Closes every open proposal whose lifetime ended at or before {@code timeMs} (block time). */
  static void expire(Store store, long timeMs) {
    List<OpenEntry> open = store.open();
    List<OpenEntry> remaining = new ArrayList<>();
    for (OpenEntry entry : open) {
      if (entry.expiresAtMs() <= timeMs) {
        ProposalRecord proposal = store.proposal(entry.id()).orElseThrow();
        store.put(proposal.closed(ProposalStatus.EXPIRED, "", "expired in block time", 0));
      } else {
        remaining.add(entry);
      }
    }
    if (remaining.size() != open.size()) {
      store.putOpen(remaining);
    }
  }

  /** The earliest expiry of an open proposal: the block time a time-advancing block must reach. */
  static OptionalLong nextDeadline(Store store) {
    return store.open().stream().mapToLong(OpenEntry::expiresAtMs).min();
  }
}
