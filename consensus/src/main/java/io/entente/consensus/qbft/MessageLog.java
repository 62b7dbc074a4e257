package io.entente.consensus.qbft;

import io.entente.consensus.ConsensusLimits;
import io.entente.consensus.message.Commit;
import io.entente.consensus.message.CommitPayload;
import io.entente.consensus.message.Equivocation;
import io.entente.consensus.message.Message;
import io.entente.consensus.message.Payload;
import io.entente.consensus.message.Prepare;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.core.bytes.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The messages a validator keeps. Memory is bounded per sender, never by round number: for the
 * height being decided, each validator's highest-round message of each type (a validator's rounds
 * only grow, so a lower one is stale), and the same, unjudged, for at most {@link
 * ConsensusLimits#HEIGHTS_AHEAD_MAX} heights ahead. So the log holds at most 4 · n messages per
 * height, whatever rounds a faulty validator makes up. Only verified messages enter.
 */
final class MessageLog {
  private final TreeMap<Hash, Proposal> proposals = new TreeMap<>();
  private final TreeMap<Hash, Prepare> prepares = new TreeMap<>();
  private final TreeMap<Hash, Commit> commits = new TreeMap<>();
  private final TreeMap<Hash, RoundChange> roundChanges = new TreeMap<>();
  private final TreeMap<Long, TreeMap<String, Message>> future = new TreeMap<>();

  /** Adds a message of the height being decided; evidence when it conflicts with a kept one. */
  Optional<Equivocation> add(Message message) {
    if (message instanceof Proposal proposal) {
      return keepHighest(proposals, proposal);
    } else if (message instanceof Prepare prepare) {
      return keepHighest(prepares, prepare);
    } else if (message instanceof Commit commit) {
      return keepHighest(commits, commit);
    } else if (message instanceof RoundChange roundChange) {
      return keepHighest(roundChanges, roundChange);
    }
    throw new AssertionError("unknown message " + message.getClass());
  }

  private static <T extends Message> Optional<Equivocation> keepHighest(
      TreeMap<Hash, T> kept, T message) {
    T old = kept.get(message.author());
    if (old == null || old.round() < message.round()) {
      kept.put(message.author(), message);
      return Optional.empty();
    }
    if (old.round() == message.round()
        && conflicting(old.signed().payload(), message.signed().payload())) {
      return Optional.of(Equivocation.of(old.signed(), message.signed()));
    }
    return Optional.empty();
  }

  /** Two COMMITs for one digest differ at most in their seal's signature bytes: no conflict. */
  static boolean conflicting(Payload one, Payload other) {
    if (one instanceof CommitPayload a && other instanceof CommitPayload b) {
      return !a.digest().equals(b.digest());
    }
    return !one.equals(other);
  }

  /** Keeps a message for a later height, the highest round per sender and type. */
  void addFuture(Message message) {
    TreeMap<String, Message> ofHeight =
        future.computeIfAbsent(message.height(), h -> new TreeMap<>());
    String key = message.author().toHex() + "/" + message.type();
    Message old = ofHeight.get(key);
    if (old == null || old.round() < message.round()) {
      ofHeight.put(key, message);
    }
  }

  /** Forgets the decided height and hands back what was kept for {@code height}, to judge now. */
  List<Message> advanceTo(long height) {
    proposals.clear();
    prepares.clear();
    commits.clear();
    roundChanges.clear();
    future.headMap(height).clear();
    TreeMap<String, Message> kept = future.remove(height);
    return kept == null ? List.of() : List.copyOf(kept.values());
  }

  List<Proposal> proposals() {
    return List.copyOf(proposals.values());
  }

  void replaceProposal(Proposal proposal) {
    proposals.put(proposal.author(), proposal);
  }

  void removeProposal(Proposal proposal) {
    proposals.remove(proposal.author(), proposal);
  }

  List<Prepare> prepares(int round, Hash digest) {
    List<Prepare> matching = new ArrayList<>();
    for (Prepare prepare : prepares.values()) {
      if (prepare.payload().round() == round && prepare.payload().digest().equals(digest)) {
        matching.add(prepare);
      }
    }
    return matching;
  }

  List<Commit> commits(int round, Hash digest) {
    List<Commit> matching = new ArrayList<>();
    for (Commit commit : commits.values()) {
      if (commit.payload().round() == round && commit.payload().digest().equals(digest)) {
        matching.add(commit);
      }
    }
    return matching;
  }

  List<RoundChange> roundChanges(int round) {
    List<RoundChange> matching = new ArrayList<>();
    for (RoundChange roundChange : roundChanges.values()) {
      if (roundChange.round() == round) {
        matching.add(roundChange);
      }
    }
    return matching;
  }

  /** The latest ROUND-CHANGE of each sender whose round is above {@code round}. */
  List<RoundChange> roundChangesAbove(int round) {
    List<RoundChange> above = new ArrayList<>();
    for (RoundChange roundChange : roundChanges.values()) {
      if (roundChange.round() > round) {
        above.add(roundChange);
      }
    }
    return above;
  }

  /**
   * How many validators have shown, by any kept message of the height, that they reached {@code
   * round} or a later one (a validator's rounds only grow, so it is still there).
   */
  int sendersAtOrAbove(int round) {
    java.util.TreeSet<Hash> senders = new java.util.TreeSet<>();
    for (TreeMap<Hash, ? extends Message> kept :
        List.of(proposals, prepares, commits, roundChanges)) {
      for (Message message : kept.values()) {
        if (message.round() >= round) {
          senders.add(message.author());
        }
      }
    }
    return senders.size();
  }

  /** How many messages are kept, for tests of the memory bound. */
  int size() {
    int size = proposals.size() + prepares.size() + commits.size() + roundChanges.size();
    for (Map<String, Message> ofHeight : future.values()) {
      size += ofHeight.size();
    }
    return size;
  }

  int futureHeights() {
    return future.size();
  }
}
