package io.entente.simulation.toy;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.simulation.world.ChecksummedLog;
import io.entente.simulation.world.Invariant;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.Observation;
import io.entente.simulation.world.WorldView;
import java.util.List;
import java.util.TreeMap;

/**
 * The durability checker of the counter: every increment a replica acknowledged is still on its
 * disk after it crashes. It learns acknowledgements from the sends it observes and counts intact
 * records on the crashed replica's disk, which then holds only what survived.
 */
public final class AcknowledgedWritesSurvive implements Invariant {
  private final TreeMap<NodeId, Long> acknowledged = new TreeMap<>();

  @Override
  public Check afterEvent(WorldView world, List<Observation> observations) {
    for (Observation observation : observations) {
      if (observation instanceof Observation.Sent sent && Messages.is(sent.message(), "ack")) {
        acknowledged.merge(sent.link().from(), Messages.number(sent.message()), Math::max);
      } else if (observation instanceof Observation.Crashed crashed) {
        long survived = intactRecords(world.disk(crashed.node()).log());
        long promised = acknowledged.getOrDefault(crashed.node(), 0L);
        if (survived < promised) {
          return Check.rejected(
              "counter.acknowledged_write_lost",
              crashed.node()
                  + " acknowledged "
                  + promised
                  + " increments but only "
                  + survived
                  + " survived its crash at "
                  + crashed.timeMs()
                  + " ms");
        }
      }
    }
    return Check.accepted();
  }

  private static long intactRecords(List<Bytes> log) {
    long intact = 0;
    for (Bytes record : log) {
      if (!ChecksummedLog.check(record).isAccepted()) {
        break;
      }
      intact++;
    }
    return intact;
  }
}
