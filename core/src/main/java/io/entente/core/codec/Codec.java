package io.entente.core.codec;

import io.entente.core.bytes.Bytes;

/**
 * A canonical binary codec for one top-level type. The encoding starts with the type's tag byte and
 * its codec version byte; the whole encoding is at most {@link #maxBytes()}.
 *
 * <p>A changed encoding is a new codec version, never a silent change: the golden vector files of
 * each version are pinned by SHA-256.
 */
public interface Codec<T> {

  /** Identifies the type on the wire; unique across the core. */
  int tag();

  /** The version this codec writes. */
  int version();

  /** The largest encoding this codec accepts or produces. */
  int maxBytes();

  /** Writes the body, after tag and version. */
  void writeBody(Writer writer, T value);

  /** Reads the body of the given version, after tag and version. */
  T readBody(Reader reader, int version);

  /** The versions {@link #readBody} understands. */
  default boolean reads(int version) {
    return version == version();
  }

  default Bytes encode(T value) {
    Writer writer = new Writer();
    writeTo(writer, value);
    if (writer.size() > maxBytes()) {
      throw new IllegalArgumentException(
          "encoding of " + writer.size() + " bytes exceeds the limit of " + maxBytes());
    }
    return writer.toBytes();
  }

  /** Writes tag, version and body, for a value nested inside another encoding. */
  default void writeTo(Writer writer, T value) {
    writer.u8(tag()).u8(version());
    writeBody(writer, value);
  }

  /** Reads tag, version and body of a value nested inside another encoding. */
  default T readFrom(Reader reader) {
    int tag = reader.u8("type tag");
    if (tag != tag()) {
      throw new CodecException(
          CodecException.BAD_TAG, "expected type tag " + tag() + ", got " + tag);
    }
    int version = reader.u8("codec version");
    if (!reads(version)) {
      throw new CodecException(
          CodecException.BAD_VERSION, "type " + tag + " has no codec version " + version);
    }
    try {
      return readBody(reader, version);
    } catch (IllegalArgumentException e) {
      // A record's constructor is the one place its rules live; input that breaks them is bad
      // input here, not a broken invariant.
      throw new CodecException(CodecException.INVALID_VALUE, "type " + tag + ": " + e.getMessage());
    }
  }

  /** Decodes a complete encoding: size limit, tag, version, body, no trailing bytes. */
  default T decode(Bytes encoded) {
    if (encoded.length() > maxBytes()) {
      throw new CodecException(
          CodecException.OVERSIZED,
          "input of " + encoded.length() + " bytes exceeds the limit of " + maxBytes());
    }
    Reader reader = Reader.of(encoded);
    T value = readFrom(reader);
    reader.expectEnd("type " + tag());
    return value;
  }
}
