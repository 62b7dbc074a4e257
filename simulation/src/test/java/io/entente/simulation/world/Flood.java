package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends numbered messages in bursts (a sender), or records what arrives in order (a receiver), to
 * measure what the network does to many messages.
 */
final class Flood implements Process {
  private static final TimerId BURST = TimerId.of("burst");

  private final NodeId to;
  private final int perBurst;
  private final int bursts;
  private final long burstEveryMs;
  private final List<Long> received = new ArrayList<>();
  private int burstsSent;
  private long next;

  private Flood(NodeId to, int perBurst, int bursts, long burstEveryMs) {
    this.to = to;
    this.perBurst = perBurst;
    this.bursts = bursts;
    this.burstEveryMs = burstEveryMs;
  }

  static Flood sender(NodeId to, int perBurst, int bursts, long burstEveryMs) {
    return new Flood(to, perBurst, bursts, burstEveryMs);
  }

  static Flood receiver() {
    return new Flood(null, 0, 0, 0);
  }

  List<Long> received() {
    return received;
  }

  @Override
  public void start(Context context) {
    if (to != null) {
      burst(context);
    }
  }

  @Override
  public void onMessage(Context context, NodeId from, Bytes message) {
    long number = 0;
    for (byte b : message.unsafeArray()) {
      number = (number << 8) | (b & 0xFF);
    }
    received.add(number);
  }

  @Override
  public void onTimer(Context context, TimerId timer) {
    burst(context);
  }

  private void burst(Context context) {
    for (int i = 0; i < perBurst; i++) {
      long number = next++;
      byte[] bytes = new byte[8];
      for (int b = 0; b < 8; b++) {
        bytes[b] = (byte) (number >>> (56 - 8 * b));
      }
      context.send(to, Bytes.wrapUnsafe(bytes));
    }
    burstsSent++;
    if (burstsSent < bursts) {
      context.setTimer(BURST, context.nowMs() + burstEveryMs);
    }
  }
}
