package io.entente.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the {@code synchronized} keyword in Java source, outside comments, string literals, text
 * blocks and character literals. ArchUnit sees synchronized methods (a modifier in the class file)
 * but not synchronized blocks (plain monitorenter/monitorexit instructions), so blocks in the pure
 * packages are found here, in the source.
 *
 * <p>Not handled: {@code synchronized} spelled with Unicode escapes ({@code \u0073ynchronized}).
 */
final class SynchronizedKeywordScan {
  private SynchronizedKeywordScan() {}

  private static final String KEYWORD = "synchronized";

  /** Deepest directory level searched for {@code src/main/java} below the repository root. */
  private static final int MODULE_DEPTH_MAX = 6;

  /** One occurrence of the keyword in code. */
  record Finding(Path file, int line) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  /** The result of scanning source files: what was found, and how many files were read. */
  record Result(List<Finding> findings, int filesScanned) {}

  /** Every {@code .java} file below each directory. */
  static Result scanDirectories(List<Path> directories) {
    List<Finding> findings = new ArrayList<>();
    int filesScanned = 0;
    for (Path directory : directories) {
      for (Path file : javaFiles(directory)) {
        for (int line : lines(read(file))) {
          findings.add(new Finding(file, line));
        }
        filesScanned++;
      }
    }
    return new Result(List.copyOf(findings), filesScanned);
  }

  /** The 1-based line numbers of each occurrence of the keyword in code. */
  static List<Integer> lines(String source) {
    List<Integer> lines = new ArrayList<>();
    int line = 1;
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      int end;
      if (source.startsWith("//", i)) {
        end = indexOrEnd(source, "\n", i);
      } else if (source.startsWith("/*", i)) {
        end = indexOrEnd(source, "*/", i + 2) + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = endOfQuoted(source, i + 3, "\"\"\"");
      } else if (c == '"' || c == '\'') {
        end = endOfQuoted(source, i + 1, String.valueOf(c));
      } else if (Character.isJavaIdentifierStart(c)) {
        end = i + 1;
        while (end < source.length() && Character.isJavaIdentifierPart(source.charAt(end))) {
          end++;
        }
        if (source.substring(i, end).equals(KEYWORD)) {
          lines.add(line);
        }
      } else {
        end = i + 1;
      }
      end = Math.min(end, source.length());
      line += count(source, i, end, '\n');
      i = end;
    }
    return List.copyOf(lines);
  }

  /**
   * The repository root: the nearest directory at or above {@code start} whose {@code pom.xml}
   * lists modules. Fails if there is none, so that a scan cannot pass by finding no sources.
   */
  static Path repositoryRoot(Path start) {
    for (Path directory = start.toAbsolutePath(); directory != null; ) {
      Path pom = directory.resolve("pom.xml");
      if (Files.isRegularFile(pom) && read(pom).contains("<modules>")) {
        return directory;
      }
      directory = directory.getParent();
    }
    throw new IllegalStateException(
        "no aggregator pom.xml at or above " + start.toAbsolutePath() + "; cannot find sources");
  }

  /**
   * The directories holding the given packages (patterns such as {@code io.entente.core..}) in
   * every {@code src/main/java} of the repository. Fails if there are none.
   */
  static List<Path> sourceDirectories(Path repositoryRoot, List<String> packagePatterns) {
    List<Path> directories = new ArrayList<>();
    for (Path sourceRoot : mainSourceRoots(repositoryRoot)) {
      for (String pattern : packagePatterns) {
        Path directory = sourceRoot.resolve(packageDirectory(pattern));
        if (Files.isDirectory(directory)) {
          directories.add(directory);
        }
      }
    }
    if (directories.isEmpty()) {
      throw new IllegalStateException(
          "no source directory for " + packagePatterns + " below " + repositoryRoot);
    }
    return List.copyOf(directories);
  }

  private static List<Path> mainSourceRoots(Path repositoryRoot) {
    try (Stream<Path> paths = Files.walk(repositoryRoot, MODULE_DEPTH_MAX)) {
      return paths
          .filter(Files::isDirectory)
          .filter(path -> path.endsWith(Path.of("src", "main", "java")))
          .filter(path -> !isBuildOutputOrHidden(repositoryRoot.relativize(path)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isBuildOutputOrHidden(Path relative) {
    for (Path name : relative) {
      if (name.toString().equals("target") || name.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String packageDirectory(String pattern) {
    String packageName =
        pattern.endsWith("..") ? pattern.substring(0, pattern.length() - 2) : pattern;
    if (packageName.contains("..") || packageName.contains("*")) {
      throw new IllegalArgumentException("only 'a.b.c' or 'a.b.c..' patterns: " + pattern);
    }
    return packageName.replace('.', '/');
  }

  private static List<Path> javaFiles(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(path -> path.getFileName().toString().endsWith(".java"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOrEnd(String source, String text, int from) {
    int index = source.indexOf(text, from);
    return index < 0 ? source.length() : index;
  }

  /** The index just after the closing quote, skipping backslash escapes. */
  private static int endOfQuoted(String source, int from, String closingQuote) {
    int i = from;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(closingQuote, i)) {
        return i + closingQuote.length();
      } else if (closingQuote.length() == 1 && source.charAt(i) == '\n') {
        return i; // an unterminated literal ends at the line end, as javac would complain
      } else {
        i++;
      }
    }
    return source.length();
  }

  private static int count(String source, int from, int to, char wanted) {
    int count = 0;
    for (int i = from; i < to; i++) {
      if (source.charAt(i) == wanted) {
        count++;
      }
    }
    return count;
  }
}
