package io.entente.app.colending;

import io.entente.core.bytes.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The posting table and posting rules 2–3: which transfers a record implies, and how a key's
 * transfers follow its reconciliation state (pending while one-sided or disputed, at the
 * conservative amount while the sides differ; posted when matched or agreed; voided and replaced by
 * a linked transfer when the amount changes).
 */
final class Books {
  private Books() {}

  static final int LEGS = 2;

  /** One leg of the posting table: from, to, amount (zero when the leg does not apply). */
  record LegSpec(Account from, Account to, long amount) {
    static final LegSpec NONE = new LegSpec(Account.RESERVE, Account.PARTNER_CASH, 0);
  }

  /** The posting table (partner's portion), always two legs. */
  static List<LegSpec> legs(EventRecord r) {
    Components p = r.partnerPortion();
    return switch (r.type()) {
      case RESERVE_DEPOSIT ->
          List.of(new LegSpec(Account.PARTNER_CASH, Account.RESERVE, r.amount()), LegSpec.NONE);
      case RESERVE_WITHDRAWAL ->
          List.of(new LegSpec(Account.RESERVE, Account.PARTNER_CASH, r.amount()), LegSpec.NONE);
      case DISBURSEMENT ->
          List.of(new LegSpec(Account.RESERVE, Account.PARTNER_LOANS, p.principal()), LegSpec.NONE);
      case REPAYMENT ->
          List.of(
              new LegSpec(Account.PARTNER_LOANS, Account.RESERVE, p.principal()),
              new LegSpec(Account.PARTNER_INCOME, Account.RESERVE, p.interest() + p.penalty()));
      case FEE -> List.of(new LegSpec(Account.RESERVE, Account.FEES, p.fee()), LegSpec.NONE);
      case WRITE_OFF ->
          List.of(
              new LegSpec(Account.PARTNER_LOANS, Account.WRITTEN_OFF, p.principal()), LegSpec.NONE);
      case RECOVERY ->
          List.of(
              new LegSpec(
                  Account.WRITTEN_OFF, Account.RESERVE, p.principal() + p.interest() + p.penalty()),
              LegSpec.NONE);
      case SETTLEMENT, DISBURSEMENT_REQUEST -> List.of(LegSpec.NONE, LegSpec.NONE);
    };
  }

  static List<LegSpec> none() {
    return List.of(LegSpec.NONE, LegSpec.NONE);
  }

  /**
   * While two reports differ, each leg stays pending at the conservative amount: the larger outflow
   * from the reserve, the smaller inflow into it (and the smaller of legs that do not touch the
   * reserve, which moves the least money until the break resolves).
   */
  static List<LegSpec> conservative(List<LegSpec> a, List<LegSpec> b) {
    LegSpec[] out = new LegSpec[LEGS];
    for (int i = 0; i < LEGS; i++) {
      LegSpec x = a.get(i);
      LegSpec y = b.get(i);
      long amount =
          x.from() == Account.RESERVE
              ? Math.max(x.amount(), y.amount())
              : Math.min(x.amount(), y.amount());
      out[i] = new LegSpec(x.from(), x.to(), amount);
    }
    return List.of(out);
  }

  /** The signed effect on the reserve of a record's legs: inflows positive. */
  static long reserveDelta(List<LegSpec> legs) {
    long delta = 0;
    for (LegSpec leg : legs) {
      if (leg.to() == Account.RESERVE) {
        delta += leg.amount();
      } else if (leg.from() == Account.RESERVE) {
        delta -= leg.amount();
      }
    }
    return delta;
  }

  /**
   * Brings the key's transfers to the target: for each leg, keep, post, void-and-replace, or
   * reverse-and-replace, updating the position as each transfer changes.
   */
  static void follow(
      Context cx, Recon recon, List<LegSpec> target, boolean posted, boolean conservative) {
    while (recon.legs.size() < LEGS) {
      recon.legs.add(null);
    }
    Position position = cx.store.edit(Position.key(recon.key.agreement()));
    position.roll(cx.nowMs);
    DayBook book = cx.store.edit(DayBook.key(recon.key.agreement()));
    for (int i = 0; i < LEGS; i++) {
      LegSpec spec = target.get(i);
      Recon.Leg current = recon.legs.get(i);
      Recon.Leg next = followLeg(cx, position, book, recon, i, current, spec, posted, conservative);
      recon.legs.set(i, next);
    }
    cx.touched.add(recon.key.agreement());
  }

