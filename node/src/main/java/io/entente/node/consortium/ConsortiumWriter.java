package io.entente.node.consortium;

import io.entente.core.bytes.Hash;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a consortium into a folder, all or nothing: everything is generated in a new temporary
 * folder next to the target (owner-only, as {@link Files#createTempDirectory} makes it) and renamed
 * into place at the end. A failure leaves no half-written consortium: the temporary folder is
 * deleted and the target is as it was. Replacing an existing folder ({@code force}) moves it aside,
 * renames the new one in, then deletes the old one.
 */
public final class ConsortiumWriter {
  private ConsortiumWriter() {}

  /** What was written: the folder, the channels' genesis hashes and the governance state hash. */
  public record Result(
      Path folder, ConsortiumSpec spec, List<ChannelResult> channels, Hash governanceStateHash) {}

  public record ChannelResult(String name, Hash genesisHash, int validators) {}

  /**
   * Writes {@code spec} into {@code target}.
   *
   * @param force replace {@code target} if it exists and is not empty
   * @throws TargetException if the target is a file or a link, or exists, is not empty and {@code
   *     force} is false: nothing was written
   * @throws IOException if writing failed: nothing is left behind
   */
  public static Result write(
      ConsortiumSpec spec, Path target, boolean force, Clock clock, SecureRandom random)
      throws IOException {
    Path folder = target.toAbsolutePath().normalize();
    boolean exists = checkTarget(folder, force);
    Path parent = folder.getParent();
    if (parent == null) {
      throw new TargetException("cannot write a consortium at the file system root " + folder);
    }
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + folder.getFileName() + ".init-");
    Result result;
    try {
      result = new ConsortiumGenerator(spec, staging, clock.millis(), random).generate();
      if (exists) {
        replace(folder, staging);
      } else {
        move(staging, folder);
      }
    } catch (IOException | RuntimeException e) {
      ConsortiumFiles.deleteRecursively(staging);
      throw e;
    }
    return new Result(folder, spec, result.channels(), result.governanceStateHash());
  }

  /** Whether the target exists; refuses files, links and (without force) non-empty folders. */
  private static boolean checkTarget(Path folder, boolean force) throws IOException {
    if (Files.isSymbolicLink(folder)) {
      throw new TargetException(
          folder + " is a symbolic link; give the real folder (a link is never replaced)");
    }
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new TargetException(folder + " exists and is not a folder; it is never replaced");
    }
    if (!force && !isEmpty(folder)) {
      throw new TargetException(
          folder
              + " exists and is not empty; refusing to overwrite it (pass --force to replace it"
              + " with a new consortium: every key in it will be lost)");
    }
    return true;
  }

  private static boolean isEmpty(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void replace(Path folder, Path staging) throws IOException {
    Path old = Files.createTempDirectory(folder.getParent(), "." + folder.getFileName() + ".old-");
    Files.delete(old);
    move(folder, old);
    try {
      move(staging, folder);
    } catch (IOException | RuntimeException e) {
      move(old, folder);
      throw e;
    }
    ConsortiumFiles.deleteRecursively(old);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** The target cannot be written as asked; nothing was written. */
  public static final class TargetException extends IOException {
    public TargetException(String message) {
      super(message);
    }
  }
}
