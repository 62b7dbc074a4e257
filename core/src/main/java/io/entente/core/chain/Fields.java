package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Objects;

/** Field rules and field encodings shared by the chain types. */
final class Fields {
  private Fields() {}

  /** Strings compare by their UTF-8 bytes, so the canonical order does not depend on Java. */
  static final Comparator<String> UTF8_ORDER = Comparator.comparing(Fields::utf8);

  static Bytes utf8(String value) {
    return Bytes.wrapUnsafe(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A non-empty identifier of at most {@link CoreLimits#IDENTIFIER_BYTES_MAX} UTF-8 bytes. */
  static String identifier(String value, String field) {
    text(value, CoreLimits.IDENTIFIER_BYTES_MAX, field);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + " is empty");
    }
    return value;
  }

  /**
   * Text that survives UTF-8 exactly (no unpaired surrogates, which the writer would replace) and
   * fits its limit.
   */
  static String text(String value, int maxBytes, String field) {
    Objects.requireNonNull(value, field);
    byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
    if (!new String(encoded, StandardCharsets.UTF_8).equals(value)) {
      throw new IllegalArgumentException(field + " is not well-formed Unicode");
    }
    if (encoded.length > maxBytes) {
      throw new IllegalArgumentException(
          field + " has " + encoded.length + " UTF-8 bytes, limit " + maxBytes);
    }
    return value;
  }

  static Bytes bytes(Bytes value, int maxBytes, String field) {
    Objects.requireNonNull(value, field);
    if (value.length() > maxBytes) {
      throw new IllegalArgumentException(
          field + " has " + value.length() + " bytes, limit " + maxBytes);
    }
    return value;
  }

  static long atLeast(long value, long minimum, String field) {
    if (value < minimum) {
      throw new IllegalArgumentException(field + " = " + value + ", must be at least " + minimum);
    }
    return value;
  }

  static void writeSuite(Writer writer, SuiteId suite) {
    writer.u8(suite.code());
  }

  static SuiteId readSuite(Reader reader) {
    int code = reader.u8("crypto suite");
    for (SuiteId id : SuiteId.values()) {
      if (id.code() == code) {
        return id;
      }
    }
    throw new CodecException(CodecException.OUT_OF_RANGE, "unknown crypto suite code " + code);
  }

  static void writeKey(Writer writer, PublicKey key) {
    writeSuite(writer, key.suite());
    writer.fixed(key.encoded());
  }

  static PublicKey readKey(Reader reader) {
    SuiteId suite = readSuite(reader);
    return new PublicKey(suite, reader.fixed(PublicKey.ENCODED_BYTES, "public key"));
  }

  static void writeSignature(Writer writer, Signature signature) {
    writer.fixed(signature.value());
  }

  static Signature readSignature(Reader reader) {
    return new Signature(reader.fixed(Signature.LENGTH_BYTES, "signature"));
  }

  static String readIdentifier(Reader reader, String field) {
    return reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, field);
  }
}
