package io.entente.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureRoundTripTest {
  private static final Bytes MESSAGE = Bytes.of("transfer 100.00".getBytes(StandardCharsets.UTF_8));

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aSignatureVerifiesOnlyForItsKeyAndMessage(SuiteId id) {
    CryptoSuite suite = CryptoSuite.of(id);
    SecureRandom random = new SecureRandom(new byte[] {1});
    KeyPair keys = suite.generateKeyPair(random);
    KeyPair other = suite.generateKeyPair(random);
    Signature signature = suite.signer(keys.privateKey()).sign(MESSAGE);

    assertThat(suite.verify(keys.publicKey(), MESSAGE, signature).isAccepted()).isTrue();
    assertThat(suite.verify(other.publicKey(), MESSAGE, signature))
        .isInstanceOfSatisfying(
            Check.Rejected.class, r -> assertThat(r.reason()).isEqualTo("signature-invalid"));
    Bytes altered = Bytes.of("transfer 900.00".getBytes(StandardCharsets.UTF_8));
    assertThat(suite.verify(keys.publicKey(), altered, signature))
        .isInstanceOfSatisfying(
            Check.Rejected.class, r -> assertThat(r.reason()).isEqualTo("signature-invalid"));
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void signingIsDeterministic(SuiteId id) {
    CryptoSuite suite = CryptoSuite.of(id);
    KeyPair keys = suite.generateKeyPair(new SecureRandom(new byte[] {2}));
    assertThat(suite.sign(keys.privateKey(), MESSAGE))
        .isEqualTo(suite.sign(keys.privateKey(), MESSAGE));
  }
}
