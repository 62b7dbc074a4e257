package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.SimpleCodec;
import java.util.List;

/**
 * An agreement's position as a query returns it. {@code balances} are the posted balances of the
 * accounts in {@link Account} order; {@code coverHundredthsOfHour} is −1 when nothing was disbursed
 * in the last two clock hours; {@code alert} is NONE, WARN or CRITICAL.
 */
public record PositionView(
    String agreement,
    List<Long> balances,
    long held,
    long pendingOut,
    long pendingIn,
    long available,
    long disbursedToday,
    long repaidToday,
    long otherInToday,
    long otherOutToday,
    long coverHundredthsOfHour,
    String alert,
    long openBreaks) {

  public static final Codec<PositionView> CODEC =
      new SimpleCodec<>(
          ColendingTags.POSITION_VIEW,
          1,
          512,
          (w, v) -> {
            Fields.writeRef(w, v.agreement);
            w.list(v.balances, Account.values().length, (ww, b) -> ww.i64(b));
            w.i64(v.held).i64(v.pendingOut).i64(v.pendingIn).i64(v.available);
            w.i64(v.disbursedToday).i64(v.repaidToday).i64(v.otherInToday).i64(v.otherOutToday);
            w.i64(v.coverHundredthsOfHour);
            Fields.writeRef(w, v.alert);
            w.i64(v.openBreaks);
          },
          r ->
              new PositionView(
                  Fields.readRef(r, "agreement"),
                  r.list(Account.values().length, "balances", rr -> rr.i64("balance")),
                  r.i64("held"),
                  r.i64("pending out"),
                  r.i64("pending in"),
                  r.i64("available"),
                  r.i64("disbursed today"),
                  r.i64("repaid today"),
                  r.i64("other in today"),
                  r.i64("other out today"),
                  r.i64("cover"),
                  Fields.readRef(r, "alert"),
                  r.i64("open breaks")));

  public PositionView {
    balances = List.copyOf(balances);
  }

  public long postedReserve() {
    return balances.get(Account.RESERVE.ordinal());
  }

  static PositionView of(Position p, long nowMs) {
    Position rolled = p.copy();
    rolled.roll(nowMs);
    List<Long> balances = new java.util.ArrayList<>();
    for (long balance : rolled.posted) {
      balances.add(balance);
    }
    return new PositionView(
        rolled.agreement,
        balances,
        rolled.held,
        rolled.pendingOut,
        rolled.pendingIn,
        rolled.available(),
        rolled.disbursedToday,
        rolled.repaidToday,
        rolled.otherInToday,
        rolled.otherOutToday,
        rolled.coverHundredthsOfHour(),
        rolled.alert.name(),
        rolled.openBreaks);
  }
}
