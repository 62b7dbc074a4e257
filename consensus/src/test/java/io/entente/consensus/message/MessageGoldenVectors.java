package io.entente.consensus.message;

import io.entente.core.chain.GoldenVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The consensus module's golden vectors, pinned the same way as the core's. Run {@link #main} from
 * the repository root after test-compile to write the files of new codecs (never rewrites one):
 *
 * <pre>
 * ./mvnw -B -pl consensus test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.entente.consensus.message.MessageGoldenVectors
 * </pre>
 */
public final class MessageGoldenVectors {
  private MessageGoldenVectors() {}

  static List<GoldenVectors.Vector> vectors() {
    Map<String, Object> samples = MessageSamples.byName();
    List<GoldenVectors.Vector> vectors = new ArrayList<>();
    for (Messages.Named named : Messages.CODECS) {
      vectors.add(new GoldenVectors.Vector(named.name(), named.codec(), samples.get(named.name())));
    }
    return vectors;
  }

  public static void main(String[] args) throws IOException {
    Path directory =
        Files.isDirectory(Path.of("consensus", "src"))
            ? Path.of("consensus").resolve(GoldenVectors.DIRECTORY)
            : GoldenVectors.DIRECTORY;
    Files.createDirectories(directory);
    List<String> written = GoldenVectors.writeMissing(directory, vectors());
    System.out.println(written.isEmpty() ? "no missing golden vectors" : "wrote " + written);
  }
}
