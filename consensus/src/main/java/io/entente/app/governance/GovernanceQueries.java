package io.entente.app.governance;

import io.entente.consensus.app.Application.QueryResult;
import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import io.entente.core.governance.GovernanceLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read requests and their answers. A request is {@code u8 version (1) · u8 kind · argument} (a
 * string for a name, an i64 for a number). A single answer is the encoded value (see {@link
 * GovernanceState}); a list answer is {@code u8 version (1) · u32 count · each value as u32-length
 * bytes}. Every member's users may read everything here: governance state is shared by design.
 */
public final class GovernanceQueries {
  private GovernanceQueries() {}

  public static final String MALFORMED = "governance-query-malformed";
  public static final String NOT_FOUND = "governance-query-not-found";

  private static final int FORMAT_VERSION = 1;

  /** The kinds of request; a kind's code is its position from 1, so new kinds are appended. */
  public enum Kind {
    /** Active members: a list of member records. */
    MEMBERS,
    /** One member by institution (a member that left too). */
    MEMBER,
    /** Nodes in service: a list of node records. */
    NODES,
    /** One node by id (a removed one too). */
    NODE,
    /** Every channel ever defined with its node roles: a list of channel records. */
    CHANNELS,
    /** One channel by name. */
    CHANNEL,
    /** Open proposals with their votes: a list of proposal records. */
    OPEN_PROPOSALS,
    /** One proposal by id, open or closed. */
    PROPOSAL,
    /** Decision N: where it was made (governance height, receipt index) and the decision. */
    DECISION,
    /** The parameters. */
    PARAMETERS,
    /** The approved governance validator change waiting for its set-change transaction. */
    PENDING_SET,
    /** The last proposal id and the last decision number: u8 version · i64 · i64. */
    COUNTERS,
    /**
     * The client certificates admissions registered for the active members: a list of client
     * records, by member then certificate id (revoked ones included; the reader judges them).
     */
    CLIENTS
  }

  public static Bytes request(Kind kind) {
    return new Writer(8).u8(FORMAT_VERSION).u8(kind.ordinal() + 1).toBytes();
  }

  public static Bytes request(Kind kind, String name) {
    Writer writer = new Writer(80).u8(FORMAT_VERSION).u8(kind.ordinal() + 1);
    Encodings.identifier(writer, name);
    return writer.toBytes();
  }

  public static Bytes request(Kind kind, long number) {
    return new Writer(16).u8(FORMAT_VERSION).u8(kind.ordinal() + 1).i64(number).toBytes();
  }

  /** The values of a list answer, each still encoded. */
  public static List<Bytes> decodeList(Bytes answer) {
    return Encodings.decode(
        answer,
        "list answer",
        reader -> {
          Encodings.version(reader, FORMAT_VERSION, "list answer");
          return reader.list(
              Integer.MAX_VALUE, "values", in -> in.bytes(Integer.MAX_VALUE, "value"));
        });
  }

  static QueryResult answer(Store store, Bytes request) {
    Reader reader = Reader.of(request);
    try {
      Encodings.version(reader, FORMAT_VERSION, "query");
      int code = reader.u8("query kind");
      if (code < 1 || code > Kind.values().length) {
        throw new CodecException(CodecException.OUT_OF_RANGE, "unknown query kind " + code);
      }
      Optional<Bytes> answer = answer(store, Kind.values()[code - 1], reader);
      reader.expectEnd("query");
      return answer
          .map(bytes -> new QueryResult(Check.accepted(), bytes))
          .orElseGet(
              () -> new QueryResult(Check.rejected(NOT_FOUND, "nothing found"), Bytes.EMPTY));
    } catch (CodecException e) {
      return new QueryResult(Check.rejected(MALFORMED, e.getMessage()), Bytes.EMPTY);
    }
  }

  private static Optional<Bytes> answer(Store store, Kind kind, Reader reader) {
    return switch (kind) {
      case MEMBERS ->
          Optional.of(list(store.members(), name -> store.member(name).orElseThrow().encode()));
      case MEMBER -> store.member(Encodings.identifier(reader, "institution")).map(m -> m.encode());
      case NODES -> Optional.of(list(store.nodes(), id -> store.node(id).orElseThrow().encode()));
      case NODE -> store.node(Encodings.identifier(reader, "node id")).map(n -> n.encode());
      case CHANNELS ->
          Optional.of(list(store.channels(), name -> store.channel(name).orElseThrow().encode()));
      case CHANNEL -> store.channel(Encodings.identifier(reader, "channel")).map(c -> c.encode());
      case OPEN_PROPOSALS ->
          Optional.of(
              list(
                  store.open().stream().map(entry -> entry.id()).toList(),
                  id -> store.proposal(id).orElseThrow().encode()));
      case PROPOSAL -> store.proposal(reader.i64("proposal id")).map(p -> p.encode());
      case DECISION -> store.get(StateKeys.decision(reader.i64("decision number")));
      case PARAMETERS -> store.get(StateKeys.PARAMETERS);
      case PENDING_SET -> store.get(StateKeys.PENDING_SET);
      case COUNTERS -> store.get(StateKeys.COUNTERS);
      case CLIENTS -> Optional.of(clients(store));
    };
  }

  private static Bytes clients(Store store) {
    List<Bytes> values = new ArrayList<>();
    for (String member : store.members()) {
      for (io.entente.core.bytes.Hash id : store.memberClients(member)) {
        values.add(store.client(id).orElseThrow().encode());
      }
    }
    return list(values, value -> value);
  }

  private static <T> Bytes list(List<T> keys, java.util.function.Function<T, Bytes> value) {
    List<Bytes> values = new ArrayList<>(keys.size());
    for (T key : keys) {
      values.add(value.apply(key));
    }
    Writer writer = new Writer(1024);
    writer.u8(FORMAT_VERSION);
    writer.list(
        values,
        GovernanceLimits.CHANNELS_MAX * 4,
        (out, bytes) -> out.bytes(bytes, Integer.MAX_VALUE));
    return writer.toBytes();
  }
}
