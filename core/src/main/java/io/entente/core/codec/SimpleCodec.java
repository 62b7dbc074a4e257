package io.entente.core.codec;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A codec that reads and writes one version, given the functions for its body. Most types need no
 * more; a type that must still read an older version implements {@link Codec} itself.
 */
public final class SimpleCodec<T> implements Codec<T> {
  private final int tag;
  private final int version;
  private final int maxBytes;
  private final BiConsumer<Writer, T> bodyWriter;
  private final Function<Reader, T> bodyReader;

  public SimpleCodec(
      int tag,
      int version,
      int maxBytes,
      BiConsumer<Writer, T> bodyWriter,
      Function<Reader, T> bodyReader) {
    if (tag < 0 || tag > 0xFF || version < 0 || version > 0xFF || maxBytes < 2) {
      throw new IllegalArgumentException(
          "tag " + tag + ", version " + version + ", limit " + maxBytes);
    }
    this.tag = tag;
    this.version = version;
    this.maxBytes = maxBytes;
    this.bodyWriter = bodyWriter;
    this.bodyReader = bodyReader;
  }

  @Override
  public int tag() {
    return tag;
  }

  @Override
  public int version() {
    return version;
  }

  @Override
  public int maxBytes() {
    return maxBytes;
  }

  @Override
  public void writeBody(Writer writer, T value) {
    bodyWriter.accept(writer, value);
  }

  @Override
  public T readBody(Reader reader, int version) {
    return bodyReader.apply(reader);
  }

  @Override
  public String toString() {
    return "codec[tag " + tag + ", v" + version + "]";
  }
}
