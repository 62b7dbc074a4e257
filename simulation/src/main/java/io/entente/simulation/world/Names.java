package io.entente.simulation.world;

/** The one rule for names in the world: short, printable, no spaces, so trace lines parse. */
final class Names {
  private Names() {}

  static String require(String kind, String name) {
    if (name == null || name.isEmpty() || name.length() > SimulationLimits.NAME_CHARS_MAX) {
      throw new IllegalArgumentException(
          "a "
              + kind
              + " name has 1 to "
              + SimulationLimits.NAME_CHARS_MAX
              + " characters, got "
              + (name == null ? "null" : "'" + name + "'"));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new IllegalArgumentException(
            "a " + kind + " name is printable ASCII without spaces, got '" + name + "'");
      }
    }
    return name;
  }
}
