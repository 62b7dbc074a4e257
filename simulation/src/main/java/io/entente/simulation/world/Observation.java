package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import java.util.Locale;

/**
 * Something that happened in the world, in the order it happened. Invariants see the observations
 * of each event; the trace hash chains their {@link #traceLine() trace lines}.
 */
public sealed interface Observation {

  long timeMs();

  /** A canonical one-line description; messages appear as their SHA-256. */
  String traceLine();

  record Started(long timeMs, NodeId node, int incarnation) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " start " + node + " #" + incarnation;
    }
  }

  /** A process sent a message, with its disk's last write and last sync at that moment. */
  record Sent(
      long timeMs, Link link, Bytes message, long lastWriteSequence, long lastSyncedSequence)
      implements Observation {
    public boolean afterSync() {
      return lastSyncedSequence == lastWriteSequence;
    }

    @Override
    public String traceLine() {
      return timeMs
          + " send "
          + link
          + " "
          + Trace.digest(message)
          + " w"
          + lastWriteSequence
          + " s"
          + lastSyncedSequence;
    }
  }

  record Dropped(long timeMs, Link link, Bytes message, DropReason reason) implements Observation {
    @Override
    public String traceLine() {
      return timeMs
          + " drop "
          + link
          + " "
          + Trace.digest(message)
          + " "
          + reason.name().toLowerCase(Locale.ROOT);
    }
  }

  record Duplicated(long timeMs, Link link, Bytes message) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " duplicate " + link + " " + Trace.digest(message);
    }
  }

  /** A message reached a clogged link and waits there until the link is unclogged. */
  record Held(long timeMs, Link link, Bytes message) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " hold " + link + " " + Trace.digest(message);
    }
  }

  /** A held message left an unclogged link, with a fresh delay. */
  record Released(long timeMs, Link link, Bytes message) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " release " + link + " " + Trace.digest(message);
    }
  }

  record Delivered(long timeMs, Link link, Bytes message) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " deliver " + link + " " + Trace.digest(message);
    }
  }

  record TimerFired(long timeMs, NodeId node, TimerId timer) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " timer " + node + " " + timer;
    }
  }

  record Synced(long timeMs, NodeId node, long sequence) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " sync " + node + " s" + sequence;
    }
  }

  /**
   * A node crashed, losing {@code lostWrites} unsynced writes; {@code atSync} when it died at a
   * sync armed by {@link World#crashAtNextSync}, inside its own event, rather than between events.
   */
  record Crashed(
      long timeMs, NodeId node, int incarnation, int lostWrites, boolean tornTail, boolean atSync)
      implements Observation {
    @Override
    public String traceLine() {
      return timeMs
          + " crash "
          + node
          + " #"
          + incarnation
          + " lost="
          + lostWrites
          + (tornTail ? " torn" : "")
          + (atSync ? " at-sync" : "");
    }
  }

  /** A crash at the node's next sync was armed, or (not {@code armed}) disarmed. */
  record CrashArmed(long timeMs, NodeId node, int incarnation, boolean armed)
      implements Observation {
    @Override
    public String traceLine() {
      return timeMs
          + (armed ? " arm-crash-at-sync " : " disarm-crash-at-sync ")
          + node
          + " #"
          + incarnation;
    }
  }

  record Restarted(long timeMs, NodeId node, int incarnation) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " restart " + node + " #" + incarnation;
    }
  }

  /** A partition, heal, clog, unclog or link profile change. */
  record NetworkChanged(long timeMs, String change) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " network " + change;
    }
  }

  record ControlRan(long timeMs, String label) implements Observation {
    @Override
    public String traceLine() {
      return timeMs + " control " + label;
    }
  }
}
