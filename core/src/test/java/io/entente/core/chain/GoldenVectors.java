package io.entente.core.chain;

import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Golden vector files: {@code <name>.v<version>.hex} holds one hex line, the encoding of a sample
 * value; {@code SHA256SUMS} pins every file (in {@code sha256sum} format). Files are append-only: a
 * changed encoding needs a new codec version and a new file, never an edited one.
 *
 * <p>Public in the core test-jar so that other modules pin their own codecs the same way, each in
 * its own {@link #DIRECTORY}.
 */
public final class GoldenVectors {
  public static final String SUMS = "SHA256SUMS";

  /**
   * The folder, relative to a module (the working directory of its tests): every module keeps its
   * golden vectors in the same place.
   */
  public static final Path DIRECTORY = Path.of("src", "test", "resources", "golden");

  private static final Pattern SUM_LINE = Pattern.compile("([0-9a-f]{64})  (\\S+)");
  private static final Pattern VECTOR_FILE = Pattern.compile("(.+)\\.v(\\d+)\\.hex");

  private GoldenVectors() {}

  /** A codec, its file name and the value its current version's file must hold. */
  public record Vector(String name, Codec<?> codec, Object sample) {
    public String fileName() {
      return fileName(codec.version());
    }

    public String fileName(int version) {
      return name + ".v" + version + ".hex";
    }

    public String label() {
      return name + " v" + codec.version();
    }
  }

  static List<Vector> vectors() {
    Map<String, Object> samples = ChainSamples.byName();
    List<Vector> vectors = new ArrayList<>();
    for (ChainCodecs.Entry entry : ChainCodecs.ALL) {
      vectors.add(new Vector(entry.name(), entry.codec(), samples.get(entry.name())));
    }
    return vectors;
  }

  /** Everything wrong with the folder for these vectors; empty when all is well. */
  public static List<String> problems(Path directory, List<Vector> vectors) throws IOException {
    List<String> problems = new ArrayList<>();
    TreeMap<String, String> pinned = readSums(directory, problems);
    checkPinnedFiles(directory, pinned, problems);
    for (Vector vector : vectors) {
      checkVector(directory, pinned, vector, problems);
    }
    return problems;
  }

  private static void checkPinnedFiles(
      Path directory, TreeMap<String, String> pinned, List<String> problems) throws IOException {
    for (Map.Entry<String, String> entry : pinned.entrySet()) {
      Path file = directory.resolve(entry.getKey());
      if (!Files.isRegularFile(file)) {
        problems.add(entry.getKey() + " is pinned but missing");
      } else if (!sha256Hex(Files.readAllBytes(file)).equals(entry.getValue())) {
        problems.add(
            entry.getKey() + " does not match its pinned SHA-256: golden files never change");
      }
    }
    for (String file : listFiles(directory)) {
      if (!file.equals(SUMS) && !pinned.containsKey(file)) {
        problems.add(file + " is not pinned in " + SUMS);
      }
    }
  }

  private static void checkVector(
      Path directory, TreeMap<String, String> pinned, Vector vector, List<String> problems)
      throws IOException {
    if (vector.sample() == null) {
      problems.add(vector.label() + " has no sample value");
      return;
    }
    if (!pinned.containsKey(vector.fileName())
        || !Files.isRegularFile(directory.resolve(vector.fileName()))) {
      problems.add(vector.label() + " has no pinned golden file " + vector.fileName());
      return;
    }
    Bytes golden = readHex(directory.resolve(vector.fileName()));
    Bytes encoded = encode(vector.codec(), vector.sample());
    if (!encoded.equals(golden)) {
      problems.add(
          vector.label()
              + ": the sample encodes to other bytes than "
              + vector.fileName()
              + " (a changed encoding needs a new codec version)");
    }
    try {
      Object decoded = vector.codec().decode(golden);
      if (!decoded.equals(vector.sample())) {
        problems.add(vector.label() + ": " + vector.fileName() + " decodes to another value");
      }
    } catch (CodecException e) {
      problems.add(
          vector.label() + ": " + vector.fileName() + " no longer decodes: " + e.getMessage());
    }
    checkOlderVersions(directory, pinned, vector, problems);
  }

  /** Files of older versions the codec still reads must still decode. */
  private static void checkOlderVersions(
      Path directory, TreeMap<String, String> pinned, Vector vector, List<String> problems)
      throws IOException {
    for (String file : pinned.keySet()) {
      Matcher matcher = VECTOR_FILE.matcher(file);
      if (!matcher.matches() || !matcher.group(1).equals(vector.name())) {
        continue;
      }
      int version = Integer.parseInt(matcher.group(2));
      if (version != vector.codec().version() && vector.codec().reads(version)) {
        try {
          vector.codec().decode(readHex(directory.resolve(file)));
        } catch (CodecException e) {
          problems.add(vector.name() + " v" + version + ": " + file + " no longer decodes");
        }
      }
    }
  }

  /** Writes the files of vectors that have none and pins them; never touches an existing file. */
  public static List<String> writeMissing(Path directory, List<Vector> vectors) throws IOException {
    List<String> problems = new ArrayList<>();
    TreeMap<String, String> pinned = readSums(directory, problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
    List<String> written = new ArrayList<>();
    for (Vector vector : vectors) {
      Path file = directory.resolve(vector.fileName());
      if (Files.exists(file) || pinned.containsKey(vector.fileName())) {
        continue;
      }
      byte[] content =
          (encode(vector.codec(), vector.sample()).toHex() + "\n")
              .getBytes(StandardCharsets.US_ASCII);
      Files.write(file, content);
      pinned.put(vector.fileName(), sha256Hex(content));
      written.add(vector.fileName());
    }
    StringBuilder sums = new StringBuilder();
    for (Map.Entry<String, String> entry : pinned.entrySet()) {
      sums.append(entry.getValue()).append("  ").append(entry.getKey()).append('\n');
    }
    Files.writeString(directory.resolve(SUMS), sums.toString(), StandardCharsets.US_ASCII);
    return written;
  }

  private static TreeMap<String, String> readSums(Path directory, List<String> problems)
      throws IOException {
    TreeMap<String, String> pinned = new TreeMap<>();
    Path sums = directory.resolve(SUMS);
    if (!Files.exists(sums)) {
      return pinned;
    }
    for (String line : Files.readAllLines(sums, StandardCharsets.US_ASCII)) {
      Matcher matcher = SUM_LINE.matcher(line);
      if (!matcher.matches()) {
        problems.add(SUMS + " has a malformed line: " + line);
      } else if (pinned.put(matcher.group(2), matcher.group(1)) != null) {
        problems.add(SUMS + " pins " + matcher.group(2) + " twice");
      }
    }
    return pinned;
  }

  private static List<String> listFiles(Path directory) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(file -> names.add(file.getFileName().toString()));
    }
    names.sort(null);
    return names;
  }

  private static Bytes readHex(Path file) throws IOException {
    return Bytes.fromHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
  }

  @SuppressWarnings("unchecked")
  public static Bytes encode(Codec<?> codec, Object value) {
    return ((Codec<Object>) codec).encode(value);
  }

  static String sha256Hex(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
