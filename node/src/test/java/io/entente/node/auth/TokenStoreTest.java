package io.entente.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.node.TestClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
  private final SecureRandom random = new SecureRandom();
  private final TokenStore store = new TokenStore(clock, random, Duration.ofMinutes(30));
  private final User alice = user("alice");

  private User user(String name) {
    return new User(
        name,
        "bank-a",
        EnumSet.of(Role.SUBMITTER),
        PasswordHash.create("pw".toCharArray(), random, AuthLimits.PBKDF2_ITERATIONS_MIN));
  }

  @Test
  void aTokenIsRandomPrefixedAndValidUntilItExpires() {
    IssuedToken issued = store.issue(alice);

    assertThat(issued.token())
        .startsWith(TokenStore.PREFIX)
        .hasSize(TokenStore.PREFIX.length() + 43);
    assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(store.authenticate(issued.token()).orElseThrow().username()).isEqualTo("alice");
    assertThat(store.issue(alice).token()).isNotEqualTo(issued.token());

    clock.advance(Duration.ofMinutes(30).minusNanos(1));
    assertThat(store.authenticate(issued.token())).isPresent();
    clock.advance(Duration.ofNanos(1));
    assertThat(store.authenticate(issued.token())).isEmpty();
  }

  @Test
  void rotationIssuesANewTokenAndGivesTheOldOneAGracePeriod() {
    IssuedToken old = store.issue(alice);

    IssuedToken fresh = store.rotate(old.token()).orElseThrow();

    assertThat(store.authenticate(fresh.token())).isPresent();
    assertThat(store.authenticate(old.token()).orElseThrow().tokenExpiresAt())
        .isEqualTo(clock.instant().plus(AuthLimits.ROTATION_GRACE));
    assertThat(store.rotate(old.token())).as("rotated twice").isEmpty();
    clock.advance(AuthLimits.ROTATION_GRACE);
    assertThat(store.authenticate(old.token())).isEmpty();
    assertThat(store.authenticate(fresh.token())).isPresent();
  }

  @Test
  void graceNeverExtendsAToken() {
    IssuedToken old = store.issue(alice);
    clock.advance(Duration.ofMinutes(30).minusSeconds(10));

    store.rotate(old.token()).orElseThrow();

    assertThat(store.authenticate(old.token()).orElseThrow().tokenExpiresAt())
        .isEqualTo(old.expiresAt());
  }

  @Test
  void revokingEndsATokenAtOnce() {
    IssuedToken first = store.issue(alice);
    IssuedToken second = store.issue(alice);

    assertThat(store.revoke(first.token())).isTrue();
    assertThat(store.authenticate(first.token())).isEmpty();
    assertThat(store.revokeAll("alice")).isEqualTo(1);
    assertThat(store.authenticate(second.token())).isEmpty();
  }

  @Test
  void eachUserHoldsABoundedNumberOfTokens() {
    List<IssuedToken> issued = new ArrayList<>();
    for (int i = 0; i < AuthLimits.TOKENS_PER_USER_MAX + 3; i++) {
      issued.add(store.issue(alice));
    }
    IssuedToken bobs = store.issue(user("bob"));

    assertThat(store.size()).isEqualTo(AuthLimits.TOKENS_PER_USER_MAX + 1);
    assertThat(store.authenticate(issued.get(0).token())).as("oldest dropped").isEmpty();
    assertThat(store.authenticate(issued.get(issued.size() - 1).token())).isPresent();
    assertThat(store.authenticate(bobs.token())).isPresent();
  }

  @Test
  void garbageIsNoToken() {
    store.issue(alice);
    assertThat(store.authenticate("")).isEmpty();
    assertThat(store.authenticate("ent1_")).isEmpty();
    assertThat(store.authenticate("something else")).isEmpty();
  }

  @Test
  void theLifetimeIsBounded() {
    assertThatThrownBy(() -> new TokenStore(clock, random, AuthLimits.TOKEN_TTL_MAX.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
