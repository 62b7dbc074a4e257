package io.entente.node.consortium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.crypto.SuiteId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failure halfway through leaves nothing behind, and an existing folder as it was. */
class ConsortiumWriterFailureTest {
  @TempDir Path temp;

  /** Random bytes until the n-th request, then a failure, as a broken entropy source would. */
  private static final class FailingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private int left;

    FailingRandom(int requests) {
      left = requests;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (left-- <= 0) {
        throw new IllegalStateException("entropy source failed");
      }
      super.nextBytes(bytes);
    }
  }

  private static final ConsortiumSpec SMALL =
      new ConsortiumSpec(
          "lead",
          List.of("partner"),
          1,
          SuiteId.STANDARD,
          7400,
          "127.0.0.1",
          ConsortiumWriterTest.TEST_ITERATIONS);

  @Test
  void aFailedInitLeavesNoFolderAndNoTemporaryFolder() {
    Path folder = temp.resolve("consortium");
    assertThatThrownBy(
            () ->
                ConsortiumWriter.write(
                    SMALL, folder, false, Clock.systemUTC(), new FailingRandom(12)))
        .hasMessageContaining("entropy source failed");
    assertThat(temp).isEmptyDirectory();
  }

  @Test
  void aFailedReplacementLeavesTheOldFolderAsItWas() throws IOException {
    Path folder = Files.createDirectory(temp.resolve("consortium"));
    Path marker = Files.writeString(folder.resolve("marker.txt"), "old");
    assertThatThrownBy(
            () ->
                ConsortiumWriter.write(
                    SMALL, folder, true, Clock.systemUTC(), new FailingRandom(12)))
        .hasMessageContaining("entropy source failed");
    assertThat(marker).hasContent("old");
    try (var entries = Files.list(temp)) {
      assertThat(entries).containsExactly(folder);
    }
  }
}
