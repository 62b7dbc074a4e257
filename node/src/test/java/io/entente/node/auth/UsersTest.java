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
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$1000$AAAA$AAAA"))
        .hasMessageContaining("salt");
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
    Files.writeString(file, Users.toJson(List.of(alice)));

    Users users = Users.read(file, random);

    assertThat(users.size()).isEqualTo(1);
    assertThat(users.authenticate("alice", "pw".toCharArray())).isPresent();
    assertThat(users.authenticate("alice", "wrong".toCharArray())).isEmpty();
    assertThat(users.authenticate("nobody", "pw".toCharArray())).isEmpty();
    assertThat(users.find("alice").orElseThrow().roles())
        .containsExactlyInAnyOrder(Role.SUBMITTER, Role.VIEWER);
    assertThat(Files.readString(file)).doesNotContain("\"pw\"");
  }

  @Test
  void aBadUsersFileIsRefusedWithAClearMessage() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"users\":[{\"username\":\"a\",\"institution\":\"b\","
                        + "\"roles\":[\"king\"],\"passwordHash\":\"x\"}]}"))
        .hasMessageContaining("unknown role 'king'");
    assertThatThrownBy(() -> parse("{\"users\":[],\"extra\":1}")).hasMessageContaining("extra");
    assertThatThrownBy(() -> parse("{\"people\":[]}")).hasMessageContaining("people");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"users\":[{\"username\":\"bad name\",\"institution\":\"b\","
                        + "\"roles\":[\"viewer\"],\"passwordHash\":\""
                        + PasswordHash.create("x".toCharArray(), random, 1).text()
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
    return Users.parse(json.getBytes(StandardCharsets.UTF_8), "test users", random);
  }
}
