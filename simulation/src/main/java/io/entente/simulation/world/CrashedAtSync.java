package io.entente.simulation.world;

/**
 * The world's signal that a process died inside its own event: its node was armed to crash at its
 * next sync ({@link World#crashAtNextSync}) and the process just asked for that sync. The world has
 * already crashed the node when this is thrown; it unwinds the process's call stack so that nothing
 * the process would have done after the sync (sends, timers, further writes) happens, and the world
 * catches it where it called the process.
 *
 * <p>An {@link Error}, not an exception, so that a process's ordinary {@code catch
 * (RuntimeException e)} does not swallow its own death; a process that catches it anyway and goes
 * on acting fails the run, as every call of a crashed incarnation does. It carries no stack trace:
 * it is control flow.
 */
final class CrashedAtSync extends Error {
  private final NodeId node;
  private final int incarnation;

  CrashedAtSync(NodeId node, int incarnation) {
    super(
        "incarnation #" + incarnation + " of " + node + " crashed at its sync", null, false, false);
    this.node = node;
    this.incarnation = incarnation;
  }

  NodeId node() {
    return node;
  }

  int incarnation() {
    return incarnation;
  }
}
