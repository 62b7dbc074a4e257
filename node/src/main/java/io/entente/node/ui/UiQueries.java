package io.entente.node.ui;

import io.entente.app.colending.Requests;
import io.entente.consensus.app.Application;
import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.node.api.NodeBackend;
import java.util.Optional;

/**
 * Reads for the dashboard: a co-lending query through the channel's application ({@link
 * NodeBackend#query}, as the API does) or a governance query, asked as the node's own institution,
 * which every dashboard user belongs to; the application still answers only for that institution's
 * agreements.
 */
final class UiQueries {
  private UiQueries() {}

  /** The answer, or empty when the application refuses, the channel is busy or not served. */
  static Optional<Bytes> ask(NodeBackend backend, String channel, Requests.QueryRequest request) {
    return ask(backend, channel, Requests.QueryRequest.CODEC.encode(request));
  }

  /** The same for a request already encoded for the channel's application. */
  static Optional<Bytes> ask(NodeBackend backend, String channel, Bytes request) {
    Optional<Application.QueryResult> result =
        backend.query(channel, new Application.Caller(backend.institution(), "dashboard"), request);
    if (result.isEmpty() || result.get().check() instanceof Check.Rejected) {
      return Optional.empty();
    }
    return Optional.of(result.get().result());
  }
}
