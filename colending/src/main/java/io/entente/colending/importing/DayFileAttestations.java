package io.entente.colending.importing;

import io.entente.app.colending.Action;
import io.entente.app.colending.Components;
import io.entente.app.colending.Direction;
import io.entente.app.colending.EventRecord;
import io.entente.app.colending.EventType;
import io.entente.app.colending.Requests;
import io.entente.colending.dayfile.Amounts;
import io.entente.colending.dayfile.DayFileEntry;
import io.entente.colending.dayfile.DayFileRecord;
import io.entente.core.bytes.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Turns day-file lines into the co-lending application's attestation records, and a batch of them
 * into the content of one {@code attest} transaction. The day file's syntax is the reader's job;
 * what is checked here is only what the application's record needs beyond it, reported with the
 * line number like every other bad line.
 *
 * <p>Partner portions are all-or-nothing per line: none (the ledger computes them from the
 * agreement) or one for every non-zero component (the ledger checks them; a component that is zero
 * has a zero portion). The application's record carries no half-given portion, and guessing the
 * missing ones would need the agreement's split table, which a file import does not hold.
 */
public final class DayFileAttestations {
  private DayFileAttestations() {}

  /** A line the application's record cannot represent, with its line number. */
  public record Refused(long line, String detail) {}

  /** The records of the importable lines, in file order, and the refused lines. */
  public record Mapped(List<EventRecord> records, List<Long> lines, List<Refused> refused) {
    public Mapped {
      records = List.copyOf(records);
      lines = List.copyOf(lines);
      refused = List.copyOf(refused);
    }
  }

  public static Mapped map(List<DayFileEntry> entries) {
    List<EventRecord> records = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    List<Refused> refused = new ArrayList<>();
    for (DayFileEntry entry : entries) {
      try {
        records.add(record(entry.record()));
        lines.add(entry.line());
      } catch (IllegalArgumentException e) {
        refused.add(new Refused(entry.line(), e.getMessage()));
      }
    }
    return new Mapped(records, lines, refused);
  }

  /** The application's record for one day-file record; refuses what it cannot represent. */
  public static EventRecord record(DayFileRecord line) {
    EventType type = EventType.valueOf(line.eventType().name());
    Components components = components(line.components());
    return new EventRecord(
        line.agreement(),
        type,
        line.eventRef(),
        Action.valueOf(line.action().name()),
        line.reason().orElse(""),
        line.loanRef().orElse(""),
        Math.toIntExact(line.valueDate().toEpochDay()),
        line.currency(),
        line.amountFen(),
        components,
        portions(line.partnerPortions(), components),
        line.direction().map(d -> Direction.valueOf(d.name())).orElse(Direction.NONE),
        line.paymentRef().orElse(""),
        line.settlementRef().orElse(""),
        "");
  }

  /** The content of one {@code attest} transaction carrying {@code records}. */
  public static Bytes batchContent(List<EventRecord> records) {
    return Requests.AttestationBatch.CODEC.encode(new Requests.AttestationBatch(records));
  }

  private static Components components(Amounts amounts) {
    return new Components(
        amounts.principal().orElse(0),
        amounts.interest().orElse(0),
        amounts.penalty().orElse(0),
        amounts.fee().orElse(0));
  }

  /** Null when none is given (the ledger computes them); refused when only some are. */
  private static Components portions(Amounts given, Components components) {
    List<OptionalLong> portions =
        List.of(given.principal(), given.interest(), given.penalty(), given.fee());
    long[] amounts = {
      components.principal(), components.interest(), components.penalty(), components.fee()
    };
    boolean any = portions.stream().anyMatch(OptionalLong::isPresent);
    if (!any) {
      return null;
    }
    String[] names = {"partner_principal", "partner_interest", "partner_penalty", "partner_fee"};
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i] != 0 && portions.get(i).isEmpty()) {
        throw new IllegalArgumentException(
            names[i] + " is missing while other partner portions are given");
      }
    }
    return new Components(
        given.principal().orElse(0),
        given.interest().orElse(0),
        given.penalty().orElse(0),
        given.fee().orElse(0));
  }
}
