package io.entente.colending.dayfile;

import io.entente.colending.EdgeLimits;
import java.util.regex.Pattern;

/**
 * Decimal yuan text to integer fen and back, exactly: the digits are read as integers, never
 * through a floating-point number.
 */
public final class Yuan {
  private Yuan() {}

  private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  private static final Pattern NEGATIVE = Pattern.compile("-[0-9]+(\\.[0-9]+)?");
  // 10^15 fen has 16 digits; more integer digits than this cannot be within AMOUNT_FEN_MAX.
  private static final int INTEGER_DIGITS_MAX = 14;

  /** Why a text is not an amount. */
  public enum Problem {
    BAD_NUMBER,
    NEGATIVE,
    TOO_MANY_DECIMALS,
    TOO_LARGE
  }

  /** Thrown by {@link #parseFen} with the problem and a message naming the text. */
  public static final class BadAmount extends Exception {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    BadAmount(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /** Parses "1234", "1234.5" or "1234.56" yuan into fen. */
  public static long parseFen(String text) throws BadAmount {
    if (NEGATIVE.matcher(text).matches()) {
      throw new BadAmount(Problem.NEGATIVE, "'" + text + "' is negative; amounts are ≥ 0");
    }
    if (!DECIMAL.matcher(text).matches()) {
      throw new BadAmount(
          Problem.BAD_NUMBER, "'" + text + "' is not a decimal number of yuan (e.g. 1234.56)");
    }
    int dot = text.indexOf('.');
    String integer = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (fraction.length() > 2) {
      throw new BadAmount(
          Problem.TOO_MANY_DECIMALS, "'" + text + "' has more than 2 decimal places");
    }
    String digits = stripLeadingZeros(integer);
    if (digits.length() > INTEGER_DIGITS_MAX) {
      throw tooLarge(text);
    }
    long fen = Long.parseLong(digits.isEmpty() ? "0" : digits) * 100;
    fen += fraction.isEmpty() ? 0 : Long.parseLong((fraction + "0").substring(0, 2));
    if (fen > EdgeLimits.AMOUNT_FEN_MAX) {
      throw tooLarge(text);
    }
    return fen;
  }

  /** Formats fen as yuan with exactly two decimals, e.g. 123456 → "1234.56"; may be negative. */
  public static String format(long fen) {
    String sign = fen < 0 ? "-" : "";
    long abs = Math.abs(fen);
    long fraction = abs % 100;
    return sign + (abs / 100) + "." + (fraction < 10 ? "0" : "") + fraction;
  }

  private static BadAmount tooLarge(String text) {
    return new BadAmount(
        Problem.TOO_LARGE,
        "'"
            + text
            + "' exceeds the largest amount (AMOUNT_FEN_MAX = "
            + format(EdgeLimits.AMOUNT_FEN_MAX)
            + " yuan)");
  }

  private static String stripLeadingZeros(String digits) {
    int start = 0;
    while (start < digits.length() && digits.charAt(start) == '0') {
      start++;
    }
    return digits.substring(start);
  }
}
