package io.entente.simulation.world;

import java.util.List;
import java.util.Optional;

/** What an invariant may read of the world. */
public interface WorldView {

  long nowMs();

  /** Every node, in name order. */
  List<NodeId> nodes();

  /** The nodes of one group, in name order. */
  List<NodeId> members(String group);

  String groupOf(NodeId node);

  boolean isUp(NodeId node);

  /** Whether a crash is armed at the node's next sync ({@link World#crashAtNextSync}). */
  boolean crashArmed(NodeId node);

  /** The current process instance of a node that is up. */
  Optional<Process> process(NodeId node);

  DiskView disk(NodeId node);

  Network network();
}
