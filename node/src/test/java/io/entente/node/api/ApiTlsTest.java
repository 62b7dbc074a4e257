package io.entente.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.node.keys.KeyFiles;
import io.entente.node.keys.PasswordSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTlsTest {
  @Test
  void readsAnEncryptedPkcs8KeyAndAPemChain(@TempDir Path directory) throws Exception {
    TestTls tls = TestTls.create();
    Path key = directory.resolve("api.key");
    Path chain = directory.resolve("api.crt");
    KeyFiles.write(
        key, tls.key, "pw".toCharArray(), new SecureRandom(), KeyFiles.PBKDF2_ITERATIONS_MIN);
    Files.writeString(
        chain,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(tls.certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n");

    SSLContext context =
        ApiTls.fromFiles(key, PasswordSource.environment("PW", Map.of("PW", "pw")::get), chain);

    assertThat(context.getProvider().getName()).isEqualTo("SunJSSE");
  }

  @Test
  void refusesAnSm2KeyAndAMismatchedCertificate() throws Exception {
    TestTls tls = TestTls.create();
    var sm2 = CryptoSuite.of(SuiteId.GUOMI).generateKeyPair(new SecureRandom()).privateKey();
    assertThatThrownBy(() -> ApiTls.context(sm2, List.of(tls.certificate)))
        .hasMessageContaining("P-256");
    var other = CryptoSuite.of(SuiteId.STANDARD).generateKeyPair(new SecureRandom()).privateKey();
    assertThatThrownBy(() -> ApiTls.context(other, List.of(tls.certificate)))
        .hasMessageContaining("not for this key");
  }
}
