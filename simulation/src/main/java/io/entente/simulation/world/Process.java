package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;

/**
 * One node's program under simulation. The world calls it from one thread, one event at a time;
 * everything it does to the outside goes through the {@link Context} it is handed. A crash throws
 * the instance away; a restart creates a new one that sees only what was synced to its disk.
 *
 * <p>A crash usually comes between events; a crash armed at the node's next sync comes inside one,
 * at a {@link Disk#sync()} that never returns, and nothing the process would have done after it
 * happens. A process must not keep a context across a crash: the world rejects any call from an
 * instance whose node has crashed since.
 */
public interface Process {

  /** Called once, before any message or timer reaches this instance. */
  void start(Context context);

  void onMessage(Context context, NodeId from, Bytes message);

  void onTimer(Context context, TimerId timer);
}
