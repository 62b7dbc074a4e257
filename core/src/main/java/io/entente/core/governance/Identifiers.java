package io.entente.core.governance;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Identifier rules and the canonical string order shared by the governance types. */
final class Identifiers {
  private Identifiers() {}

  /** Strings compare by their UTF-8 bytes, so the canonical order does not depend on Java. */
  static final Comparator<String> UTF8_ORDER = Comparator.comparing(Identifiers::utf8);

  static Bytes utf8(String value) {
    return Bytes.wrapUnsafe(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A non-empty, well-formed identifier of at most {@link CoreLimits#IDENTIFIER_BYTES_MAX}. */
  static String require(String value, String field) {
    return text(value, 1, CoreLimits.IDENTIFIER_BYTES_MAX, field);
  }

  /** Text that survives UTF-8 exactly and has {@code minBytes} to {@code maxBytes} bytes. */
  static String text(String value, int minBytes, int maxBytes, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
    if (!new String(encoded, StandardCharsets.UTF_8).equals(value)) {
      throw new IllegalArgumentException(field + " is not well-formed Unicode");
    }
    if (encoded.length < minBytes || encoded.length > maxBytes) {
      throw new IllegalArgumentException(
          field
              + " has "
              + encoded.length
              + " UTF-8 bytes, expected "
              + minBytes
              + " to "
              + maxBytes);
    }
    return value;
  }

  /** Fails naming the first value whose key equals its predecessor's (input is sorted by key). */
  static <T> void requireDistinct(List<T> sorted, Function<T, ?> key, String what) {
    for (int i = 1; i < sorted.size(); i++) {
      Object previous = key.apply(sorted.get(i - 1));
      if (previous.equals(key.apply(sorted.get(i)))) {
        throw new IllegalArgumentException(what + " " + previous + " appears twice");
      }
    }
  }
}
