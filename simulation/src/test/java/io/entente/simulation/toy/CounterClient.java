package io.entente.simulation.toy;

import io.entente.core.bytes.Bytes;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.Process;
import io.entente.simulation.world.TimerId;
import java.util.List;
import java.util.TreeMap;

/**
 * Drives a replicated counter: every tick it raises the value it wants by one, up to {@code
 * target}, and asks each replica that has not acknowledged it yet for {@code inc:value}. Keeps
 * nothing on disk: after a restart it starts again from zero, and replicas acknowledge what they
 * already hold.
 */
public final class CounterClient implements Process {
  static final TimerId TICK = TimerId.of("tick");
  static final long TICK_MS = 10;

  private final List<NodeId> replicas;
  private final long target;
  private final TreeMap<NodeId, Long> acknowledged = new TreeMap<>();
  private long wanted;

  public CounterClient(List<NodeId> replicas, long target) {
    this.replicas = List.copyOf(replicas);
    this.target = target;
  }

  public long acknowledged(NodeId replica) {
    return acknowledged.getOrDefault(replica, 0L);
  }

  public boolean done() {
    return replicas.stream().allMatch(replica -> acknowledged(replica) >= target);
  }

  @Override
  public void start(Context context) {
    tick(context);
  }

  @Override
  public void onMessage(Context context, NodeId from, Bytes message) {
    if (Messages.is(message, "ack")) {
      acknowledged.merge(from, Messages.number(message), Math::max);
    }
  }

  @Override
  public void onTimer(Context context, TimerId timer) {
    tick(context);
  }

  private void tick(Context context) {
    wanted = Math.min(target, wanted + 1);
    for (NodeId replica : replicas) {
      if (acknowledged(replica) < wanted) {
        context.send(replica, Messages.of("inc", wanted));
      }
    }
    if (!done()) {
      context.setTimer(TICK, context.nowMs() + TICK_MS);
    }
  }
}
