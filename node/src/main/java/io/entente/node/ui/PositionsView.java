package io.entente.node.ui;

import io.entente.app.colending.PositionView;
import io.entente.colending.dayfile.Yuan;
import java.util.ArrayList;
import java.util.List;

/**
 * The Positions page: each agreement's reserve as the institution sees it now, amounts in yuan with
 * two decimals (the ledger keeps fen), and the chart data of the day.
 */
public record PositionsView(long version, String asOf, List<Row> rows) {

  /**
   * One agreement. {@code chart} is JSON: [[epoch seconds…], [posted yuan…], [available yuan…]].
   */
  public record Row(
      String channel,
      String agreement,
      String lead,
      String partner,
      String posted,
      String held,
      String pendingOut,
      String pendingIn,
      String available,
      String warn,
      String critical,
      String alert,
      String disbursedToday,
      String repaidToday,
      String cover,
      long openBreaks,
      String chart) {

    /** The CSS class of the available amount: ok, warn or critical ({@code alert} empty: none). */
    public String level() {
      return alert.isEmpty() ? "ok" : alert.toLowerCase(java.util.Locale.ROOT);
    }
  }

  static PositionsView of(PositionsFeed.Snapshot snapshot) {
    List<Row> rows = new ArrayList<>();
    for (PositionsFeed.AgreementPosition agreement : snapshot.agreements()) {
      PositionView p = agreement.position();
      rows.add(
          new Row(
              agreement.channel(),
              agreement.terms().id(),
              agreement.terms().lead(),
              agreement.terms().partner(),
              Yuan.format(p.postedReserve()),
              Yuan.format(p.held()),
              Yuan.format(p.pendingOut()),
              Yuan.format(p.pendingIn()),
              Yuan.format(p.available()),
              Yuan.format(agreement.terms().reserveWarnFen()),
              Yuan.format(agreement.terms().reserveCriticalFen()),
              p.alert().equals("NONE") ? "" : p.alert(),
              Yuan.format(p.disbursedToday()),
              Yuan.format(p.repaidToday()),
              cover(p.coverHundredthsOfHour()),
              p.openBreaks(),
              chart(agreement.today())));
    }
    return new PositionsView(
        snapshot.version(), java.time.Instant.ofEpochMilli(snapshot.takenAtMs()).toString(), rows);
  }

  private static String cover(long hundredths) {
    if (hundredths < 0) {
      return "no recent disbursements";
    }
    return String.format(java.util.Locale.ROOT, "%d.%02d h", hundredths / 100, hundredths % 100);
  }

  private static String chart(List<PositionsFeed.Point> points) {
    StringBuilder times = new StringBuilder();
    StringBuilder posted = new StringBuilder();
    StringBuilder available = new StringBuilder();
    for (PositionsFeed.Point point : points) {
      String comma = times.length() == 0 ? "" : ",";
      times.append(comma).append(point.atMs() / 1000);
      posted.append(comma).append(Yuan.format(point.postedFen()));
      available.append(comma).append(Yuan.format(point.availableFen()));
    }
    return "[[" + times + "],[" + posted + "],[" + available + "]]";
  }
}
