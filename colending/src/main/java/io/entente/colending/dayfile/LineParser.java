package io.entente.colending.dayfile;

import io.entente.colending.EdgeLimits;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the cells of one event line into a {@link DayFileRecord}, by the day file rules. */
final class LineParser {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  private final Map<Column, Integer> positions;

  /** {@code positions}: the cell index of each column the header names. */
  LineParser(Map<Column, Integer> positions) {
    this.positions = new EnumMap<>(positions);
  }

  DayFileRecord parse(List<String> cells) throws BadLine {
    if (cells.size() != positions.size()) {
      throw new BadLine(
          LineError.Reason.WRONG_CELL_COUNT,
          "has " + cells.size() + " cells, the header has " + positions.size());
    }
    EventType type = eventType(required(cells, Column.EVENT_TYPE));
    String eventRef = identifier(cells, Column.EVENT_REF, true).orElseThrow();
    String agreement = identifier(cells, Column.AGREEMENT, true).orElseThrow();
    Optional<String> loanRef = identifier(cells, Column.LOAN_REF, type.isLoanEvent());
    LocalDate valueDate = date(required(cells, Column.VALUE_DATE));
    String currency = currency(required(cells, Column.CURRENCY));
    long amount = fen(Column.AMOUNT, required(cells, Column.AMOUNT));
    Amounts components = components(cells, type, amount);
    Amounts portions = portions(cells, components);
    Optional<Direction> direction = direction(cells, type);
    Optional<String> paymentRef = identifier(cells, Column.PAYMENT_REF, false);
    Optional<String> settlementRef = identifier(cells, Column.SETTLEMENT_REF, false);
    Action action = action(cells);
    Optional<String> reason = reason(cells, action);
    return new DayFileRecord(
        eventRef,
        type,
        agreement,
        loanRef,
        valueDate,
        currency,
        amount,
        components,
        portions,
        direction,
        paymentRef,
        settlementRef,
        action,
        reason);
  }

