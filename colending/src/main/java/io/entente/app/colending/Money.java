package io.entente.app.colending;

/** Fen as decimal yuan with exactly two places, for CSV cells and difference texts. */
final class Money {
  private Money() {}

  static String yuan(long fen) {
    long abs = Math.abs(fen);
    String cents = Long.toString(abs % 100);
    return (fen < 0 ? "-" : "") + (abs / 100) + "." + (cents.length() == 1 ? "0" + cents : cents);
  }
}
