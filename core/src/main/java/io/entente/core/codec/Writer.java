package io.entente.core.codec;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Appends the canonical encoding: fixed-width big-endian integers, explicit lengths, UTF-8 strings,
 * presence flags for optional fields. Writing a value that breaks a size limit fails fast: the core
 * never produces what it would refuse to read.
 */
public final class Writer {
  private byte[] buffer;
  private int size;

  public Writer() {
    this(256);
  }

  public Writer(int initialCapacityBytes) {
    this.buffer = new byte[Math.max(16, initialCapacityBytes)];
  }

  private void ensure(int extra) {
    int needed = size + extra;
    if (needed < 0) {
      throw new IllegalStateException("encoding exceeds 2 GiB");
    }
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
    }
  }

  public Writer u8(int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException("u8 out of range: " + value);
    }
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  public Writer u16(int value) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException("u16 out of range: " + value);
    }
    ensure(2);
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) value;
    return this;
  }

  /** An unsigned 32-bit value held in a non-negative int (so at most 2^31 − 1). */
  public Writer u32(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("u32 out of range: " + value);
    }
    ensure(4);
    buffer[size++] = (byte) (value >>> 24);
    buffer[size++] = (byte) (value >>> 16);
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) value;
    return this;
  }

  /** A signed 64-bit value, two's complement. */
  public Writer i64(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public Writer bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  /** Exactly {@code value.length()} bytes with no length prefix (fixed-size fields). */
  public Writer fixed(Bytes value) {
    byte[] array = value.unsafeArray();
    ensure(array.length);
    System.arraycopy(array, 0, buffer, size, array.length);
    size += array.length;
    return this;
  }

  public Writer hash(Hash value) {
    return fixed(value.value());
  }

  /** u32 length, then the bytes. */
  public Writer bytes(Bytes value, int maxBytes) {
    if (value.length() > maxBytes) {
      throw new IllegalArgumentException(
          "byte field of " + value.length() + " bytes exceeds its limit of " + maxBytes);
    }
    u32(value.length());
    return fixed(value);
  }

  /** u16 length, then UTF-8. */
  public Writer string(String value, int maxBytes) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > maxBytes || utf8.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "string of " + utf8.length + " UTF-8 bytes exceeds its limit of " + maxBytes);
    }
    u16(utf8.length);
    return fixed(Bytes.wrapUnsafe(utf8));
  }

  /** u32 count, then each item. */
  public <T> Writer list(List<T> items, int maxItems, BiConsumer<Writer, T> element) {
    if (items.size() > maxItems) {
      throw new IllegalArgumentException(
          "list of " + items.size() + " items exceeds its limit of " + maxItems);
    }
    u32(items.size());
    for (T item : items) {
      element.accept(this, item);
    }
    return this;
  }

  /** A presence flag (0 or 1), then the value when present. */
  public <T> Writer optional(T valueOrNull, BiConsumer<Writer, T> element) {
    if (valueOrNull == null) {
      return u8(0);
    }
    u8(1);
    element.accept(this, valueOrNull);
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  public Bytes toBytes() {
    return Bytes.wrapUnsafe(toByteArray());
  }
}
