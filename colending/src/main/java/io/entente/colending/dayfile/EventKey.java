package io.entente.colending.dayfile;

import java.util.Comparator;
import java.util.Objects;

/** The matching key of an event: both banks' reports of one event share it. */
public record EventKey(String agreement, EventType eventType, String eventRef)
    implements Comparable<EventKey> {

  private static final Comparator<EventKey> ORDER =
      Comparator.comparing(EventKey::agreement)
          .thenComparing(EventKey::eventType)
          .thenComparing(EventKey::eventRef);

  public EventKey {
    Objects.requireNonNull(agreement, "agreement");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(eventRef, "eventRef");
  }

  @Override
  public int compareTo(EventKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return agreement + "/" + eventType + "/" + eventRef;
  }
}
