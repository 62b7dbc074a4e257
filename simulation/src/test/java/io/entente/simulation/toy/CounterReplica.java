package io.entente.simulation.toy;

import io.entente.core.bytes.Bytes;
import io.entente.simulation.world.ChecksummedLog;
import io.entente.simulation.world.Context;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.Process;
import io.entente.simulation.world.TimerId;
import java.util.ArrayList;
import java.util.List;

/**
 * One replica of a counter: {@code inc:k} raises its count to k, one checksummed log record per
 * step holding that step's number. Writes are group-committed: a flush timer syncs what came in
 * since the last flush.
 *
 * <p>The correct replica acknowledges {@code ack:k} only after the flush that makes k durable. The
 * {@linkplain #broken() broken} one acknowledges at once and syncs later: a crash between the two
 * loses an acknowledged increment, which {@link AcknowledgedWritesSurvive} must catch.
 */
public final class CounterReplica implements Process {
  static final TimerId FLUSH = TimerId.of("flush");
  static final long FLUSH_MS_MAX = 5;
  static final long STEPS_PER_MESSAGE_MAX = 10_000;

  private record PendingAck(NodeId to, long number) {}

  private final boolean acknowledgeBeforeSync;
  private final List<PendingAck> pending = new ArrayList<>();
  private long count;
  private long synced;
  private boolean flushScheduled;

  private CounterReplica(boolean acknowledgeBeforeSync) {
    this.acknowledgeBeforeSync = acknowledgeBeforeSync;
  }

  public static CounterReplica correct() {
    return new CounterReplica(false);
  }

  public static CounterReplica broken() {
    return new CounterReplica(true);
  }

  public long count() {
    return count;
  }

  @Override
  public void start(Context context) {
    ChecksummedLog.Recovery recovery = ChecksummedLog.recover(context.disk());
    if (recovery.truncated()) {
      context.count("counter.torn_tail_truncated");
    }
    for (int i = 0; i < recovery.payloads().size(); i++) {
      long number = Messages.number(recovery.payloads().get(i).unsafeArray());
      if (number != i + 1) {
        throw new IllegalStateException("record " + i + " holds " + number);
      }
    }
    count = recovery.payloads().size();
    synced = count;
  }

  @Override
  public void onMessage(Context context, NodeId from, Bytes message) {
    if (!Messages.is(message, "inc")) {
      return;
    }
    long number = Messages.number(message);
    if (number - count > STEPS_PER_MESSAGE_MAX) {
      throw new IllegalStateException("inc:" + number + " is far above the count " + count);
    }
    if (number > count) {
      while (count < number) {
        count++;
        ChecksummedLog.append(context.disk(), Messages.number(count));
      }
      scheduleFlush(context);
    }
    if (number <= synced || acknowledgeBeforeSync) {
      context.send(from, Messages.of("ack", number));
    } else {
      pending.add(new PendingAck(from, number));
    }
  }

  @Override
  public void onTimer(Context context, TimerId timer) {
    flushScheduled = false;
    context.disk().sync();
    synced = count;
    for (PendingAck ack : pending) {
      context.send(ack.to(), Messages.of("ack", ack.number()));
    }
    pending.clear();
  }

  private void scheduleFlush(Context context) {
    if (!flushScheduled) {
      flushScheduled = true;
      context.setTimer(FLUSH, context.nowMs() + 1 + context.random().nextLong(FLUSH_MS_MAX));
    }
  }
}
