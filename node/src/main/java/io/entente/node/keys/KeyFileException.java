package io.entente.node.keys;

/**
 * A key file or password that cannot be used. The message names the file or environment variable
 * and says what to fix; it never contains a password.
 */
public final class KeyFileException extends RuntimeException {
  public KeyFileException(String message) {
    super(message);
  }

  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
