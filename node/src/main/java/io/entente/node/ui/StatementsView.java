package io.entente.node.ui;

import io.entente.app.colending.QueryAnswers;
import io.entente.app.colending.Requests;
import io.entente.app.colending.Statement;
import io.entente.colending.dayfile.Yuan;
import io.entente.node.api.NodeBackend;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The Statements page: the closed statement days of one agreement (the last {@link
 * UiLimits#STATEMENT_DAYS_LISTED} Asia/Shanghai days), each with its figures, the SHA-256 the
 * ledger holds, and a link to the CSV. {@link #file} serves the CSV only when its bytes hash to the
 * ledger's value.
 */
public record StatementsView(
    List<Choice> agreements, String selected, String agreement, List<Day> days) {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** An agreement to choose, as {@code channel/agreement}. */
  public record Choice(String value, String label, boolean selected) {
    /**
     * The active agreements of the snapshot as choices; the one {@code requested} names is
     * selected, else the first.
     */
    static List<Choice> of(PositionsFeed.Snapshot positions, String requested) {
      List<String> values = new ArrayList<>();
      for (PositionsFeed.AgreementPosition position : positions.agreements()) {
        values.add(position.channel() + "/" + position.terms().id());
      }
      String selected =
          values.contains(requested) ? requested : values.isEmpty() ? "" : values.get(0);
      List<Choice> choices = new ArrayList<>();
      for (PositionsFeed.AgreementPosition position : positions.agreements()) {
        String value = position.channel() + "/" + position.terms().id();
        choices.add(
            new Choice(
                value,
                position.terms().id()
                    + " ("
                    + position.terms().lead()
                    + " · "
                    + position.terms().partner()
                    + ")",
                value.equals(selected)));
      }
      return choices;
    }

    /** The selected choice's value, or empty when there is none. */
    static String selected(List<Choice> choices) {
      return choices.stream().filter(Choice::selected).map(Choice::value).findFirst().orElse("");
    }
  }

  /** One closed statement day. */
  public record Day(
      String date,
      String opening,
      String closing,
      long rows,
      long matched,
      long awaiting,
      long mismatched,
      long openBreaks,
      String sha256,
      String closedBy,
      String download) {}

  /** A statement file as the ledger holds it: its name, bytes and SHA-256 (hex). */
  record File(String name, byte[] csv, String sha256) {}

  static StatementsView of(
      NodeBackend backend, PositionsFeed.Snapshot positions, String requested, long nowMs) {
    List<Choice> choices = Choice.of(positions, requested);
    String selected = Choice.selected(choices);
    List<Day> days = new ArrayList<>();
    if (!selected.isEmpty()) {
      String channel = selected.substring(0, selected.indexOf('/'));
      String agreement = selected.substring(selected.indexOf('/') + 1);
      LocalDate today = Instant.ofEpochMilli(nowMs).atZone(SHANGHAI).toLocalDate();
      for (int back = 0; back < UiLimits.STATEMENT_DAYS_LISTED; back++) {
        int day = Math.toIntExact(today.minusDays(back).toEpochDay());
        statement(backend, channel, agreement, day)
            .ifPresent(file -> days.add(day(channel, file.statement())));
      }
    }
    String agreementId = selected.isEmpty() ? "" : selected.substring(selected.indexOf('/') + 1);
    return new StatementsView(choices, selected, agreementId, days);
  }

  private static Day day(String channel, Statement statement) {
    String date = QueryAnswers.isoDate(statement.day());
    return new Day(
        date,
        Yuan.format(statement.openingReserve()),
        Yuan.format(statement.closingReserve()),
        statement.rows(),
        statement.matched(),
        statement.awaiting(),
        statement.mismatched(),
        statement.openBreaks(),
        statement.csvSha256().toHex(),
        statement.closedBy(),
        UiHandler.STATEMENTS + "/" + channel + "/" + statement.agreement() + "/" + date + ".csv");
  }

  /**
   * The CSV of a closed statement day, if the caller's institution may read the channel, the
   * agreement is its and the day is closed, and only if the bytes hash to the ledger's SHA-256.
   */
  static Optional<File> file(
      NodeBackend backend, String institution, String channel, String agreement, String date) {
    if (!backend
        .channelInstitutions(channel)
        .map(members -> members.contains(institution))
        .orElse(false)) {
      return Optional.empty();
    }
    int day;
    try {
      day = QueryAnswers.parseDate(date);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return statement(backend, channel, agreement, day)
        .map(
            found -> {
              byte[] csv = found.csv().toByteArray();
              String sha256 = HexFormat.of().formatHex(sha256(csv));
              if (!sha256.equals(found.statement().csvSha256().toHex())) {
                throw new IllegalStateException(
                    "the statement CSV of "
                        + agreement
                        + " on "
                        + date
                        + " does not hash to the ledger's SHA-256; not served");
              }
              return new File(agreement + "-" + date + ".csv", csv, sha256);
            });
  }

  private static Optional<QueryAnswers.StatementFile> statement(
      NodeBackend backend, String channel, String agreement, int day) {
    try {
      return UiQueries.ask(backend, channel, Requests.QueryRequest.statement(agreement, day))
          .map(QueryAnswers::statement);
    } catch (IllegalArgumentException e) {
      // Not a valid agreement reference: no such statement.
      return Optional.empty();
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
