package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import java.util.Locale;
import java.util.function.Function;

/**
 * Something that happened in the world, in the order it happened. Invariants see the observations
 * of each event; the trace hash chains their {@link #traceLine() trace lines}.
 */
public sealed interface Observation {

  long timeMs();

  /** A canonical one-line description; messages appear as their SHA-256. */
  default String traceLine() {
    return traceLine(Trace::digest);
  }

  /**
   * {@link #traceLine()} with messages digested by {@code digestOf} (hex SHA-256): the world's
   * trace passes its own digest rather than making one per message.
   */
  String traceLine(Function<Bytes, String> digestOf);

  record Started(long timeMs, NodeId node, int incarnation) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
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
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs
          + " send "
          + link
          + " "
          + digestOf.apply(message)
          + " w"
          + lastWriteSequence
          + " s"
          + lastSyncedSequence;
    }
  }

  record Dropped(long timeMs, Link link, Bytes message, DropReason reason) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs
          + " drop "
          + link
          + " "
          + digestOf.apply(message)
          + " "
          + reason.name().toLowerCase(Locale.ROOT);
    }
  }

  record Duplicated(long timeMs, Link link, Bytes message) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs + " duplicate " + link + " " + digestOf.apply(message);
    }
  }

  /** A message reached a clogged link and waits there until the link is unclogged. */
  record Held(long timeMs, Link link, Bytes message) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs + " hold " + link + " " + digestOf.apply(message);
    }
  }

  /** A held message left an unclogged link, with a fresh delay. */
  record Released(long timeMs, Link link, Bytes message) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs + " release " + link + " " + digestOf.apply(message);
    }
  }

  record Delivered(long timeMs, Link link, Bytes message) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs + " deliver " + link + " " + digestOf.apply(message);
    }
  }

  record TimerFired(long timeMs, NodeId node, TimerId timer) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs + " timer " + node + " " + timer;
    }
  }

  record Synced(long timeMs, NodeId node, long sequence) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
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
    public String traceLine(Function<Bytes, String> digestOf) {
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
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs
          + (armed ? " arm-crash-at-sync " : " disarm-crash-at-sync ")
          + node
          + " #"
          + incarnation;
    }
  }

  record Restarted(long timeMs, NodeId node, int incarnation) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs + " restart " + node + " #" + incarnation;
    }
  }

  /** A partition, heal, clog, unclog or link profile change. */
  record NetworkChanged(long timeMs, String change) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs + " network " + change;
    }
  }

  record ControlRan(long timeMs, String label) implements Observation {
    @Override
    public String traceLine(Function<Bytes, String> digestOf) {
      return timeMs + " control " + label;
    }
  }
}
