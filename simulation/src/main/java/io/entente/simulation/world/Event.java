package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import java.util.function.Consumer;

/** What the event loop can do at a point of virtual time. */
sealed interface Event {

  /** Calls {@link Process#start} of one incarnation of a node. */
  record Start(NodeId node, int incarnation) implements Event {}

  /** A message reaches the end of its link. */
  record Arrive(Envelope envelope) implements Event {}

  /** A timer of one incarnation of a node fires. */
  record Fire(NodeId node, int incarnation, TimerId timer) implements Event {}

  /** An action on the world itself: a fault, a heal, a nemesis step. */
  record Control(String label, Consumer<World> action) implements Event {}

  /** One copy of a message on its way; {@code id} numbers sends in order. */
  record Envelope(long id, Link link, Bytes message) {}
}
