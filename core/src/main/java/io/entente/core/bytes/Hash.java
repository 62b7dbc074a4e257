package io.entente.core.bytes;

/** A 32-byte digest (SHA-256 in the standard suite, SM3 in the guomi suite). */
public record Hash(Bytes value) implements Comparable<Hash> {
  public static final int LENGTH_BYTES = 32;
  public static final Hash ZERO = new Hash(Bytes.wrapUnsafe(new byte[LENGTH_BYTES]));

  public Hash {
    if (value.length() != LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "a hash is " + LENGTH_BYTES + " bytes, got " + value.length());
    }
  }

  public static Hash of(byte[] digest) {
    return new Hash(Bytes.of(digest));
  }

  public static Hash fromHex(String hex) {
    return new Hash(Bytes.fromHex(hex));
  }

  public String toHex() {
    return value.toHex();
  }

  /** The first 8 hex digits, for logs. */
  public String shortHex() {
    return value.toHex().substring(0, 8);
  }

  @Override
  public int compareTo(Hash other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value.toHex();
  }
}
