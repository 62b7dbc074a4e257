package io.entente.core.codec;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the canonical encoding written by {@link Writer}. Every read is bounds-checked and every
 * variable-size field has an explicit limit; any deviation throws {@link CodecException} with a
 * reason, never an index or allocation error.
 */
public final class Reader {
  private final byte[] input;
  private int position;
  private final int end;

  public Reader(byte[] input) {
    this.input = input;
    this.position = 0;
    this.end = input.length;
  }

  public static Reader of(Bytes input) {
    return new Reader(input.unsafeArray());
  }

  private void need(int count, String field) {
    if (count < 0 || end - position < count) {
      throw new CodecException(
          CodecException.TRUNCATED,
          field
              + " needs "
              + count
              + " bytes at offset "
              + position
              + ", "
              + remaining()
              + " left");
    }
  }

  public int remaining() {
    return end - position;
  }

  public int position() {
    return position;
  }

  public int u8(String field) {
    need(1, field);
    return input[position++] & 0xFF;
  }

  public int u16(String field) {
    need(2, field);
    int value = ((input[position] & 0xFF) << 8) | (input[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  /** An unsigned 32-bit value; values above 2^31 − 1 are out of range. */
  public int u32(String field) {
    need(4, field);
    long value =
        ((long) (input[position] & 0xFF) << 24)
            | ((input[position + 1] & 0xFF) << 16)
            | ((input[position + 2] & 0xFF) << 8)
            | (input[position + 3] & 0xFF);
    position += 4;
    if (value > Integer.MAX_VALUE) {
      throw new CodecException(CodecException.OUT_OF_RANGE, field + " = " + value);
    }
    return (int) value;
  }

  public long i64(String field) {
    need(8, field);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (input[position + i] & 0xFF);
    }
    position += 8;
    return value;
  }

  public boolean bool(String field) {
    int flag = u8(field);
    if (flag > 1) {
      throw new CodecException(CodecException.BAD_FLAG, field + " flag " + flag);
    }
    return flag == 1;
  }

  public Bytes fixed(int length, String field) {
    need(length, field);
    Bytes value = Bytes.of(input, position, length);
    position += length;
    return value;
  }

  public Hash hash(String field) {
    return new Hash(fixed(Hash.LENGTH_BYTES, field));
  }

  public Bytes bytes(int maxBytes, String field) {
    int length = u32(field + " length");
    if (length > maxBytes) {
      throw new CodecException(
          CodecException.OVERSIZED, field + " of " + length + " bytes exceeds " + maxBytes);
    }
    return fixed(length, field);
  }

  public String string(int maxBytes, String field) {
    int length = u16(field + " length");
    if (length > maxBytes) {
      throw new CodecException(
          CodecException.OVERSIZED, field + " of " + length + " bytes exceeds " + maxBytes);
    }
    need(length, field);
    try {
      String value =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(input, position, length))
              .toString();
      position += length;
      return value;
    } catch (CharacterCodingException e) {
      throw new CodecException(CodecException.BAD_UTF8, field + " at offset " + position);
    }
  }

  public <T> List<T> list(int maxItems, String field, Function<Reader, T> element) {
    int count = u32(field + " count");
    if (count > maxItems) {
      throw new CodecException(
          CodecException.TOO_MANY_ITEMS, field + " has " + count + " items, limit " + maxItems);
    }
    // Never trust a count for allocation: each item consumes at least one byte.
    if (count > remaining()) {
      throw new CodecException(
          CodecException.TRUNCATED,
          field + " claims " + count + " items, " + remaining() + " bytes left");
    }
    List<T> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(element.apply(this));
    }
    return Collections.unmodifiableList(items);
  }

  /** A list whose items must be strictly ascending (canonical: sorted, no duplicates). */
  public <T> List<T> sortedList(
      int maxItems, String field, Function<Reader, T> element, Comparator<? super T> order) {
    List<T> items = list(maxItems, field, element);
    for (int i = 1; i < items.size(); i++) {
      if (order.compare(items.get(i - 1), items.get(i)) >= 0) {
        throw new CodecException(
            CodecException.NOT_SORTED,
            field + " item " + i + " is not strictly after item " + (i - 1));
      }
    }
    return items;
  }

  /** Null when the presence flag is 0. */
  public <T> T optional(String field, Function<Reader, T> element) {
    return bool(field + " present") ? element.apply(this) : null;
  }

  /** Fails unless every byte was consumed. */
  public void expectEnd(String what) {
    if (position != end) {
      throw new CodecException(
          CodecException.TRAILING_BYTES, what + " is followed by " + remaining() + " extra bytes");
    }
  }
}