  private static Recon.Leg followLeg(
      Context cx,
      Position position,
      DayBook book,
      Recon recon,
      int i,
      Recon.Leg current,
      LegSpec spec,
      boolean posted,
      boolean conservative) {
    Transfer.Status status = posted ? Transfer.Status.POSTED : Transfer.Status.PENDING;
    if (current == null) {
      return spec.amount() > 0
          ? create(cx, position, book, recon, i, spec, status, conservative, "")
          : null;
    }
    if (current.status() == Transfer.Status.PENDING) {
      boolean sameAmount = current.amount() == spec.amount();
      // Posting rule 3: a transfer held at the conservative amount is voided on resolution and
      // the agreed amount posts through a linked transfer, even when the amounts agree.
      if (sameAmount && !(posted && current.conservative())) {
        if (posted) {
          change(cx, position, book, recon.key, current, Transfer.Status.POSTED);
          return withStatus(current, Transfer.Status.POSTED, false);
        }
        return new Recon.Leg(
            current.transferId(),
            current.from(),
            current.to(),
            current.amount(),
            current.status(),
            conservative);
      }
      change(cx, position, book, recon.key, current, Transfer.Status.VOIDED);
      return spec.amount() > 0
          ? create(cx, position, book, recon, i, spec, status, conservative, current.transferId())
          : null;
    }
    // POSTED: immutable. A changed target reverses it and posts or holds the new amount.
    if (posted && current.amount() == spec.amount()) {
      return current;
    }
    LegSpec reversal = new LegSpec(current.to(), current.from(), current.amount());
    create(
        cx,
        position,
        book,
        recon,
        i,
        reversal,
        Transfer.Status.POSTED,
        false,
        current.transferId());
    return spec.amount() > 0
        ? create(cx, position, book, recon, i, spec, status, conservative, current.transferId())
        : null;
  }

  private static Recon.Leg withStatus(Recon.Leg leg, Transfer.Status status, boolean conservative) {
    return new Recon.Leg(
        leg.transferId(), leg.from(), leg.to(), leg.amount(), status, conservative);
  }

  private static Recon.Leg create(
      Context cx,
      Position position,
      DayBook book,
      Recon recon,
      int leg,
      LegSpec spec,
      Transfer.Status status,
      boolean conservative,
      String linkedTo) {
    String id = transferId(recon.key, leg, recon.transfers++);
    Transfer transfer =
        new Transfer(
            id,
            recon.key,
            leg,
            spec.from(),
            spec.to(),
            spec.amount(),
            status,
            linkedTo,
            cx.nowMs,
            cx.nowMs);
    cx.store.put(Transfer.key(id), transfer);
    if (status == Transfer.Status.PENDING) {
      pending(position, spec.from(), spec.to(), spec.amount(), +1);
    } else {
      post(position, book, recon.key.type(), spec.from(), spec.to(), spec.amount());
    }
    if (linkedTo.isEmpty()
        && recon.key.type() == EventType.DISBURSEMENT
        && spec.from() == Account.RESERVE) {
      position.rateCurrentHour += spec.amount();
    }
    return new Recon.Leg(id, spec.from(), spec.to(), spec.amount(), status, conservative);
  }

  private static void change(
      Context cx,
      Position position,
      DayBook book,
      RecordKey key,
      Recon.Leg leg,
      Transfer.Status next) {
    Store.Key<Transfer> storeKey = Transfer.key(leg.transferId());
    Transfer transfer = cx.store.get(storeKey);
    cx.store.put(storeKey, transfer.withStatus(next, cx.nowMs));
    pending(position, leg.from(), leg.to(), leg.amount(), -1);
    if (next == Transfer.Status.POSTED) {
      post(position, book, key.type(), leg.from(), leg.to(), leg.amount());
    }
  }

  /** Posting rule 2: pending outflows reduce available at once; pending inflows wait. */
  private static void pending(Position position, Account from, Account to, long amount, int sign) {
    if (from == Account.RESERVE) {
      position.pendingOut += sign * amount;
    }
    if (to == Account.RESERVE) {
      position.pendingIn += sign * amount;
    }
    if (to == Account.PARTNER_LOANS) {
      position.pendingLoans += sign * amount;
    }
  }

  private static void post(
      Position position, DayBook book, EventType type, Account from, Account to, long amount) {
    position.posted[from.ordinal()] -= amount;
    position.posted[to.ordinal()] += amount;
    long reserveDelta = to == Account.RESERVE ? amount : from == Account.RESERVE ? -amount : 0;
    if (reserveDelta == 0) {
      return;
    }
    book.movements[type.ordinal()] += reserveDelta;
    if (type == EventType.DISBURSEMENT) {
      position.disbursedToday -= reserveDelta;
    } else if (type == EventType.REPAYMENT) {
      position.repaidToday += reserveDelta;
    } else if (reserveDelta > 0) {
      position.otherInToday += reserveDelta;
    } else {
      position.otherOutToday -= reserveDelta;
    }
  }

  /** A transfer id from the record identity: SHA-256 over key, leg and sequence, 32 hex digits. */
  static String transferId(RecordKey key, int leg, int sequence) {
    byte[] input =
        ("transfer/" + key.path() + "/" + leg + "/" + sequence).getBytes(StandardCharsets.UTF_8);
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Bytes.wrapUnsafe(out).toHex().substring(0, 32);
  }

  static Bytes sha256(byte[] input) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Bytes.wrapUnsafe(out);
  }
}
