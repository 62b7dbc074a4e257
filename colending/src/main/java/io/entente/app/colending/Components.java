package io.entente.app.colending;

import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;

/** Money components of an event in fen: principal, interest, penalty, fee. */
public record Components(long principal, long interest, long penalty, long fee) {
  public static final Components ZERO = new Components(0, 0, 0, 0);

  public Components {
    Fields.fen(principal, "principal");
    Fields.fen(interest, "interest");
    Fields.fen(penalty, "penalty");
    Fields.fen(fee, "fee");
  }

  public static Components principal(long fen) {
    return new Components(fen, 0, 0, 0);
  }

  public long sum() {
    return principal + interest + penalty + fee;
  }

  boolean isZero() {
    return principal == 0 && interest == 0 && penalty == 0 && fee == 0;
  }

  /** Whether every component is at most the corresponding one of {@code whole}. */
  boolean within(Components whole) {
    return principal <= whole.principal
        && interest <= whole.interest
        && penalty <= whole.penalty
        && fee <= whole.fee;
  }

  void write(Writer writer) {
    writer.i64(principal).i64(interest).i64(penalty).i64(fee);
  }

  static Components read(Reader reader) {
    return new Components(
        reader.i64("principal"), reader.i64("interest"), reader.i64("penalty"), reader.i64("fee"));
  }
}
