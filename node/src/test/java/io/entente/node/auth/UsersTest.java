package io.entente.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void aPasswordHashMatchesOnlyItsPassword() {
    PasswordHash hash = PasswordHash.create("secret".toCharArray(), random, 1_000);

    assertThat(hash.matches("secret".toCharArray())).isTrue();
    assertThat(hash.matches("Secret".toCharArray())).isFalse();
    PasswordHash parsed = PasswordHash.parse(hash.text());
    assertThat(parsed.matches("secret".toCharArray())).isTrue();
    assertThat(hash.text()).startsWith("pbkdf2-sha256$1000$").doesNotContain("secret");
    assertThat(hash.toString()).contains("redacted");
  }

  @Test
  void theDefaultWorkFactorIsOwasps() {
    assertThat(AuthLimits.PBKDF2_ITERATIONS).isEqualTo(600_000);
  }

  @Test
  void badHashesAreRefused() {
    assertThatThrownBy(() -> PasswordHash.parse("plaintext")).hasMessageContaining("pbkdf2-sha256");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$99999999$AAAA$AAAA"))
        .hasMessageContaining("iterations must be 1000 to 10000000, got 99999999");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$999$AAAA$AAAA"))
        .hasMessageContaining("iterations must be 1000 to 10000000, got 999");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$+1000$AAAA$AAAA"))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$1000$AAAA$AAAA"))
        .hasMessageContaining("salt");
    assertThatThrownBy(
            () ->
                PasswordHash.create(
                    "x".toCharArray(), random, AuthLimits.PBKDF2_ITERATIONS_MIN - 1))
        .hasMessageContaining("iterations must be 1000");
  }

  @Test
  void hashesWithAndWithoutBase64PaddingBothParse() {
    PasswordHash hash = PasswordHash.create("secret".toCharArray(), random, 1_000);
    String padded = hash.text();
    assertThat(padded).contains("=");
    String unpadded = padded.replace("=", "");

    assertThat(PasswordHash.parse(unpadded).matches("secret".toCharArray())).isTrue();
    assertThat(PasswordHash.parse(unpadded).text()).isEqualTo(padded);
  }

  @Test
  void aUsersFileRoundTripsAndAuthenticates(@TempDir Path directory) throws Exception {
    User alice =
        new User(
            "alice",
            "bank-a",
            EnumSet.of(Role.SUBMITTER, Role.VIEWER),
            PasswordHash.create("pw".toCharArray(), random, 1_000));
    Path file = directory.resolve("users.json");
    Files.writeString(file, Users.toJson("bank-a", List.of(alice)));

    Users users = Users.read(file, "bank-a", random);

    assertThat(users.size()).isEqualTo(1);
    assertThat(users.authenticate("alice", "pw".toCharArray())).isPresent();
    assertThat(users.authenticate("alice", "wrong".toCharArray())).isEmpty();
    assertThat(users.authenticate("nobody", "pw".toCharArray())).isEmpty();
    assertThat(users.find("alice").orElseThrow().roles())
        .containsExactlyInAnyOrder(Role.SUBMITTER, Role.VIEWER);
    assertThat(Files.readString(file))
        .doesNotContain("\"pw\"")
        .startsWith("{\n  \"formatVersion\" : 1,\n  \"institution\" : \"bank-a\",");
    assertThatThrownBy(() -> Users.read(file, "bank-b", random))
        .hasMessageContaining("lists users of bank-a, but this node belongs to bank-b");
    assertThatThrownBy(() -> Users.read(directory.resolve("absent.json"), "bank-a", random))
        .hasMessageContaining("absent.json does not exist");
  }

  @Test
  void aUsersFileHoldsOneInstitutionsUsersOnce() {
    User alice = user("alice", "bank-a");
    assertThatThrownBy(() -> Users.toJson("bank-b", List.of(alice)))
        .hasMessageContaining("user alice belongs to bank-a, not to bank-b");
    assertThatThrownBy(() -> Users.toJson("bank-a", List.of(alice, user("alice", "bank-a"))))
        .hasMessageContaining("user alice is listed twice");
  }

  @Test
  void aBadUsersFileIsRefusedWithAClearMessage() {
    String head = "{\"formatVersion\":1,\"institution\":\"b\",";
    assertThatThrownBy(
            () ->
                parse(
                    head
                        + "\"users\":[{\"username\":\"a\","
                        + "\"roles\":[\"king\"],\"passwordHash\":\"x\"}]}"))
        .hasMessageContaining("unknown role 'king'");
    assertThatThrownBy(() -> parse(head + "\"users\":[],\"extra\":1}"))
        .hasMessageContaining("extra");
    assertThatThrownBy(() -> parse(head + "\"people\":[]}")).hasMessageContaining("people");
    assertThatThrownBy(() -> parse("{\"institution\":\"b\",\"users\":[]}"))
        .hasMessageContaining("no \"formatVersion\"");
    assertThatThrownBy(() -> parse("{\"formatVersion\":2,\"institution\":\"b\",\"users\":[]}"))
        .hasMessageContaining("formatVersion 2 is not supported; this build reads version 1");
    assertThatThrownBy(
            () ->
                parse(
                    head
                        + "\"users\":[{\"username\":\"a\",\"institution\":\"b\","
                        + "\"roles\":[\"viewer\"],\"passwordHash\":\"x\"}]}"))
        .hasMessageContaining("institution");
    assertThatThrownBy(
            () ->
                parse(
                    head
                        + "\"users\":[{\"username\":\"bad name\","
                        + "\"roles\":[\"viewer\"],\"passwordHash\":\""
                        + PasswordHash.create("x".toCharArray(), random, 1_000).text()
                        + "\"}]}"))
        .hasMessageContaining("username");
  }

  @Test
  void rolesGrantTheirPermissionsOnly() {
    assertThat(Role.VIEWER.grants(Permission.READ)).isTrue();
    assertThat(Role.VIEWER.grants(Permission.SUBMIT)).isFalse();
    assertThat(Role.SUBMITTER.grants(Permission.APPROVE)).isFalse();
    assertThat(Role.APPROVER.grants(Permission.SUBMIT)).isFalse();
    assertThat(Role.ADMIN.grants(Permission.MANAGE)).isTrue();
    assertThat(Role.ADMIN.grants(Permission.SUBMIT)).isFalse();
  }

  private Users parse(String json) {
    return Users.parse(json.getBytes(StandardCharsets.UTF_8), "test users", "b", random);
  }

  private User user(String name, String institution) {
    return new User(
        name,
        institution,
        EnumSet.of(Role.VIEWER),
        PasswordHash.create("pw".toCharArray(), random, AuthLimits.PBKDF2_ITERATIONS_MIN));
  }
}
