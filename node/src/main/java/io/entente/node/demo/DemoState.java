package io.entente.node.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What a demo home remembers between runs besides the consortium: the generator's seed and the
 * cursor (how many of the generated bank reports have been committed), in {@code
 * demo-state.properties}. Written to a temporary file and moved into place, so a crash leaves the
 * old or the new state.
 */
record DemoState(long seed, long cursor) {
  static final String FILE = "demo-state.properties";

  static boolean exists(Path home) {
    return Files.exists(home.resolve(FILE));
  }

  static DemoState read(Path home) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(home.resolve(FILE), StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    try {
      return new DemoState(
          Long.parseLong(properties.getProperty("seed")),
          Long.parseLong(properties.getProperty("cursor")));
    } catch (NumberFormatException | NullPointerException e) {
      throw new IOException(home.resolve(FILE) + " is damaged (seed and cursor expected)", e);
    }
  }

  DemoState withCursor(long newCursor) {
    return new DemoState(seed, newCursor);
  }

  void write(Path home) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("seed", Long.toString(seed));
    properties.setProperty("cursor", Long.toString(cursor));
    Path temporary = home.resolve(FILE + ".tmp");
    try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      properties.store(
          writer, "entente demo: generator seed and bank reports committed so far (the cursor)");
    }
    Files.move(
        temporary,
        home.resolve(FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
