package io.entente.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.CoreLimits;
import io.entente.core.crypto.SuiteId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aCertificateSurvivesPemRoundTrip(SuiteId suite) {
    PkiFixture fixture = new PkiFixture(suite);
    Issuer ca = fixture.selfSignedCa("CN=Bank A CA,O=Bank A");
    Certificate node = fixture.leaf(ca, "CN=node-1,O=Bank A", CertificateProfile.NODE);

    String pem = Pem.encode(node);

    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(pem.lines().skip(1).filter(line -> !line.startsWith("-----")))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    assertThat(Pem.decode(pem)).isEqualTo(node);
    assertThat(Pem.decode(pem).id(suite)).isEqualTo(node.id(suite));
    assertThat(Pem.encode(Pem.decode(pem))).isEqualTo(pem);
  }

  @Test
  void crlfLineEndsAndSurroundingTextAreAccepted() {
    PkiFixture fixture = new PkiFixture(SuiteId.STANDARD);
    Certificate ca = fixture.selfSignedCa("CN=Bank A CA,O=Bank A").certificate();
    String windows = "Bank A member CA\r\n" + Pem.encode(ca).replace("\n", "\r\n");

    assertThat(Pem.decode(windows)).isEqualTo(ca);
  }

  @Test
  void anythingButOneCertificateBlockIsRefusedWithAReason() {
    PkiFixture fixture = new PkiFixture(SuiteId.STANDARD);
    String pem = Pem.encode(fixture.selfSignedCa("CN=Bank A CA,O=Bank A").certificate());

    assertThatThrownBy(() -> Pem.decode("hello")).hasMessageContaining("no PEM block");
    assertThatThrownBy(() -> Pem.decode(pem + pem)).hasMessageContaining("found more");
    assertThatThrownBy(() -> Pem.decode(pem.replace("CERTIFICATE", "PRIVATE KEY")))
        .isInstanceOf(CertificateFormatException.class)
        .hasMessageContaining("found \"PRIVATE KEY\"");
    assertThatThrownBy(
            () -> Pem.decode("-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(CertificateFormatException.class)
        .hasMessageContaining("not an X.509 certificate");
    assertThatThrownBy(() -> Pem.decode("x".repeat(CoreLimits.CERTIFICATE_PEM_CHARS_MAX + 1)))
        .hasMessageContaining("more than the limit");
  }
}
