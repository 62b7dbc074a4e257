package io.entente.simulation.toy;

import io.entente.core.bytes.Bytes;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.Process;
import io.entente.simulation.world.TimerId;

/**
 * Two nodes: the pinger sends {@code ping:n} until it gets {@code pong:n}, then moves to n + 1, up
 * to {@code rounds}; the ponger answers every ping. The pinger resends on a timer, so it gets
 * through loss.
 */
public final class PingPong implements Process {
  static final TimerId RETRY = TimerId.of("retry");
  static final long RETRY_MS = 50;

  private final NodeId peer;
  private final boolean pinger;
  private final long rounds;
  private long next;
  private long pongs;

  private PingPong(NodeId peer, boolean pinger, long rounds) {
    this.peer = peer;
    this.pinger = pinger;
    this.rounds = rounds;
  }

  public static PingPong pinger(NodeId peer, long rounds) {
    return new PingPong(peer, true, rounds);
  }

  public static PingPong ponger(NodeId peer) {
    return new PingPong(peer, false, 0);
  }

  public long pongs() {
    return pongs;
  }

  public boolean done() {
    return next >= rounds;
  }

  @Override
  public void start(Context context) {
    if (pinger) {
      ping(context);
    }
  }

  @Override
  public void onMessage(Context context, NodeId from, Bytes message) {
    if (!pinger && Messages.is(message, "ping")) {
      context.send(from, Messages.of("pong", Messages.number(message)));
    } else if (pinger && Messages.is(message, "pong") && Messages.number(message) == next) {
      pongs++;
      next++;
      ping(context);
    }
  }

  @Override
  public void onTimer(Context context, TimerId timer) {
    ping(context);
  }

  private void ping(Context context) {
    if (next < rounds) {
      context.send(peer, Messages.of("ping", next));
      context.setTimer(RETRY, context.nowMs() + RETRY_MS);
    } else {
      context.cancelTimer(RETRY);
    }
  }
}
