package io.entente.node.auth;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The users of this institution's nodes, read from a users file (format version {@value
 * #FORMAT_VERSION}):
 *
 * <pre>{@code
 * {
 *   "formatVersion" : 1,
 *   "institution" : "lead-bank",
 *   "users" : [
 *     {"username" : "admin", "roles" : ["admin", "viewer"],
 *      "passwordHash" : "pbkdf2-sha256$600000$<salt base64>$<hash base64>"},
 *     {"username" : "gateway", "roles" : ["submitter", "viewer"], "passwordHash" : "…"}
 *   ]
 * }
 * }</pre>
 *
 * <p>Every user of a file belongs to its one institution. The file holds password hashes only
 * ({@link PasswordHash#text()}), never passwords. {@link #toJson} writes this format ({@code
 * entente init} writes each node's file with it) and {@link #read} reads it strictly: an unknown
 * field or role, another format version or another institution than the node's is refused.
 */
public final class Users {
  /** The version of the users file format this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  /**
   * A password hash that never matches, checked for unknown usernames so that a login with an
   * unknown name costs as much as one with a wrong password.
   */
  private final PasswordHash decoy;

  private final TreeMap<String, User> byName;

  private Users(TreeMap<String, User> byName, PasswordHash decoy) {
    this.byName = byName;
    this.decoy = decoy;
  }

  public static Users of(Collection<User> users, SecureRandom random) {
    if (users.size() > AuthLimits.USERS_MAX) {
      throw new IllegalArgumentException(
          users.size() + " users; a node takes at most " + AuthLimits.USERS_MAX);
    }
    TreeMap<String, User> byName = new TreeMap<>();
    // The decoy costs as much as the dearest real hash.
    int iterations =
        users.isEmpty() ? AuthLimits.PBKDF2_ITERATIONS : AuthLimits.PBKDF2_ITERATIONS_MIN;
    for (User user : users) {
      if (byName.put(user.username(), user) != null) {
        throw new IllegalArgumentException("user " + user.username() + " is listed twice");
      }
      iterations = Math.max(iterations, user.password().iterations());
    }
    char[] unguessable = new char[32];
    for (int i = 0; i < unguessable.length; i++) {
      unguessable[i] = (char) ('a' + random.nextInt(26));
    }
    return new Users(byName, PasswordHash.create(unguessable, random, iterations));
  }

  /**
   * Reads the users file of a node of {@code institution}.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it, including a file of
   *     another institution
   */
  public static Users read(Path file, String institution, SecureRandom random) {
    byte[] content;
    try {
      long size = Files.size(file);
      if (size > AuthLimits.USERS_FILE_BYTES_MAX) {
        throw new IllegalArgumentException(
            "users file "
                + file
                + " is "
                + size
                + " bytes, over "
                + AuthLimits.USERS_FILE_BYTES_MAX);
      }
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("users file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read users file " + file + ": " + e, e);
    }
    return parse(content, "users file " + file, institution, random);
  }

  static Users parse(byte[] content, String source, String institution, SecureRandom random) {
    UsersFile parsed;
    try {
      parsed = JSON.readValue(content, UsersFile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not valid: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + source + ": " + e, e);
    }
    if (parsed == null || parsed.formatVersion() == null) {
      throw new IllegalArgumentException(source + " has no \"formatVersion\"");
    }
    if (parsed.formatVersion() != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          source
              + ": formatVersion "
              + parsed.formatVersion()
              + " is not supported; this build reads version "
              + FORMAT_VERSION);
    }
    if (parsed.institution() == null || parsed.users() == null) {
      throw new IllegalArgumentException(source + " needs \"institution\" and a \"users\" list");
    }
    if (!parsed.institution().equals(institution)) {
      throw new IllegalArgumentException(
          source
              + " lists users of "
              + parsed.institution()
              + ", but this node belongs to "
              + institution);
    }
    if (parsed.users().size() > AuthLimits.USERS_MAX) {
      throw new IllegalArgumentException(
          source + " lists " + parsed.users().size() + " users, at most " + AuthLimits.USERS_MAX);
    }
    try {
      return of(
          parsed.users().stream().map(entry -> entry.toUser(parsed.institution())).toList(),
          random);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * The text of a users file of {@code institution} listing {@code users}, in the format {@link
   * #read} reads.
   *
   * @throws IllegalArgumentException if a user belongs to another institution, a name is listed
   *     twice or there are more than {@link AuthLimits#USERS_MAX}
   */
  public static String toJson(String institution, Collection<User> users) {
    if (users.size() > AuthLimits.USERS_MAX) {
      throw new IllegalArgumentException(
          users.size() + " users; a node takes at most " + AuthLimits.USERS_MAX);
    }
    TreeMap<String, User> byName = new TreeMap<>();
    List<UserEntry> entries = new ArrayList<>();
    for (User user : users) {
      if (!user.institution().equals(institution)) {
        throw new IllegalArgumentException(
            "user "
                + user.username()
                + " belongs to "
                + user.institution()
                + ", not to "
                + institution
                + " whose users file this is");
      }
      if (byName.put(user.username(), user) != null) {
        throw new IllegalArgumentException("user " + user.username() + " is listed twice");
      }
      entries.add(
          new UserEntry(
              user.username(),
              user.roles().stream().sorted().map(Role::label).toList(),
              user.password().text()));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter()
              .writeValueAsString(new UsersFile(FORMAT_VERSION, institution, entries))
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public Optional<User> find(String username) {
    return Optional.ofNullable(byName.get(username));
  }

  /**
   * The user if {@code password} is theirs. An unknown name costs one hash like a known one, so the
   * time taken does not tell which names exist.
   */
  public Optional<User> authenticate(String username, char[] password) {
    User user = byName.get(username);
    if (user == null) {
      decoy.matches(password);
      return Optional.empty();
    }
    return user.password().matches(password) ? Optional.of(user) : Optional.empty();
  }

  public int size() {
    return byName.size();
  }

  @JsonPropertyOrder({"formatVersion", "institution", "users"})
  record UsersFile(Integer formatVersion, String institution, List<UserEntry> users) {}

  @JsonPropertyOrder({"username", "roles", "passwordHash"})
  record UserEntry(String username, List<String> roles, String passwordHash) {
    User toUser(String institution) {
      if (roles == null || passwordHash == null) {
        throw new IllegalArgumentException(
            "user " + username + " needs \"roles\" and \"passwordHash\"");
      }
      Set<Role> parsed = EnumSet.noneOf(Role.class);
      for (String role : roles) {
        parsed.add(Role.fromLabel(role));
      }
      if (parsed.isEmpty()) {
        throw new IllegalArgumentException("user " + username + " has no role");
      }
      return new User(username, institution, parsed, PasswordHash.parse(passwordHash));
    }
  }
}
