package io.entente.core.governance;

import io.entente.core.chain.GoldenVectors;
import io.entente.core.crypto.SuiteId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The governance codecs' golden vectors, pinned in the core's golden folder the same way as the
 * chain codecs'. Run {@link #main} after test-compile to write the files of new codecs or versions
 * (it never rewrites one):
 *
 * <pre>
 * ./mvnw -B -pl core test-compile exec:java -Dexec.skip=false -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.entente.core.governance.GovernanceGoldenVectors
 * </pre>
 */
public final class GovernanceGoldenVectors {
  private GovernanceGoldenVectors() {}

  static List<GoldenVectors.Vector> vectors() {
    return List.of(
        new GoldenVectors.Vector(
            "governance-genesis",
            GovernanceGenesis.CODEC,
            GovernanceSamples.sample(SuiteId.STANDARD)));
  }

  public static void main(String[] args) throws IOException {
    Path directory =
        Files.isDirectory(Path.of("core", "src"))
            ? Path.of("core").resolve(GoldenVectors.DIRECTORY)
            : GoldenVectors.DIRECTORY;
    List<String> written = GoldenVectors.writeMissing(directory, vectors());
    System.out.println(written.isEmpty() ? "no missing golden vectors" : "wrote " + written);
  }
}
