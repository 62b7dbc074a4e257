package io.entente.colending;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (e.g. the shipped examples) from a test's working directory. */
public final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The repository root: the nearest ancestor of the module directory holding {@code docs/}. */
  public static Path root() {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    for (Path at = dir.toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isDirectory(at.resolve("docs/examples"))) {
        return at;
      }
    }
    throw new IllegalStateException("no docs/examples above " + dir);
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
