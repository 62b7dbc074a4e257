package io.entente.node.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** The password is the first line of a file; a trailing {@code \n} or {@code \r\n} is dropped. */
final class FilePasswordSource implements PasswordSource {
  private final Path file;

  FilePasswordSource(Path file) {
    this.file = file;
  }

  @Override
  public String description() {
    return "password file " + file;
  }

  @Override
  public char[] password() {
    byte[] content = read();
    try {
      char[] text = decode(content);
      try {
        int end = 0;
        while (end < text.length && text[end] != '\n') {
          end++;
        }
        if (end > 0 && text[end - 1] == '\r') {
          end--;
        }
        if (end == 0) {
          throw new KeyFileException(
              "password file " + file + " is empty: its first line must be the key password");
        }
        return Arrays.copyOf(text, end);
      } finally {
        Arrays.fill(text, '\0');
      }
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private byte[] read() {
    try {
      long size = Files.size(file);
      if (size > KeyFiles.PASSWORD_FILE_BYTES_MAX) {
        throw new KeyFileException(
            "password file "
                + file
                + " is "
                + size
                + " bytes, more than "
                + KeyFiles.PASSWORD_FILE_BYTES_MAX
                + ": it should hold one line, the key password");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KeyFileException("password file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new KeyFileException(
          "cannot read password file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private char[] decode(byte[] content) {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      if (chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
      return out;
    } catch (CharacterCodingException e) {
      throw new KeyFileException("password file " + file + " is not UTF-8 text");
    }
  }

  @Override
  public String toString() {
    return description();
  }
}
