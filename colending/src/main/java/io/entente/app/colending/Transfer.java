package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Writer;
import java.util.Objects;

/**
 * An immutable double-entry movement of {@code amount} fen from one account to another. Its id is
 * derived from the record identity that created it; it is pending, then posted or voided. A
 * transfer that replaces a voided one, or reverses a posted one, names it in {@code linkedTo}. Key
 * {@code xfer/<id>}.
 */
record Transfer(
    String id,
    RecordKey key,
    int leg,
    Account from,
    Account to,
    long amount,
    Status status,
    String linkedTo,
    long createdMs,
    long changedMs) {

  enum Status {
    PENDING,
    POSTED,
    VOIDED
  }

  static final Codec<Transfer> CODEC =
      new SimpleCodec<>(ColendingTags.TRANSFER, 1, 512, Transfer::write, Transfer::read);

  Transfer {
    Fields.ref(id, "transfer id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from == to) {
      throw new IllegalArgumentException("a transfer between one account and itself");
    }
    if (amount <= 0 || amount > ColendingLimits.AMOUNT_FEN_MAX) {
      throw new IllegalArgumentException("transfer amount " + amount);
    }
    Objects.requireNonNull(status, "status");
    Fields.optionalRef(linkedTo, "linked to");
  }

  static Store.Key<Transfer> key(String id) {
    return Store.Key.immutable("xfer/" + id, CODEC);
  }

  Transfer withStatus(Status next, long atMs) {
    return new Transfer(id, key, leg, from, to, amount, next, linkedTo, createdMs, atMs);
  }

  private static void write(Writer writer, Transfer t) {
    Fields.writeRef(writer, t.id);
    t.key.write(writer);
    writer.u8(t.leg);
    Fields.writeEnum(writer, t.from);
    Fields.writeEnum(writer, t.to);
    writer.i64(t.amount);
    Fields.writeEnum(writer, t.status);
    Fields.writeRef(writer, t.linkedTo);
    writer.i64(t.createdMs).i64(t.changedMs);
  }

  private static Transfer read(Reader reader) {
    return new Transfer(
        Fields.readRef(reader, "id"),
        RecordKey.read(reader),
        reader.u8("leg"),
        Fields.readEnum(reader, Account.values(), "from"),
        Fields.readEnum(reader, Account.values(), "to"),
        reader.i64("amount"),
        Fields.readEnum(reader, Status.values(), "status"),
        Fields.readRef(reader, "linked to"),
        reader.i64("created"),
        reader.i64("changed"));
  }
}
