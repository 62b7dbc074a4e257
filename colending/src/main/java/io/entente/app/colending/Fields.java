package io.entente.app.colending;

import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Field rules and encodings shared by the co-lending types. */
final class Fields {
  private Fields() {}

  /**
   * A reference: 1–64 characters of {@code A–Z a–z 0–9 . _ : -}. The narrow alphabet keeps state
   * keys unambiguous (no {@code /}) and CSV cells unquoted.
   */
  static String ref(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty() || value.length() > ColendingLimits.REF_BYTES_MAX) {
      throw new IllegalArgumentException(field + " must have 1 to 64 characters: '" + value + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!ok) {
        throw new IllegalArgumentException(field + " has a character outside [A-Za-z0-9._:-]");
      }
    }
    return value;
  }

  /** Empty (absent) or a reference. */
  static String optionalRef(String value, String field) {
    Objects.requireNonNull(value, field);
    return value.isEmpty() ? value : ref(value, field);
  }

  /** Well-formed Unicode text of at most {@code maxBytes} UTF-8 bytes. */
  static String text(String value, int maxBytes, String field) {
    Objects.requireNonNull(value, field);
    byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
    if (!new String(encoded, StandardCharsets.UTF_8).equals(value)) {
      throw new IllegalArgumentException(field + " is not well-formed Unicode");
    }
    if (encoded.length > maxBytes) {
      throw new IllegalArgumentException(field + " exceeds " + maxBytes + " bytes");
    }
    return value;
  }

  /**
   * The longest prefix of {@code value} of at most {@code maxBytes} UTF-8 bytes that does not split
   * a character: for texts the application composes from user input (resolutions, details).
   */
  static String truncate(String value, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < value.length()) {
      int codePoint = value.codePointAt(end);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return value.substring(0, end);
  }

  static long fen(long value, String field) {
    if (value < 0 || value > ColendingLimits.AMOUNT_FEN_MAX) {
      throw new IllegalArgumentException(field + " = " + value + " fen is out of range");
    }
    return value;
  }

  static int basisPoints(int value, String field) {
    if (value < 0 || value > ColendingLimits.BASIS_POINTS_WHOLE) {
      throw new IllegalArgumentException(field + " = " + value + " bp is out of range");
    }
    return value;
  }

  static void writeRef(Writer writer, String value) {
    writer.string(value, ColendingLimits.REF_BYTES_MAX);
  }

  /** Writes the reference and returns the writer, for chained field writes. */
  static Writer writeRefThen(Writer writer, String value) {
    writeRef(writer, value);
    return writer;
  }

  static String readRef(Reader reader, String field) {
    return reader.string(ColendingLimits.REF_BYTES_MAX, field);
  }

  static void writeReason(Writer writer, String value) {
    writer.string(value, ColendingLimits.REASON_BYTES_MAX);
  }

  static String readReason(Reader reader, String field) {
    return reader.string(ColendingLimits.REASON_BYTES_MAX, field);
  }

  /** A signed date as its epoch day (i64 keeps the encoding simple; values are checked). */
  static void writeDay(Writer writer, int day) {
    writer.i64(day);
  }

  static int readDay(Reader reader, String field) {
    long value = reader.i64(field);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new CodecException(CodecException.OUT_OF_RANGE, field + " = " + value);
    }
    return (int) value;
  }

  /** An enum by its ordinal; the declaration order of each encoded enum is part of the codec. */
  static <E extends Enum<E>> E readEnum(Reader reader, E[] values, String field) {
    int code = reader.u8(field);
    if (code >= values.length) {
      throw new CodecException(CodecException.OUT_OF_RANGE, field + " code " + code);
    }
    return values[code];
  }

  static void writeEnum(Writer writer, Enum<?> value) {
    writer.u8(value.ordinal());
  }
}
