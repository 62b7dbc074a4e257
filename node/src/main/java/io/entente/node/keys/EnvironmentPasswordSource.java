package io.entente.node.keys;

import java.util.function.Function;

/** The password is the value of an environment variable named in the configuration. */
final class EnvironmentPasswordSource implements PasswordSource {
  private final String variable;
  private final Function<String, String> environment;

  EnvironmentPasswordSource(String variable, Function<String, String> environment) {
    if (variable == null || variable.isBlank()) {
      throw new IllegalArgumentException("the password's environment variable needs a name");
    }
    this.variable = variable;
    this.environment = environment;
  }

  @Override
  public String description() {
    return "environment variable " + variable;
  }

  @Override
  public char[] password() {
    String value = environment.apply(variable);
    if (value == null) {
      throw new KeyFileException(
          "environment variable " + variable + " is not set: it should hold the key password");
    }
    if (value.isEmpty()) {
      throw new KeyFileException(
          "environment variable " + variable + " is empty: it should hold the key password");
    }
    return value.toCharArray();
  }

  @Override
  public String toString() {
    return description();
  }
}
