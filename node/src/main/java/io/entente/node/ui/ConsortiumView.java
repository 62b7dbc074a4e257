package io.entente.node.ui;

import io.entente.node.api.ChannelHealth;
import io.entente.node.api.ChannelStatus;
import io.entente.node.api.NodeBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The Consortium page: every channel this node serves, how it is doing, how its member nodes look
 * from here, the round changes it went through lately and any equivocation evidence.
 */
public record ConsortiumView(List<ChannelRow> channels, List<ChannelNodes> health) {

  /** One channel as this node sees it now. */
  public record ChannelRow(
      String channel,
      String members,
      long height,
      String lastBlock,
      int round,
      int validators,
      int validatorsUp,
      int peers,
      long lag,
      int mempool) {}

  /**
   * A channel's member nodes, recent round changes and evidence; {@code unavailable} when the
   * channel did not answer in time (busy or stopped).
   */
  public record ChannelNodes(
      String channel,
      boolean unavailable,
      List<NodeRow> nodes,
      List<RoundRow> roundChanges,
      List<EvidenceRow> evidence) {}

  /** One member node: heights and times already formatted for the page. */
  public record NodeRow(
      String node,
      String institution,
      String role,
      String session,
      boolean down,
      String height,
      String behind,
      String lastSeen) {}

  /** A round change: at height, to round, when. */
  public record RoundRow(long height, int round, String at) {}

  /** One piece of equivocation evidence. */
  public record EvidenceRow(String node, String validator, String type, long height, int round) {}

  static ConsortiumView of(NodeBackend backend, long nowMs) {
    List<ChannelRow> rows = new ArrayList<>();
    List<ChannelNodes> health = new ArrayList<>();
    for (String channel : backend.channels()) {
      backend
          .channelStatus(channel)
          .ifPresent(
              status ->
                  rows.add(
                      row(
                          status,
                          backend
                              .channelInstitutions(channel)
                              .map(members -> String.join(", ", members))
                              .orElse(""))));
      health.add(
          backend
              .channelHealth(channel)
              .map(found -> nodes(found, nowMs))
              .orElse(new ChannelNodes(channel, true, List.of(), List.of(), List.of())));
    }
    return new ConsortiumView(rows, health);
  }

  private static ChannelRow row(ChannelStatus status, String members) {
    return new ChannelRow(
        status.channel(),
        members,
        status.height(),
        status.lastBlockTimeMs().isPresent()
            ? Instant.ofEpochMilli(status.lastBlockTimeMs().getAsLong()).toString()
            : "none yet",
        status.round(),
        status.validators(),
        status.validatorsUp(),
        status.peersConnected(),
        status.lagBlocks(),
        status.mempoolTransactions());
  }

  static ChannelNodes nodes(ChannelHealth health, long nowMs) {
    List<NodeRow> nodes = new ArrayList<>();
    for (ChannelHealth.NodeHealth node : health.nodes()) {
      nodes.add(
          new NodeRow(
              node.self() ? node.nodeId() + " (this node)" : node.nodeId(),
              node.institution(),
              node.validator() ? "validator" : "observer",
              node.self() ? "—" : node.connected() ? "connected" : "not connected",
              !node.connected(),
              node.height().isPresent() ? Long.toString(node.height().getAsLong()) : "not heard",
              node.height().isPresent() ? Long.toString(node.lag()) : "—",
              node.self() ? "—" : ago(node.lastSeenMs(), nowMs)));
    }
    List<RoundRow> rounds = new ArrayList<>();
    for (ChannelHealth.RoundChangeSeen change : health.roundChanges()) {
      rounds.add(
          new RoundRow(
              change.height(), change.round(), Instant.ofEpochMilli(change.atMs()).toString()));
    }
    List<EvidenceRow> evidence = new ArrayList<>();
    for (ChannelHealth.EvidenceSeen found : health.evidence()) {
      evidence.add(
          new EvidenceRow(
              found.nodeId().orElse("unknown node"),
              found.validator(),
              found.messageType(),
              found.height(),
              found.round()));
    }
    return new ChannelNodes(health.channel(), false, nodes, rounds, evidence);
  }

  /** "12 s ago (2026-11-27T02:40:00Z)", or "not since this node started". */
  private static String ago(OptionalLong atMs, long nowMs) {
    if (atMs.isEmpty()) {
      return "not since this node started";
    }
    long seconds = Math.max(0, nowMs - atMs.getAsLong()) / 1000;
    String elapsed =
        seconds < 120
            ? seconds + " s ago"
            : seconds < 7200 ? seconds / 60 + " min ago" : seconds / 3600 + " h ago";
    return elapsed + " (" + Instant.ofEpochMilli(atMs.getAsLong()) + ")";
  }
}
