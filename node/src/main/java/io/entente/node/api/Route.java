package io.entente.node.api;

import java.util.Objects;

/**
 * One route of the API: an HTTP method, a path template whose {@code {name}} segments match one
 * path segment each, who may call it, and the endpoint. The list of routes is what the OpenAPI
 * document is checked against.
 */
record Route(String method, String template, Access access, Endpoint endpoint) {
  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(endpoint, "endpoint");
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a route template starts with '/': " + template);
    }
  }

  /** Who may call a route. Routes under {@code /v1/channels/{channel}} also need membership. */
  enum Access {
    /** Anyone: health, metrics, the OpenAPI document, logging in. */
    PUBLIC,
    /** Any valid token; the endpoint checks roles itself. */
    TOKEN,
    /** A role that may read. */
    READ,
    /** A role that may submit. */
    SUBMIT,
    /** A role that may approve (accept an agreement, decide on a break proposal). */
    APPROVE,
    /** A role that manages users. */
    MANAGE
  }

  /** Handles a matched, authorized call. */
  @FunctionalInterface
  interface Endpoint {
    Reply handle(Call call) throws Exception;
  }

  boolean isChannelRoute() {
    return template.contains("{channel}");
  }
}
