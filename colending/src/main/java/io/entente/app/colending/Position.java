package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Writer;
import java.util.Arrays;

/**
 * One agreement's running balances: the posted balance of every account, the reserve's held and
 * pending amounts, today's movements, the recent disbursement rate, the alert level and the
 * agreement-level breaks. Mutable, copied on first edit in a transaction. Key {@code pos/<id>}.
 *
 * <p>Balances are credits minus debits, so the posted balances of all accounts sum to zero.
 */
final class Position {
  enum Alert {
    NONE,
    WARN,
    CRITICAL
  }

  final String agreement;
  final long[] posted = new long[Account.values().length];
  long pendingOut;
  long pendingIn;

  /** Pending transfers into partner loans: disbursements not yet matched. */
  long pendingLoans;

  long held;
  int today;
  long disbursedToday;
  long repaidToday;
  long otherInToday;
  long otherOutToday;
  long rateHour;
  long rateCurrentHour;
  long ratePreviousHour;
  Alert alert = Alert.NONE;
  String shortfallBreak = "";
  long openBreaks;
  boolean capBreached;

  Position(String agreement) {
    this.agreement = agreement;
  }

  static Store.Key<Position> key(String agreement) {
    return Store.Key.of("pos/" + agreement, CODEC, Position::copy);
  }

  /** Posting rule 4: available = posted − held − pending outflows. */
  long available() {
    return posted[Account.RESERVE.ordinal()] - held - pendingOut;
  }

  long postedReserve() {
    return posted[Account.RESERVE.ordinal()];
  }

  /** Posted partner loans: the partner's outstanding principal as both banks agree it. */
  long partnerLoans() {
    return posted[Account.PARTNER_LOANS.ordinal()];
  }

  /**
   * The partner's principal exposure the cap is checked against: posted partner loans, pending
   * disbursements and held amounts.
   */
  long partnerExposure() {
    return partnerLoans() + pendingLoans + held;
  }

  /** Rolls today's counters and the hourly rate buckets forward to the block time. */
  void roll(long nowMs) {
    int day = ShanghaiCalendar.day(nowMs);
    if (day != today) {
      today = day;
      disbursedToday = 0;
      repaidToday = 0;
      otherInToday = 0;
      otherOutToday = 0;
    }
    long hour = Math.floorDiv(nowMs, ColendingLimits.HOUR_MS);
    if (hour != rateHour) {
      ratePreviousHour = hour == rateHour + 1 ? rateCurrentHour : 0;
      rateCurrentHour = 0;
      rateHour = hour;
    }
  }

  /**
   * Hours the available reserve covers at the recent disbursement rate (the busier of this hour and
   * the last), in hundredths of an hour; −1 when nothing was disbursed recently.
   */
  long coverHundredthsOfHour() {
    long rate = Math.max(rateCurrentHour, ratePreviousHour);
    if (rate == 0) {
      return -1;
    }
    return Math.max(0, available()) * 100 / rate;
  }

  Position copy() {
    Position c = new Position(agreement);
    System.arraycopy(posted, 0, c.posted, 0, posted.length);
    c.pendingOut = pendingOut;
    c.pendingIn = pendingIn;
    c.pendingLoans = pendingLoans;
    c.held = held;
    c.today = today;
    c.disbursedToday = disbursedToday;
    c.repaidToday = repaidToday;
    c.otherInToday = otherInToday;
    c.otherOutToday = otherOutToday;
    c.rateHour = rateHour;
    c.rateCurrentHour = rateCurrentHour;
    c.ratePreviousHour = ratePreviousHour;
    c.alert = alert;
    c.shortfallBreak = shortfallBreak;
    c.openBreaks = openBreaks;
    c.capBreached = capBreached;
    return c;
  }

  static final Codec<Position> CODEC =
      new SimpleCodec<>(ColendingTags.POSITION, 1, 512, Position::write, Position::read);

  private static void write(Writer w, Position p) {
    Fields.writeRef(w, p.agreement);
    for (long balance : p.posted) {
      w.i64(balance);
    }
    w.i64(p.pendingOut).i64(p.pendingIn).i64(p.pendingLoans).i64(p.held);
    Fields.writeDay(w, p.today);
    w.i64(p.disbursedToday).i64(p.repaidToday).i64(p.otherInToday).i64(p.otherOutToday);
    w.i64(p.rateHour).i64(p.rateCurrentHour).i64(p.ratePreviousHour);
    Fields.writeEnum(w, p.alert);
    Fields.writeRef(w, p.shortfallBreak);
    w.i64(p.openBreaks).bool(p.capBreached);
  }

  private static Position read(Reader r) {
    Position p = new Position(Fields.ref(Fields.readRef(r, "agreement"), "agreement"));
    for (int i = 0; i < p.posted.length; i++) {
      p.posted[i] = r.i64("posted balance");
    }
    p.pendingOut = r.i64("pending out");
    p.pendingIn = r.i64("pending in");
    p.pendingLoans = r.i64("pending loans");
    p.held = r.i64("held");
    p.today = Fields.readDay(r, "today");
    p.disbursedToday = r.i64("disbursed today");
    p.repaidToday = r.i64("repaid today");
    p.otherInToday = r.i64("other in today");
    p.otherOutToday = r.i64("other out today");
    p.rateHour = r.i64("rate hour");
    p.rateCurrentHour = r.i64("rate current");
    p.ratePreviousHour = r.i64("rate previous");
    p.alert = Fields.readEnum(r, Alert.values(), "alert");
    p.shortfallBreak = Fields.optionalRef(Fields.readRef(r, "shortfall break"), "shortfall break");
    p.openBreaks = r.i64("open breaks");
    p.capBreached = r.bool("cap breached");
    return p;
  }

  @Override
  public String toString() {
    return "Position["
        + agreement
        + " posted="
        + Arrays.toString(posted)
        + " held="
        + held
        + " pendingOut="
        + pendingOut
        + " pendingIn="
        + pendingIn
        + "]";
  }
}
