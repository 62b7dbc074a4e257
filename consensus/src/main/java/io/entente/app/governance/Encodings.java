package io.entente.app.governance;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Helpers shared by the application's canonical encodings (core codec: big-endian, explicit
 * lengths, sorted lists). Each encoded value starts with its own format version byte.
 */
final class Encodings {
  private Encodings() {}

  /** Strings compare by their UTF-8 bytes, as everywhere in the canonical encoding. */
  static final Comparator<String> UTF8_ORDER = Comparator.comparing(Encodings::utf8);

  static Bytes utf8(String value) {
    return Bytes.wrapUnsafe(value.getBytes(StandardCharsets.UTF_8));
  }

  static void version(Reader reader, int expected, String what) {
    int version = reader.u8(what + " format version");
    if (version != expected) {
      throw new CodecException(
          CodecException.BAD_VERSION, what + " has no format version " + version);
    }
  }

  static void identifier(Writer writer, String value) {
    writer.string(value, CoreLimits.IDENTIFIER_BYTES_MAX);
  }

  static String identifier(Reader reader, String field) {
    String value = reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, field);
    if (value.isEmpty()) {
      throw new CodecException(CodecException.INVALID_VALUE, field + " is empty");
    }
    return value;
  }

  static void identifiers(Writer writer, List<String> values, int maxItems) {
    writer.list(values, maxItems, Encodings::identifier);
  }

  /** A strictly ascending list of identifiers (sorted, no duplicates). */
  static List<String> identifiers(Reader reader, int maxItems, String field) {
    return reader.sortedList(maxItems, field, in -> identifier(in, field), UTF8_ORDER);
  }

  /** {@code values} sorted by UTF-8 bytes with duplicates dropped. */
  static List<String> sortedDistinct(List<String> values) {
    List<String> sorted = new ArrayList<>(values);
    sorted.sort(UTF8_ORDER);
    List<String> distinct = new ArrayList<>();
    for (String value : sorted) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(value)) {
        distinct.add(value);
      }
    }
    return List.copyOf(distinct);
  }

  /**
   * Decodes a complete value: the reader must be consumed, and a constructor's refusal (an
   * IllegalArgumentException, certificate format errors included) is bad input, not a bug.
   */
  static <T> T decode(Bytes encoded, String what, Function<Reader, T> body) {
    Reader reader = Reader.of(encoded);
    try {
      T value = body.apply(reader);
      reader.expectEnd(what);
      return value;
    } catch (CodecException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new CodecException(CodecException.INVALID_VALUE, what + ": " + e.getMessage());
    }
  }

  /** {@code text} cut to at most {@code maxBytes} UTF-8 bytes, on a character boundary. */
  static String clip(String text, int maxBytes) {
    if (utf8(text).length() <= maxBytes) {
      return text;
    }
    int end = Math.min(text.length(), maxBytes / 4);
    while (end < text.length() && utf8(text.substring(0, end + 1)).length() <= maxBytes - 3) {
      end++;
    }
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "...";
  }
}
