package io.entente.core.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the golden vector files that do not exist yet (a new type, or a new codec version) and
 * pins them in SHA256SUMS. It never rewrites a file. Run it from the core module after
 * test-compile:
 *
 * <pre>
 * ./mvnw -B -pl core test-compile exec:java -Dexec.skip=false -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.entente.core.chain.GoldenVectorGenerator
 * </pre>
 *
 * (from the repository root; the optional argument is the golden folder).
 */
public final class GoldenVectorGenerator {
  private GoldenVectorGenerator() {}

  public static void main(String[] args) throws IOException {
    Path directory = args.length > 0 ? Path.of(args[0]) : defaultDirectory();
    Files.createDirectories(directory);
    List<String> written = GoldenVectors.writeMissing(directory, GoldenVectors.vectors());
    System.out.println(
        written.isEmpty() ? "no missing golden vectors in " + directory : "wrote " + written);
  }

  /** Works from the repository root and from the core module. */
  private static Path defaultDirectory() {
    Path fromRoot = Path.of("core").resolve(GoldenVectors.DIRECTORY);
    return Files.isDirectory(Path.of("core", "src")) ? fromRoot : GoldenVectors.DIRECTORY;
  }
}
