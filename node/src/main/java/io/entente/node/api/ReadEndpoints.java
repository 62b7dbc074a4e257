package io.entente.node.api;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.InclusionProof;
import io.entente.node.api.ApiJson.BlockJson;
import io.entente.node.api.ApiJson.ChannelStatusJson;
import io.entente.node.api.ApiJson.HealthJson;
import io.entente.node.api.ApiJson.NodeStatusJson;
import io.entente.node.api.ApiJson.ProofJson;
import io.entente.node.auth.Principal;
import java.util.ArrayList;
import java.util.List;

/** Status, health, metrics, the OpenAPI document, blocks and proofs. */
final class ReadEndpoints {
  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final NodeBackend backend;
  private final NodeMetrics metrics;
  private final byte[] openApi;

  ReadEndpoints(NodeBackend backend, NodeMetrics metrics, byte[] openApi) {
    this.backend = backend;
    this.metrics = metrics;
    this.openApi = openApi.clone();
  }

  Reply nodeStatus(Call call) {
    Principal principal = call.principal();
    List<ChannelStatusJson> channels = new ArrayList<>();
    for (String channel : backend.channels()) {
      // A user sees only the channels of their institution.
      boolean member =
          backend
              .channelInstitutions(channel)
              .map(members -> members.contains(principal.institution()))
              .orElse(false);
      if (member) {
        backend.channelStatus(channel).map(ChannelStatusJson::of).ifPresent(channels::add);
      }
    }
    Readiness readiness = backend.readiness();
    return Reply.json(
        200,
        new NodeStatusJson(
            backend.institution(),
            backend.suite().id().label(),
            readiness.ready(),
            readiness.reasons(),
            channels));
  }

  Reply channelStatus(Call call) {
    String channel = call.path("channel");
    ChannelStatus status =
        backend.channelStatus(channel).orElseThrow(() -> unknownChannel(channel));
    return Reply.json(200, ChannelStatusJson.of(status));
  }

  Reply channelHealth(Call call) {
    String channel = call.path("channel");
    backend.channelStatus(channel).orElseThrow(() -> unknownChannel(channel));
    ChannelHealth health =
        backend
            .channelHealth(channel)
            .orElseThrow(
                () ->
                    ApiProblem.unavailable(
                        "busy",
                        "The channel is busy",
                        "channel " + channel + " could not answer in time; retry later",
                        ApiLimits.BUSY_RETRY_AFTER));
    return Reply.json(200, ApiJson.ChannelHealthJson.of(health));
  }

  Reply block(Call call) {
    String channel = call.path("channel");
    long height = height(call.path("height"), "height");
    CertifiedBlock block =
        backend
            .block(channel, height)
            .orElseThrow(
                () ->
                    ApiProblem.notFound("channel " + channel + " has no block " + height + " (yet)")
                        .with("reason", "unknown-block"));
    return Reply.json(200, BlockJson.of(backend.suite(), block));
  }

  Reply proof(Call call) {
    String channel = call.path("channel");
    Hash txId = Json.hash(call.path("txId"), "txId");
    InclusionProof proof =
        backend
            .inclusionProof(channel, txId)
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                            "transaction " + txId.toHex() + " is not committed in " + channel)
                        .with("reason", "unknown-transaction"));
    return Reply.json(200, ProofJson.of(txId, proof));
  }

  Reply live(Call call) {
    return Reply.json(200, new HealthJson("live", List.of()));
  }

  Reply ready(Call call) {
    Readiness readiness = backend.readiness();
    if (!readiness.ready()) {
      throw notReady(readiness);
    }
    return Reply.json(200, new HealthJson("ready", List.of()));
  }

  Reply metrics(Call call) {
    return Reply.text(200, METRICS_CONTENT_TYPE, metrics.scrape());
  }

  Reply openApi(Call call) {
    return new Reply.Full(200, "application/yaml", openApi, java.util.Map.of());
  }

  static ApiProblem notReady(Readiness readiness) {
    return ApiProblem.unavailable(
            "not-ready",
            "The node is not ready",
            "the node is not ready: " + String.join("; ", readiness.reasons()),
            ApiLimits.NOT_READY_RETRY_AFTER)
        .with("reasons", readiness.reasons());
  }

  static ApiProblem unknownChannel(String channel) {
    return ApiProblem.notFound("this node serves no channel '" + channel + "'")
        .with("reason", "unknown-channel");
  }

  /** Decimal digits of a height: no sign, at most 18 digits so it fits a long. */
  private static final java.util.regex.Pattern HEIGHT =
      java.util.regex.Pattern.compile("[0-9]{1,18}");

  /** A height from a URL or query: a positive decimal integer. */
  static long height(String text, String field) {
    if (!HEIGHT.matcher(text).matches()) {
      throw ApiProblem.invalidField(field, "expected a positive integer, got '" + text + "'");
    }
    long height = Long.parseLong(text);
    if (height < 1) {
      throw ApiProblem.invalidField(field, "heights start at 1");
    }
    return height;
  }
}
