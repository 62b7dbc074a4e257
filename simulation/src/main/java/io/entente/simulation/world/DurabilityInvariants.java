package io.entente.simulation.world;

import io.entente.core.check.Check;
import java.util.List;
import java.util.function.Predicate;

/** Invariants about the order of disk syncs and sends. */
public final class DurabilityInvariants {
  private DurabilityInvariants() {}

  /**
   * Every message was sent after a sync that covered every write its sender had made (DESIGN §2:
   * persist, then send), so no peer can act on state a crash would undo.
   */
  public static Invariant syncBeforeSend() {
    return syncBeforeSend(sent -> true);
  }

  /** As {@link #syncBeforeSend()}, for the sends that {@code applies} selects. */
  public static Invariant syncBeforeSend(Predicate<Observation.Sent> applies) {
    return (world, observations) -> check(observations, applies);
  }

  private static Check check(List<Observation> observations, Predicate<Observation.Sent> applies) {
    for (Observation observation : observations) {
      if (observation instanceof Observation.Sent sent && !sent.afterSync() && applies.test(sent)) {
        return Check.rejected(
            "durability.send_before_sync",
            sent.link()
                + " at "
                + sent.timeMs()
                + " ms: the sender's writes reach #"
                + sent.lastWriteSequence()
                + " but its last sync covers #"
                + sent.lastSyncedSequence());
      }
    }
    return Check.accepted();
  }
}
