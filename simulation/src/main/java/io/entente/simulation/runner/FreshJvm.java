package io.entente.simulation.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a new JVM with this JVM's java and class path, to show that a seed replays
 * the same outside the process that first ran it. Output goes to a temporary file (no pipe to fill
 * up); the child is always destroyed and the file deleted.
 */
public final class FreshJvm {
  private FreshJvm() {}

  public record Result(int exitCode, String output) {}

  public static Result run(String mainClass, List<String> args, Duration deadline)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    Path output = Files.createTempFile("entente-simulation-", ".out");
    java.lang.Process child = null;
    try {
      child =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!child.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            mainClass + " did not finish within " + deadline + ": " + Files.readString(output));
      }
      return new Result(child.exitValue(), Files.readString(output));
    } finally {
      if (child != null) {
        child.destroyForcibly();
      }
      Files.deleteIfExists(output);
    }
  }
}
