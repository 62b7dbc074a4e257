package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import java.util.List;
import java.util.random.RandomGenerator;

/** What a process may do to the world, handed to it with every event. */
public interface Context {

  NodeId self();

  /** Virtual time in milliseconds since the world began. */
  long nowMs();

  /** The nodes of this node's group (its channel), itself included, in name order. */
  List<NodeId> members();

  /**
   * Sends an opaque message. The network may delay, drop, duplicate or hold it; the world records
   * the sender's last write and last sync sequence numbers with the send, for durability checks.
   */
  void send(NodeId to, Bytes message);

  /**
   * Fires {@code timer} at {@code atOrAfterMs} or a little later (the run's timer jitter), never
   * earlier; a time in the past means now. Replaces a pending timer of the same name.
   */
  void setTimer(TimerId timer, long atOrAfterMs);

  /** Cancels a pending timer; does nothing if none is pending. */
  void cancelTimer(TimerId timer);

  /** This node's disk; it outlives the process instance, its unsynced writes do not. */
  Disk disk();

  /** A generator for this node alone, split from the run's; a restart gets a new one. */
  RandomGenerator random();

  /** Adds one to the coverage counter {@code "process." + name}, to prove a rare path ran. */
  void count(String name);
}
