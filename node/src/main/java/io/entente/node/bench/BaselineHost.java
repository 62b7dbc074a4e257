package io.entente.node.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a baseline's server programs on this machine: finds them, and when the bench runs as root
 * starts them as a non-root user (PostgreSQL refuses root): {@value #BENCH_USER} if {@code
 * bench/baselines/install.sh} created it, else {@code nobody}.
 */
final class BaselineHost {
  static final String BENCH_USER = "entente-bench";
  private static final String FALLBACK_USER = "nobody";
  private static final List<String> SEARCH_PATH =
      List.of("/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin");

  private BaselineHost() {}

  /**
   * The program in {@code firstFolders} (so that programs of one installation go together), on the
   * PATH or in the usual folders.
   */
  static Optional<Path> find(String program, List<Path> firstFolders) {
    List<Path> folders = new ArrayList<>(firstFolders);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String folder : path.split(":")) {
        folders.add(Path.of(folder));
      }
    }
    SEARCH_PATH.forEach(folder -> folders.add(Path.of(folder)));
    return folders.stream()
        .map(folder -> folder.resolve(program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The folders {@code /usr/lib/postgresql/VERSION/bin}, newest first. */
  static List<Path> postgresFolders() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(version -> version.resolve("bin"))
          .sorted((a, b) -> b.toString().compareTo(a.toString()))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The user the servers run as when the bench is root. */
  static String serverUser() throws IOException {
    boolean created =
        Files.readAllLines(Path.of("/etc/passwd")).stream()
            .anyMatch(line -> line.startsWith(BENCH_USER + ":"));
    return created ? BENCH_USER : FALLBACK_USER;
  }

  /** A fresh folder the server user owns, under the system's temporary folder. */
  static Path serverFolder(String name) throws IOException {
    Path folder = Files.createTempDirectory("entente-baseline-" + name + "-");
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (runningAsRoot()) {
      UserPrincipal owner =
          folder
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(serverUser());
      Files.setOwner(folder, owner);
    }
    return folder;
  }

  /** {@code command}, prefixed to run as the server user when the bench is root. */
  static List<String> asServerUser(List<String> command) throws IOException {
    List<String> full = new ArrayList<>();
    if (runningAsRoot()) {
      full.addAll(List.of("runuser", "-u", serverUser(), "--"));
    }
    full.addAll(command);
    return full;
  }

  /** Runs a command to its end, its output to {@code log}; fails with the log if it fails. */
  static void runToEnd(List<String> command, Path log, long deadlineMs)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(asServerUser(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(deadlineMs, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException(
          String.join(" ", command) + " did not end within " + deadlineMs + " ms");
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + " failed ("
              + process.exitValue()
              + "):\n"
              + Files.readString(log));
    }
  }

  /**
   * Runs {@code stop} if the JVM exits (Ctrl-C) while a baseline server runs; the caller removes
   * the returned hook with {@link #removeHook} once it stopped the server itself.
   */
  static Thread onExit(String name, Runnable stop) {
    Thread hook = new Thread(stop, "bench-stop-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException exiting) {
      // The JVM is exiting and the hook runs (or ran) anyway.
    }
  }

  static void deleteTree(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A leftover temporary folder is not worth failing the report for.
    }
  }
}
