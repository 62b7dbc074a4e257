package io.entente.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.Pem;
import io.entente.node.TestClock;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.keys.KeyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API started from what {@code entente init} wrote: a consortium of bank-a (the {@link
 * FakeBackend}'s institution) and bank-b, one node each, with cheap key iterations. The client
 * trusts the institution's API CA and checks the host name, as a bank's core system would.
 */
class ApiServerFromConfigTest {
  @TempDir static Path temp;

  private static Path consortium;
  private final TestClock clock = new TestClock(Instant.now());

  @BeforeAll
  static void init() throws IOException {
    consortium = temp.resolve("consortium");
    ConsortiumSpec spec =
        new ConsortiumSpec(
            FakeBackend.INSTITUTION,
            List.of("bank-b"),
            1,
            SuiteId.STANDARD,
            7400,
            "127.0.0.1",
            KeyFiles.PBKDF2_ITERATIONS_MIN);
    ConsortiumWriter.write(spec, consortium, false, Clock.systemUTC(), new SecureRandom());
  }

  private static NodeConfig config(String institution) {
    return NodeConfig.load(
        consortium.resolve(institution).resolve("node-1").resolve(Layout.NODE_CONFIG));
  }

  @Test
  void servesHealthAndLogsTheGatewayInOnAnEphemeralPort() throws Exception {
    NodeConfig config = config(FakeBackend.INSTITUTION);
    Properties credentials = credentials(FakeBackend.INSTITUTION);

    try (ApiServer server =
        ApiServer.fromConfig(
            config,
            new ApiServer.Settings("127.0.0.1", 0),
            FakeBackend.withChannel(),
            NodeMetrics.create(),
            clock)) {
      HttpClient client = client(FakeBackend.INSTITUTION);
      String base = "https://127.0.0.1:" + server.port();

      HttpResponse<String> live =
          send(client, HttpRequest.newBuilder(URI.create(base + "/health/live")));
      assertThat(live.statusCode()).isEqualTo(200);

      HttpResponse<String> login =
          send(
              client,
              HttpRequest.newBuilder(URI.create(base + "/v1/auth/tokens"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\"gateway\",\"password\":\""
                              + credentials.getProperty("gateway.password")
                              + "\"}")));
      assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
      JsonNode token = Json.MAPPER.readTree(login.body());
      assertThat(token.get("expiresInSeconds").asLong())
          .isEqualTo(config.apiTokenLifetime().toSeconds());

      HttpResponse<String> status =
          send(
              client,
              HttpRequest.newBuilder(URI.create(base + "/v1/status"))
                  .header("Authorization", "Bearer " + token.get("token").asText()));
      assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(status.body()).get("institution").asText())
          .isEqualTo(FakeBackend.INSTITUTION);
    }
  }

  @Test
  void theConfiguredEndpointAndTokenLifetimeAreThoseInitWrote() {
    NodeConfig config = config(FakeBackend.INSTITUTION);
    assertThat(config.api()).isEqualTo(new NodeConfig.Endpoint("127.0.0.1", 7401));
    assertThat(config.apiTokenLifetime()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void theRequestSignerIsTheInstitutionsClientKeyFromTheNodeHome() throws IOException {
    NodeConfig config = config(FakeBackend.INSTITUTION);
    Certificate client =
        Pem.decode(
            Files.readString(
                consortium.resolve(FakeBackend.INSTITUTION).resolve("admin/client-cert.pem")));

    RequestSigner signer = RequestSigner.fromConfig(config).orElseThrow();

    assertThat(signer.submitterCertificateId()).isEqualTo(client.id(SuiteId.STANDARD));
    assertThat(signer.signer().publicKey())
        .isEqualTo(client.publicKey(SuiteId.STANDARD).orElseThrow());

    NodeConfig.KeyPaths keys = config.keys();
    NodeConfig withoutClient =
        new NodeConfig(
            config.home(),
            config.nodeId(),
            config.institution(),
            config.suite(),
            config.dataDirectory(),
            config.p2p(),
            config.api(),
            config.apiTokenLifetime(),
            new NodeConfig.KeyPaths(
                keys.passwordFile(),
                keys.tlsKey(),
                keys.tlsCertificate(),
                keys.sealKey(),
                keys.sealCertificate(),
                keys.apiKey(),
                keys.apiCertificate()),
            config.usersFile(),
            config.governanceState(),
            config.governanceStateHash(),
            config.trust(),
            config.channels());
    assertThat(RequestSigner.fromConfig(withoutClient)).isEqualTo(Optional.empty());

    Certificate other =
        Pem.decode(Files.readString(consortium.resolve("bank-b").resolve("admin/client-cert.pem")));
    assertThatThrownBy(() -> RequestSigner.of(other, signer.signer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not certify the client key");
  }

  @Test
  void aNodeConfigOfAnotherInstitutionThanTheBackendIsRefused() {
    NodeConfig partner = config("bank-b");
    assertThatThrownBy(
            () ->
                ApiServer.fromConfig(
                    partner,
                    new ApiServer.Settings("127.0.0.1", 0),
                    FakeBackend.withChannel(),
                    NodeMetrics.create(),
                    clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "the backend serves bank-a (standard), but the node configuration is of bank-b");
  }

  // -------------------------------------------------------------------------------------------

  private static Properties credentials(String institution) throws IOException {
    Properties properties = new Properties();
    try (var reader =
        Files.newBufferedReader(
            consortium.resolve(institution).resolve(Layout.ADMIN_CREDENTIALS))) {
      properties.load(reader);
    }
    return properties;
  }

  /** A client trusting only {@code institution}'s API CA, with host name checks on. */
  private static HttpClient client(String institution) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    Path apiCa =
        consortium
            .resolve(institution)
            .resolve(Layout.API_CA_DIR)
            .resolve(Layout.API_CA_CERTIFICATE);
    try (InputStream in = Files.newInputStream(apiCa)) {
      trust.setCertificateEntry(
          "api-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), new SecureRandom());
    return HttpClient.newBuilder()
        .sslContext(context)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
      throws Exception {
    return client.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
