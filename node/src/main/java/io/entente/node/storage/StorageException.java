package io.entente.node.storage;

/**
 * An operating error of node storage: a file or database that cannot be read or written, or one
 * that belongs to another channel, genesis or format version. The message names the path and what
 * was expected.
 */
public final class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
