package io.entente.node.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordSourceTest {
  @TempDir Path directory;

  @Test
  void aPasswordFileGivesItsFirstLineWithoutTheLineEnd() throws Exception {
    Path unix = directory.resolve("unix");
    Files.writeString(unix, "s3cret pass\nsecond line\n");
    Path windows = directory.resolve("windows");
    Files.writeString(windows, "s3cret pass\r\n");
    Path bare = directory.resolve("bare");
    Files.writeString(bare, "s3cret pass");

    assertThat(PasswordSource.file(unix).password()).isEqualTo("s3cret pass".toCharArray());
    assertThat(PasswordSource.file(windows).password()).isEqualTo("s3cret pass".toCharArray());
    assertThat(PasswordSource.file(bare).password()).isEqualTo("s3cret pass".toCharArray());
  }

  @Test
  void aMissingOrEmptyPasswordFileIsNamed() throws Exception {
    Path missing = directory.resolve("missing");
    Path empty = directory.resolve("empty");
    Files.writeString(empty, "");
    Path blankFirstLine = directory.resolve("blank-first-line");
    Files.writeString(blankFirstLine, "\nhunter2\n");

    assertThatThrownBy(() -> PasswordSource.file(missing).password())
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> PasswordSource.file(empty).password())
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> PasswordSource.file(blankFirstLine).password())
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("is empty")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void anEnvironmentVariableIsReadThroughTheInjectedLookup() {
    Map<String, String> environment = Map.of("KEY_PASSWORD", "from env", "EMPTY", "");

    assertThat(PasswordSource.environment("KEY_PASSWORD", environment::get).password())
        .isEqualTo("from env".toCharArray());
    assertThatThrownBy(() -> PasswordSource.environment("UNSET_VAR", environment::get).password())
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("environment variable UNSET_VAR is not set");
    assertThatThrownBy(() -> PasswordSource.environment("EMPTY", environment::get).password())
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("environment variable EMPTY is empty");
    assertThat(PasswordSource.environment("KEY_PASSWORD", environment::get).description())
        .isEqualTo("environment variable KEY_PASSWORD")
        .doesNotContain("from env");
  }
}
