package io.entente.node.ui;

import io.entente.app.colending.EventRecord;
import io.entente.app.colending.EventType;
import io.entente.app.colending.QueryAnswers;
import io.entente.app.colending.Requests;
import io.entente.colending.dayfile.Yuan;
import io.entente.node.api.NodeBackend;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Reconciliation page of one agreement: the day's records counted by state and listed (with a
 * state, type and reference filter), the break queue in the application's work-queue order with
 * field-level differences and the actions the user may take, and the breaks resolved or closed.
 */
public record ReconView(
    List<StatementsView.Choice> agreements,
    String selected,
    String channel,
    String agreement,
    String date,
    String state,
    String type,
    String search,
    List<String> states,
    List<String> types,
    Map<String, Integer> counts,
    List<RecordRow> records,
    boolean recordsTruncated,
    List<BreakRow> queue,
    List<BreakRow> done,
    boolean maySubmit,
    boolean mayApprove,
    String institution,
    String csrfToken,
    String flash) {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** A record of the day: key, state and each bank's amount. */
  public record RecordRow(
      String eventType,
      String eventRef,
      String state,
      String lead,
      String partner,
      String breaks) {}

  /**
   * A break and what this user may do with it: {@code options} are the records a proposal may carry
   * (value = "lead", "partner" or "none" for an acknowledgement), empty when none applies.
   */
  public record BreakRow(
      String id,
      String type,
      String state,
      String eventType,
      String eventRef,
      String ageBucket,
      String amountAtStake,
      List<String> diffs,
      String proposal,
      String proposalId,
      String lastRejection,
      String resolution,
      List<Option> options,
      boolean canPropose,
      boolean canDecide) {}

  /** A choice of what a proposal carries. */
  public record Option(String value, String label) {}

  /** What the page was asked for. */
  record Request(String agreement, String date, String state, String type, String search) {}

  static ReconView of(
      NodeBackend backend,
      PositionsFeed.Snapshot positions,
      Request request,
      UiSessions.Session session,
      long nowMs,
      String flash) {
    List<StatementsView.Choice> choices = StatementsView.Choice.of(positions, request.agreement());
    String selected = StatementsView.Choice.selected(choices);
    String today = Instant.ofEpochMilli(nowMs).atZone(SHANGHAI).toLocalDate().toString();
    String date = validDate(request.date()).orElse(today);
    String state =
        request.state() != null && RECORD_STATES.contains(request.state()) ? request.state() : "";
    String type = typeOf(request.type()).map(Enum::name).orElse("");
    String search = request.search() == null ? "" : request.search().trim();
    boolean maySubmit = session.user().may(io.entente.node.auth.Permission.SUBMIT);
    boolean mayApprove = session.user().may(io.entente.node.auth.Permission.APPROVE);
    String institution = session.user().institution();
    Map<String, Integer> counts = new TreeMap<>();
    List<RecordRow> records = new ArrayList<>();
    boolean truncated = false;
    List<BreakRow> queue = new ArrayList<>();
    List<BreakRow> done = new ArrayList<>();
    String channel = "";
    String agreement = "";
    if (!selected.isEmpty()) {
      channel = selected.substring(0, selected.indexOf('/'));
      agreement = selected.substring(selected.indexOf('/') + 1);
      int day = Math.toIntExact(LocalDate.parse(date).toEpochDay());
      List<QueryAnswers.RecordView> all = new ArrayList<>();
      truncated = !dayRecords(backend, channel, agreement, day, all);
      Map<String, QueryAnswers.RecordView> byKey = new TreeMap<>();
      for (QueryAnswers.RecordView record : all) {
        counts.merge(record.state(), 1, Integer::sum);
        byKey.put(record.key().type() + "/" + record.key().eventRef(), record);
        boolean shown =
            (state.isEmpty() || record.state().equals(state))
                && (type.isEmpty() || record.key().type().name().equals(type))
                && (search.isEmpty()
                    || record
                        .key()
                        .eventRef()
                        .toLowerCase(Locale.ROOT)
                        .contains(search.toLowerCase(Locale.ROOT)));
        if (shown && records.size() < UiLimits.RECORDS_LISTED_MAX) {
          records.add(
              new RecordRow(
                  record.key().type().name(),
                  record.key().eventRef(),
                  record.state(),
                  amount(record.lead()),
                  amount(record.partner()),
                  String.join(", ", record.breakIds())));
        }
      }
      List<QueryAnswers.BreakView> openViews = new ArrayList<>();
      String cursor = "";
      int pages = 0;
      do {
        Optional<QueryAnswers.BreakPage> page =
            UiQueries.ask(
                    backend,
                    channel,
                    Requests.QueryRequest.breaks(agreement, "", UiLimits.BREAKS_LISTED_MAX, cursor))
                .map(QueryAnswers::breaks);
        if (page.isEmpty()) {
          break;
        }
        for (QueryAnswers.BreakView view : page.get().breaks()) {
          boolean open = view.state().equals("OPEN") || view.state().equals("PROPOSED");
          if (open && openViews.size() < UiLimits.BREAKS_LISTED_MAX) {
            openViews.add(view);
          } else if (!open
              && day(view.resolvedMs() > 0 ? view.resolvedMs() : view.openedMs()).equals(date)
              && done.size() < UiLimits.BREAKS_LISTED_MAX) {
            done.add(row(view, byKey, institution, session.user().username(), false, false));
          }
        }
        cursor = page.get().nextCursor();
        pages++;
      } while (!cursor.isEmpty() && pages < UiLimits.BREAK_PAGES_READ_MAX);
      // The work queue: oldest first, then the larger amount at stake (the ledger lists breaks in
      // the order they opened; this page sorts what it read).
      openViews.sort(
          java.util.Comparator.comparingLong(QueryAnswers.BreakView::openedMs)
              .thenComparing(
                  java.util.Comparator.comparingLong(QueryAnswers.BreakView::amountAtStake)
                      .reversed()));
      for (QueryAnswers.BreakView view : openViews) {
        queue.add(row(view, byKey, institution, session.user().username(), maySubmit, mayApprove));
      }
    }
    return new ReconView(
        choices,
        selected,
        channel,
        agreement,
        date,
        state,
        type,
        search,
        RECORD_STATES,
        java.util.Arrays.stream(EventType.values()).map(Enum::name).toList(),
        counts,
        records,
        truncated,
        queue,
        done,
        maySubmit,
        mayApprove,
        institution,
        session.csrfToken(),
        flash);
  }

  /** The reconciliation states a record can be in (docs/colending.md). */
  static final List<String> RECORD_STATES =
      List.of("AWAITING_COUNTERPART", "MATCHED", "MISMATCHED", "ADJUSTED", "WITHDRAWN");

  private static BreakRow row(
      QueryAnswers.BreakView view,
      Map<String, QueryAnswers.RecordView> records,
      String institution,
      String user,
      boolean maySubmit,
      boolean mayApprove) {
    List<Option> options = new ArrayList<>();
    if (view.eventRef().isEmpty()) {
      options.add(new Option("none", "Acknowledge (no record)"));
    } else {
      QueryAnswers.RecordView record = records.get(view.eventType() + "/" + view.eventRef());
      if (record != null && record.lead() != null) {
        options.add(new Option("lead", "The lead's record (" + amount(record.lead()) + ")"));
      }
      if (record != null && record.partner() != null) {
        options.add(
            new Option("partner", "The partner's record (" + amount(record.partner()) + ")"));
      }
    }
    QueryAnswers.ProposalView proposal = view.proposal();
    boolean otherInstitution = proposal != null && !proposal.institution().equals(institution);
    boolean sameBankAllowed =
        proposal != null && view.eventRef().isEmpty() && !proposal.user().equals(user);
    return new ReconView.BreakRow(
        view.id(),
        view.type().name(),
        view.state(),
        view.eventType(),
        view.eventRef(),
        view.ageBucket(),
        Yuan.format(view.amountAtStake()),
        view.diffs(),
        proposal == null
            ? ""
            : proposal.kind()
                + " by "
                + proposal.user()
                + " of "
                + proposal.institution()
                + ": "
                + proposal.reason(),
        proposal == null ? "" : proposal.proposalId(),
        view.lastRejection(),
        view.resolution(),
        options,
        maySubmit && view.state().equals("OPEN") && !options.isEmpty(),
        mayApprove && view.state().equals("PROPOSED") && (otherInstitution || sameBankAllowed));
  }

  /** The record a proposal carries for {@code choice}, read fresh; empty when it cannot. */
  static Optional<EventRecord> proposalRecord(
      NodeBackend backend, String channel, QueryAnswers.BreakView view, String choice) {
    if (choice.equals("none")) {
      return Optional.empty();
    }
    int day = Math.toIntExact(LocalDate.parse(day(view.openedMs())).toEpochDay());
    List<QueryAnswers.RecordView> records = new ArrayList<>();
    dayRecords(backend, channel, view.agreement(), day, records);
    return records.stream()
        .filter(
            record ->
                record.key().type().name().equals(view.eventType())
                    && record.key().eventRef().equals(view.eventRef()))
        .findFirst()
        .map(record -> choice.equals("lead") ? record.lead() : record.partner())
        .map(QueryAnswers.SideView::record);
  }

  /**
   * Adds the records of a statement day to {@code into}, page by page, at most {@link
   * UiLimits#RECORD_PAGES_READ_MAX} pages; false if there were more.
   */
  private static boolean dayRecords(
      NodeBackend backend,
      String channel,
      String agreement,
      int day,
      List<QueryAnswers.RecordView> into) {
    String cursor = "";
    for (int page = 0; page < UiLimits.RECORD_PAGES_READ_MAX; page++) {
      Optional<QueryAnswers.RecordPage> answer =
          UiQueries.ask(
                  backend,
                  channel,
                  Requests.QueryRequest.records(agreement, day, "", null, 0, cursor))
              .map(QueryAnswers::records);
      if (answer.isEmpty()) {
        return true;
      }
      into.addAll(answer.get().records());
      cursor = answer.get().nextCursor();
      if (cursor.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** A break by id through the channel's application, as the dashboard's user sees it. */
  static Optional<QueryAnswers.BreakView> breakById(
      NodeBackend backend, String channel, String breakId) {
    return UiQueries.ask(backend, channel, Requests.QueryRequest.breakById(breakId))
        .map(QueryAnswers::breakView);
  }

  private static String amount(QueryAnswers.SideView side) {
    return side == null ? "" : Yuan.format(side.record().amount());
  }

  private static String day(long epochMs) {
    return Instant.ofEpochMilli(epochMs).atZone(SHANGHAI).toLocalDate().toString();
  }

  private static Optional<String> validDate(String date) {
    try {
      return date == null || date.isEmpty()
          ? Optional.empty()
          : Optional.of(LocalDate.parse(date).toString());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<EventType> typeOf(String type) {
    for (EventType candidate : EventType.values()) {
      if (candidate.name().equals(type)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
