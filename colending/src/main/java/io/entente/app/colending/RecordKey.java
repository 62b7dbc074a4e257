package io.entente.app.colending;

import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import java.util.Comparator;
import java.util.Objects;

/** The matching key: (agreement, event type, event ref). */
public record RecordKey(String agreement, EventType type, String eventRef) {
  /** Statement rows sort by event ref, then type. */
  static final Comparator<RecordKey> ROW_ORDER =
      Comparator.comparing(RecordKey::eventRef).thenComparing(RecordKey::type);

  public RecordKey {
    Fields.ref(agreement, "agreement");
    Objects.requireNonNull(type, "type");
    Fields.ref(eventRef, "event_ref");
  }

  /** The state-key suffix: {@code agreement/TYPE/ref}, unambiguous as refs hold no '/'. */
  String path() {
    return agreement + "/" + type.name() + "/" + eventRef;
  }

  void write(Writer writer) {
    Fields.writeRef(writer, agreement);
    Fields.writeEnum(writer, type);
    Fields.writeRef(writer, eventRef);
  }

  static RecordKey read(Reader reader) {
    return new RecordKey(
        Fields.readRef(reader, "agreement"),
        Fields.readEnum(reader, EventType.values(), "event type"),
        Fields.readRef(reader, "event_ref"));
  }
}
