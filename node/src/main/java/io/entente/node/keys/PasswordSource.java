package io.entente.node.keys;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where the password of a key file comes from, as named in the node's configuration: a file or an
 * environment variable. Never a command-line argument, which other local users can read from the
 * process list.
 */
public interface PasswordSource {

  /**
   * The password as a fresh array; the caller clears it when done.
   *
   * @throws KeyFileException if the file or variable is missing or empty (never quoting the value)
   */
  char[] password();

  /** Where the password comes from, for messages (for example {@code environment variable X}). */
  String description();

  /** The first line of {@code file}, without its line end. */
  static PasswordSource file(Path file) {
    return new FilePasswordSource(file);
  }

  /** The value of the process's environment variable {@code variable}. */
  static PasswordSource environment(String variable) {
    return environment(variable, System::getenv);
  }

  /** The value of {@code variable} as {@code environment} reports it (tests pass a map lookup). */
  static PasswordSource environment(String variable, Function<String, String> environment) {
    return new EnvironmentPasswordSource(variable, environment);
  }
}
