package io.entente.node.consortium;

/**
 * A node configuration that cannot be used. The message names the file, the field and what to fix;
 * it never quotes a secret.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
