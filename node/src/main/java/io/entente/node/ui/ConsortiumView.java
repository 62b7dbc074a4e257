package io.entente.node.ui;

import io.entente.node.api.ChannelStatus;
import io.entente.node.api.NodeBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The Consortium page: every channel this node serves and how it is doing. */
public record ConsortiumView(List<ChannelRow> channels) {

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

  static ConsortiumView of(NodeBackend backend) {
    List<ChannelRow> rows = new ArrayList<>();
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
    }
    return new ConsortiumView(rows);
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
}