  private Optional<String> cell(List<String> cells, Column column) {
    Integer index = positions.get(column);
    if (index == null) {
      return Optional.empty();
    }
    String value = cells.get(index);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private String required(List<String> cells, Column column) throws BadLine {
    Optional<String> value = cell(cells, column);
    if (value.isEmpty()) {
      throw new BadLine(LineError.Reason.MISSING_FIELD, column.header() + " is required");
    }
    return value.get();
  }

  private Optional<String> identifier(List<String> cells, Column column, boolean needed)
      throws BadLine {
    Optional<String> value = needed ? Optional.of(required(cells, column)) : cell(cells, column);
    if (value.isPresent() && !value.get().equals(value.get().strip())) {
      // " E1" and "E1" would be two keys that never match; refuse rather than guess.
      throw new BadLine(
          LineError.Reason.BAD_IDENTIFIER,
          column.header() + " '" + value.get() + "' has leading or trailing spaces");
    }
    if (value.isPresent() && value.get().chars().anyMatch(Character::isISOControl)) {
      throw new BadLine(
          LineError.Reason.BAD_IDENTIFIER, column.header() + " contains a control character");
    }
    if (value.isPresent() && value.get().length() > EdgeLimits.DAY_FILE_IDENTIFIER_CHARS_MAX) {
      throw new BadLine(
          LineError.Reason.FIELD_TOO_LONG,
          column.header()
              + " is longer than DAY_FILE_IDENTIFIER_CHARS_MAX = "
              + EdgeLimits.DAY_FILE_IDENTIFIER_CHARS_MAX
              + " characters");
    }
    return value;
  }

  private static EventType eventType(String text) throws BadLine {
    for (EventType type : EventType.values()) {
      if (type.name().equals(text)) {
        return type;
      }
    }
    String hint =
        "DISBURSEMENT_REQUEST".equals(text) ? " (it is API-only, never in a day file)" : "";
    throw new BadLine(
        LineError.Reason.UNKNOWN_EVENT_TYPE, "event_type '" + text + "' is unknown" + hint);
  }

  private static LocalDate date(String text) throws BadLine {
    try {
      return LocalDate.parse(text, DATE);
    } catch (DateTimeParseException e) {
      throw new BadLine(
          LineError.Reason.BAD_DATE, "value_date '" + text + "' is not a date yyyy-MM-dd");
    }
  }

  private static String currency(String text) throws BadLine {
    boolean known = false;
    if (text.length() == 3 && text.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      try {
        Currency.getInstance(text);
        known = true;
      } catch (IllegalArgumentException e) {
        known = false;
      }
    }
    if (!known) {
      throw new BadLine(
          LineError.Reason.BAD_CURRENCY, "currency '" + text + "' is not an ISO 4217 code");
    }
    return text;
  }

  private static long fen(Column column, String text) throws BadLine {
    try {
      return Yuan.parseFen(text);
    } catch (Yuan.BadAmount e) {
      LineError.Reason reason =
          switch (e.problem()) {
            case BAD_NUMBER -> LineError.Reason.BAD_NUMBER;
            case NEGATIVE -> LineError.Reason.NEGATIVE;
            case TOO_MANY_DECIMALS -> LineError.Reason.TOO_MANY_DECIMALS;
            case TOO_LARGE -> LineError.Reason.AMOUNT_TOO_LARGE;
          };
      throw new BadLine(reason, column.header() + " " + e.getMessage());
    }
  }

  private Amounts readAmounts(List<String> cells, boolean partner) throws BadLine {
    Map<Component, Long> values = new EnumMap<>(Component.class);
    for (Component component : Component.values()) {
      Column column = partner ? Column.partnerColumn(component) : Column.componentColumn(component);
      Optional<String> text = cell(cells, column);
      if (text.isPresent()) {
        values.put(component, fen(column, text.get()));
      }
    }
    return Amounts.of(values);
  }

  /** The components as given, or the type's single default component; they must sum to amount. */
  private Amounts components(List<String> cells, EventType type, long amount) throws BadLine {
    Amounts given = readAmounts(cells, false);
    if (!type.hasComponents()) {
      if (!given.isEmpty()) {
        throw new BadLine(
            LineError.Reason.COMPONENTS_NOT_ALLOWED,
            type + " has no money components; leave principal, interest, penalty and fee empty");
      }
      return Amounts.NONE;
    }
    if (given.isEmpty()) {
      return Amounts.only(type.defaultComponent(), amount);
    }
    long sum = given.total();
    if (sum != amount) {
      throw new BadLine(
          LineError.Reason.COMPONENTS_DO_NOT_SUM,
          "components sum to " + Yuan.format(sum) + ", amount is " + Yuan.format(amount));
    }
    return given;
  }

  private Amounts portions(List<String> cells, Amounts components) throws BadLine {
    Amounts portions = readAmounts(cells, true);
    for (Component component : portions.toMap().keySet()) {
      if (components.get(component).isEmpty()) {
        throw new BadLine(
            LineError.Reason.PORTION_WITHOUT_COMPONENT,
            Column.partnerColumn(component).header()
                + " is given but the event has no "
                + Column.componentColumn(component).header()
                + " component");
      }
    }
    return portions;
  }

  private Optional<Direction> direction(List<String> cells, EventType type) throws BadLine {
    Optional<String> text = cell(cells, Column.DIRECTION);
    if (type != EventType.SETTLEMENT) {
      if (text.isPresent()) {
        throw new BadLine(
            LineError.Reason.DIRECTION_NOT_ALLOWED, "direction applies to SETTLEMENT only");
      }
      return Optional.empty();
    }
    if (text.isEmpty()) {
      throw new BadLine(
          LineError.Reason.DIRECTION_REQUIRED, "a SETTLEMENT needs direction IN or OUT");
    }
    for (Direction direction : Direction.values()) {
      if (direction.name().equals(text.get())) {
        return Optional.of(direction);
      }
    }
    throw new BadLine(
        LineError.Reason.UNKNOWN_DIRECTION, "direction '" + text.get() + "' is not IN or OUT");
  }

  private Action action(List<String> cells) throws BadLine {
    Optional<String> text = cell(cells, Column.ACTION);
    if (text.isEmpty()) {
      return Action.REPORT;
    }
    for (Action action : Action.values()) {
      if (action.name().equals(text.get())) {
        return action;
      }
    }
    throw new BadLine(
        LineError.Reason.UNKNOWN_ACTION,
        "action '" + text.get() + "' is not REPORT, CORRECT or REVERSE");
  }

  private Optional<String> reason(List<String> cells, Action action) throws BadLine {
    Optional<String> reason =
        cell(cells, Column.REASON).map(String::strip).filter(s -> !s.isEmpty());
    if (action != Action.REPORT && reason.isEmpty()) {
      throw new BadLine(LineError.Reason.REASON_REQUIRED, "a " + action + " line needs a reason");
    }
    if (reason.isPresent() && reason.get().length() > EdgeLimits.DAY_FILE_REASON_CHARS_MAX) {
      throw new BadLine(
          LineError.Reason.FIELD_TOO_LONG,
          "reason is longer than DAY_FILE_REASON_CHARS_MAX = "
              + EdgeLimits.DAY_FILE_REASON_CHARS_MAX
              + " characters");
    }
    return cell(cells, Column.REASON);
  }
}
