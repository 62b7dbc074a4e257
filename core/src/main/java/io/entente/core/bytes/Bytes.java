package io.entente.core.bytes;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with value equality. Records that carry binary fields use this instead
 * of {@code byte[]} so that equality, hashing and printing follow the content.
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] value;

  /**
   * The content's hash code, computed on first use (0 until then, as {@link String} does): a byte
   * string used as a map key is hashed once, not on every lookup. A race only computes it twice.
   */
  private int hash;

  private boolean hashIsZero;

  private Bytes(byte[] value) {
    this.value = value;
  }

  /** Copies {@code value}; later changes to the array do not affect the result. */
  public static Bytes of(byte[] value) {
    return new Bytes(value.clone());
  }

  /** Copies {@code length} bytes of {@code value} from {@code offset}. */
  public static Bytes of(byte[] value, int offset, int length) {
    return new Bytes(Arrays.copyOfRange(value, offset, offset + length));
  }

  /** Parses lower- or upper-case hex without separators. */
  public static Bytes fromHex(String hex) {
    return new Bytes(HEX.parseHex(hex));
  }

  /** Wraps an array the caller promises never to change again (saves a copy on hot paths). */
  public static Bytes wrapUnsafe(byte[] value) {
    return new Bytes(value);
  }

  public int length() {
    return value.length;
  }

  public byte get(int index) {
    return value[index];
  }

  /** A fresh copy of the content. */
  public byte[] toByteArray() {
    return value.clone();
  }

  /** The backing array, for read-only use by the codec and crypto; never modify it. */
  public byte[] unsafeArray() {
    return value;
  }

  public String toHex() {
    return HEX.formatHex(value);
  }

  public Bytes concat(Bytes other) {
    byte[] joined = Arrays.copyOf(value, value.length + other.value.length);
    System.arraycopy(other.value, 0, joined, value.length, other.value.length);
    return new Bytes(joined);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0 && !hashIsZero) {
      h = Arrays.hashCode(value);
      if (h == 0) {
        hashIsZero = true;
      } else {
        hash = h;
      }
    }
    return h;
  }

  /** Unsigned lexicographic order, shorter prefix first. */
  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return value.length <= 64
        ? toHex()
        : HEX.formatHex(value, 0, 32) + "…(" + value.length + " bytes)";
  }
}
