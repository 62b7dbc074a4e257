package io.entente.node.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a channel's member nodes look from this node: what each was last heard to hold and when, the
 * recent round changes this node went through, and the equivocation evidence it keeps. Heights
 * heard from other nodes are not verified; they are for operators, never for decisions.
 *
 * @param channel the channel
 * @param height this node's last final height
 * @param nodes every member node of the channel, this one included, in the order of the channel's
 *     peer list
 * @param roundChanges the most recent rounds above 0 this node moved to, newest first (at most
 *     {@link #ROUND_CHANGES_KEPT})
 * @param evidence the equivocation evidence this node keeps, oldest first: the latest 64 it found
 *     (the metric of equivocation evidence counts them all)
 */
public record ChannelHealth(
    String channel,
    long height,
    List<NodeHealth> nodes,
    List<RoundChangeSeen> roundChanges,
    List<EvidenceSeen> evidence) {

  /** How many recent round changes a channel keeps for operators. */
  public static final int ROUND_CHANGES_KEPT = 20;

  public ChannelHealth {
    Objects.requireNonNull(channel, "channel");
    nodes = List.copyOf(nodes);
    roundChanges = List.copyOf(roundChanges);
    evidence = List.copyOf(evidence);
  }

  /**
   * One member node.
   *
   * @param nodeId the node's id in the consortium
   * @param institution the institution that runs it
   * @param self whether it is the node answering
   * @param validator whether it is a validator of the next height
   * @param connected whether this node holds a session with it now (always true for itself)
   * @param height the highest final height it showed (this node's own height for itself); empty if
   *     nothing was heard from it since this node started
   * @param lag how many blocks it is behind this node (0 if ahead or unknown)
   * @param lastSeenMs when this node last received anything from it for this channel (epoch ms;
   *     empty for itself and for a node not heard from since this node started)
   */
  public record NodeHealth(
      String nodeId,
      String institution,
      boolean self,
      boolean validator,
      boolean connected,
      OptionalLong height,
      long lag,
      OptionalLong lastSeenMs) {}

  /**
   * A round change this node went through: at {@code height} it moved to {@code round} at {@code
   * atMs} (epoch ms).
   */
  public record RoundChangeSeen(long height, int round, long atMs) {}

  /**
   * Proof that a validator signed two conflicting messages of one kind for one height and round.
   *
   * @param validator the validator's key fingerprint (hex)
   * @param nodeId the node that holds that key, if it is a member node this node knows
   * @param messageType the kind of the two messages (PROPOSAL, PREPARE, COMMIT, ROUND_CHANGE)
   */
  public record EvidenceSeen(
      String validator, Optional<String> nodeId, String messageType, long height, int round) {}
}
