package io.entente.node.consortium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Hash;
import io.entente.core.crypto.SuiteId;
import io.entente.node.auth.AuthLimits;
import io.entente.node.consortium.NodeConfig.ChannelConfig;
import io.entente.node.consortium.NodeConfig.ClientKey;
import io.entente.node.consortium.NodeConfig.Endpoint;
import io.entente.node.consortium.NodeConfig.KeyPaths;
import io.entente.node.consortium.NodeConfig.Peer;
import io.entente.node.consortium.NodeConfig.TrustAnchor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node.json round trip and the loader's errors; no key is generated here. */
class NodeConfigTest {
  @TempDir Path home;

  private static final Hash ONE = Hash.fromHex("11".repeat(32));
  private static final Hash TWO = Hash.fromHex("22".repeat(32));

  private NodeConfig sample() {
    return sample(Optional.empty());
  }

  private NodeConfig sample(Optional<ClientKey> client) {
    Path keys = home.resolve("keys");
    return new NodeConfig(
        home,
        "partner-a-node-1",
        "partner-a",
        SuiteId.GUOMI,
        home.resolve("data"),
        new Endpoint("127.0.0.1", 7404),
        new Endpoint("127.0.0.1", 7405),
        Duration.ofMinutes(30),
        new KeyPaths(
            keys.resolve("password.txt"),
            keys.resolve("tls-key.pem"),
            keys.resolve("tls-cert.pem"),
            keys.resolve("seal-key.pem"),
            keys.resolve("seal-cert.pem"),
            keys.resolve("api-key.pem"),
            keys.resolve("api-cert.pem"),
            client),
        home.resolve("users.json"),
        home.resolve("genesis/governance-state.bin"),
        ONE,
        List.of(
            new TrustAnchor("lead-bank", home.resolve("trust/lead-bank.pem")),
            new TrustAnchor("partner-a", home.resolve("trust/partner-a.pem"))),
        List.of(
            new ChannelConfig(
                "lead-bank--partner-a",
                home.resolve("genesis/lead-bank--partner-a.bin"),
                TWO,
                true,
                List.of(new Peer("lead-bank-node-1", "lead-bank", ONE, "127.0.0.1", 7400)))));
  }

  private Path write(String json) throws IOException {
    return Files.writeString(home.resolve("node.json"), json);
  }

  @Test
  void aConfigurationRoundTripsWithPathsRelativeToItsHome() throws IOException {
    NodeConfig config = sample();
    String json = config.toJson();

    assertThat(json)
        .contains("\"tlsKey\" : \"keys/tls-key.pem\"")
        .contains("\"genesis\" : \"genesis/lead-bank--partner-a.bin\"")
        .doesNotContain(home.toString());
    assertThat(NodeConfig.load(write(json))).isEqualTo(config);
    assertThat(config.p2pPeers()).hasSize(1);
    assertThat(config.p2pPeers().get(0).address().getPort()).isEqualTo(7400);
  }

  @Test
  void theClientKeyAndTheTokenLifetimeRoundTripAndAreOptional() throws IOException {
    Path keys = home.resolve("keys");
    NodeConfig config =
        sample(
            Optional.of(
                new ClientKey(keys.resolve("client-key.pem"), keys.resolve("client-cert.pem"))));
    String json = config.toJson();

    assertThat(json)
        .contains("\"clientKey\" : \"keys/client-key.pem\"")
        .contains("\"clientCertificate\" : \"keys/client-cert.pem\"")
        .contains("\"tokenLifetimeSeconds\" : 1800");
    assertThat(NodeConfig.load(write(json))).isEqualTo(config);

    NodeConfig defaults =
        NodeConfig.load(
            write(sample().toJson().replace(",\n    \"tokenLifetimeSeconds\" : 1800", "")));
    assertThat(defaults.apiTokenLifetime()).isEqualTo(AuthLimits.TOKEN_TTL_DEFAULT);
    assertThat(defaults.keys().client()).isEmpty();
    assertThat(defaults.clientCertificate()).isEmpty();

    assertLoadFails(
        json.replace("\"clientKey\" : \"keys/client-key.pem\",", ""),
        "node.json: keys: give both clientKey and clientCertificate, or neither");
    assertLoadFails(
        json.replace("1800", "86401"),
        "node.json: api.tokenLifetimeSeconds is 86401, it must be 1..86400");
    assertLoadFails(json.replace("1800", "0"), "api.tokenLifetimeSeconds is 0");
  }

  @Test
  void fieldErrorsNameTheFileAndTheFieldPath() throws IOException {
    String json = sample().toJson();
    assertLoadFails(
        json.replace("\"port\" : 7400", "\"port\" : 70000"),
        "node.json: channels[0].peers[0].port is 70000, it must be 1..65535");
    assertLoadFails(
        json.replace("\"usersFile\"", "\"userFile\""), "node.json: usersFile is missing");
    assertLoadFails(
        json.replace("\"dataDirectory\"", "\"extra\" : 1,\n  \"dataDirectory\""),
        "node.json: extra is not a known field");
    assertLoadFails(
        json.replace("\"suite\" : \"guomi\"", "\"suite\" : \"rsa\""), "unknown crypto suite 'rsa'");
    assertLoadFails(
        json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"),
        "formatVersion 2 is not supported");
    assertLoadFails(
        json.replace("2".repeat(64), "zz"), "channels[0].genesisHash must be 64 lower-case hex");
    assertLoadFails(json.replace("{", "["), "is not valid JSON");
    assertLoadFails(
        json.replace("\"lead-bank-node-1\"", "\"partner-a-node-1\""),
        "channel lead-bank--partner-a peer partner-a-node-1 is this node itself");
    assertLoadFails(
        json.replaceFirst(
            "\"institution\" : \"lead-bank\",(\\s*)\"certificate\"",
            "\"institution\" : \"other\",$1\"certificate\""),
        "belongs to lead-bank, which has no trusted member CA");
  }

  @Test
  void validateNamesAMissingFile() throws IOException {
    NodeConfig config = NodeConfig.load(write(sample().toJson()));
    assertThatThrownBy(() -> config.validate(0))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("password.txt named in the node configuration does not exist");
  }

  private void assertLoadFails(String json, String message) throws IOException {
    Path file = write(json);
    assertThatThrownBy(() -> NodeConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
