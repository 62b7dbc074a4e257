package io.entente.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document cannot drift: the served document is the committed copy byte for byte, and
 * its operations are exactly the server's routes.
 */
class OpenApiDocumentTest {
  /** The committed copy, relative to this module (Surefire runs in the module directory). */
  private static final Path COMMITTED = Path.of("..", "docs", "openapi.yaml");

  private ApiHarness api;

  @BeforeEach
  void start() throws Exception {
    api = ApiHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  private static Path committed() {
    String basedir = System.getProperty("basedir");
    return basedir == null ? COMMITTED : Path.of(basedir).resolve(COMMITTED);
  }

  @Test
  void theServedDocumentIsTheCommittedCopy() throws Exception {
    HttpResponse<byte[]> response =
        api.client.send(
            java.net.http.HttpRequest.newBuilder(api.uri("/v1/openapi.yaml")).build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/yaml");
    assertThat(response.body())
        .as("docs/openapi.yaml must equal node/src/main/resources" + ApiServer.OPENAPI_RESOURCE)
        .isEqualTo(Files.readAllBytes(committed()));
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() throws Exception {
    JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(ApiServer.openApiDocument());
    assertThat(document.get("openapi").asText()).startsWith("3.1");

    TreeSet<String> documented = new TreeSet<>();
    document
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    TreeSet<String> served = new TreeSet<>();
    for (ApiServer.RouteInfo route : api.server.routes()) {
      served.add(route.method() + " " + route.template());
    }

    assertThat(documented).isEqualTo(served);
  }

  @Test
  void everyOperationDocumentsItsProblems() throws Exception {
    JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(ApiServer.openApiDocument());
    document
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        operation -> {
                          JsonNode responses = operation.getValue().get("responses");
                          assertThat(responses)
                              .as(operation.getKey() + " " + path.getKey())
                              .isNotNull();
                          assertThat(operation.getValue().get("operationId")).isNotNull();
                        }));
  }
}
