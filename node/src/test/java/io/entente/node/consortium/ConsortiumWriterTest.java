package io.entente.node.consortium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Validator;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.Role;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.Pem;
import io.entente.core.pki.Purpose;
import io.entente.core.pki.TrustStore;
import io.entente.core.pki.Validation;
import io.entente.node.auth.Permission;
import io.entente.node.auth.User;
import io.entente.node.auth.Users;
import io.entente.node.keys.KeyFiles;
import io.entente.node.p2p.NodeIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A default consortium (lead, three partners, two nodes each) in each suite, written once and then
 * examined: every file, every configuration, every certificate and genesis, and where secrets are.
 * Keys and password hashes get {@link #TEST_ITERATIONS} PBKDF2 iterations, not 600,000, so the
 * class runs in seconds; {@link ConsortiumSpecTest} checks the default.
 */
class ConsortiumWriterTest {
  /** The fewest iterations key files and password hashes accept: tests check files, not cost. */
  static final int TEST_ITERATIONS = KeyFiles.PBKDF2_ITERATIONS_MIN;

  @TempDir static Path temp;

  private static final Map<SuiteId, Path> FOLDERS = new EnumMap<>(SuiteId.class);
  private static final Map<SuiteId, ConsortiumWriter.Result> RESULTS = new EnumMap<>(SuiteId.class);

  @BeforeAll
  static void writeOneConsortiumPerSuite() throws IOException {
    for (SuiteId suite : SuiteId.values()) {
      ConsortiumSpec defaults = ConsortiumSpec.defaults();
      ConsortiumSpec spec =
          new ConsortiumSpec(
              defaults.lead(),
              defaults.partners(),
              defaults.nodesPerOrg(),
              suite,
              defaults.basePort(),
              defaults.host(),
              TEST_ITERATIONS);
      Path folder = temp.resolve(suite.label()).resolve("consortium");
      RESULTS.put(
          suite,
          ConsortiumWriter.write(spec, folder, false, Clock.systemUTC(), new SecureRandom()));
      FOLDERS.put(suite, folder);
    }
  }

  private static Path folder(SuiteId suite) {
    return FOLDERS.get(suite);
  }

  private static NodeConfig config(SuiteId suite, String institution, int node) {
    return NodeConfig.load(
        folder(suite).resolve(institution).resolve("node-" + node).resolve(Layout.NODE_CONFIG));
  }

  private static List<NodeConfig> allConfigs(SuiteId suite) {
    List<NodeConfig> configs = new ArrayList<>();
    for (ConsortiumSpec.NodeSpec node : ConsortiumSpec.defaults().nodes()) {
      configs.add(config(suite, node.institution(), node.number()));
    }
    return configs;
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void everyFileOfTheLayoutIsWritten(SuiteId suite) {
    Path root = folder(suite);
    List<String> expected = new ArrayList<>(List.of(Layout.MANIFEST));
    for (String channel :
        List.of(
            "governance", "lead-bank--partner-a", "lead-bank--partner-b", "lead-bank--partner-c")) {
      expected.add("channels/" + channel + "/genesis.bin");
      expected.add("channels/" + channel + "/genesis.json");
    }
    expected.add("channels/governance/governance-state.bin");
    expected.add("channels/governance/governance-state.json");
    for (String institution : ConsortiumSpec.defaults().institutions()) {
      for (String file :
          List.of(
              "ca/ca-cert.pem",
              "ca/ca-key.pem",
              "ca/password.txt",
              "api-ca/api-ca-cert.pem",
              "api-ca/api-ca-key.pem",
              "api-ca/password.txt",
              "admin/client-cert.pem",
              "admin/client-key.pem",
              "admin/password.txt",
              "admin-credentials.txt")) {
        expected.add(institution + "/" + file);
      }
      for (int node = 1; node <= 2; node++) {
        String home = institution + "/node-" + node + "/";
        for (String file :
            List.of(
                "node.json",
                "users.json",
                "keys/password.txt",
                "keys/tls-key.pem",
                "keys/tls-cert.pem",
                "keys/seal-key.pem",
                "keys/seal-cert.pem",
                "keys/api-key.pem",
                "keys/api-cert.pem",
                "keys/client-key.pem",
                "keys/client-cert.pem",
                "genesis/governance.bin",
                "genesis/governance-state.bin",
                "trust/lead-bank.pem",
                "trust/partner-a.pem",
                "trust/partner-b.pem",
                "trust/partner-c.pem",
                "trust/clients/lead-bank.pem",
                "trust/clients/partner-a.pem",
                "trust/clients/partner-b.pem",
                "trust/clients/partner-c.pem")) {
          expected.add(home + file);
        }
      }
    }
    for (String partner : List.of("partner-a", "partner-b", "partner-c")) {
      for (int node = 1; node <= 2; node++) {
        expected.add("lead-bank/node-" + node + "/genesis/lead-bank--" + partner + ".bin");
        expected.add(partner + "/node-" + node + "/genesis/lead-bank--" + partner + ".bin");
      }
    }

    assertThat(relativeFiles(root)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(root.getParent()).isDirectoryNotContaining("glob:**/.consortium*");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void everyNodeConfigurationLoadsAndValidates(SuiteId suite) {
    long now = System.currentTimeMillis();
    for (NodeConfig config : allConfigs(suite)) {
      config.validate(now);
      assertThat(config.suite()).isEqualTo(suite);
      assertThat(config.home())
          .isEqualTo(
              folder(suite).resolve(config.institution()).resolve(config.home().getFileName()));
      assertThat(config.trust()).hasSize(4);
      assertThat(config.p2pPeers()).isNotEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void eachNodeCertificateIsJudgedAsItsCasInstitution(SuiteId suite) {
    long now = System.currentTimeMillis();
    TrustStore trust = config(suite, "lead-bank", 1).trustStore();
    for (NodeConfig config : allConfigs(suite)) {
      for (Path file : List.of(config.keys().tlsCertificate(), config.keys().sealCertificate())) {
        Validation validation = trust.validate(NodeConfig.readCertificate(file), now, Purpose.NODE);
        assertThat(validation).as(file.toString()).isInstanceOf(Validation.Valid.class);
        assertThat(((Validation.Valid) validation).institutionId()).isEqualTo(config.institution());
      }
      // The API certificate comes from the API CA, which is no member CA.
      Certificate api = NodeConfig.readCertificate(config.keys().apiCertificate());
      assertThat(trust.validate(api, now, Purpose.NODE)).isInstanceOf(Validation.Invalid.class);
      assertThat(api.publicKey(SuiteId.STANDARD)).isPresent();
    }
    Certificate admin = readPem(folder(suite).resolve("partner-b/admin/client-cert.pem"));
    Validation client = trust.validate(admin, now, Purpose.CLIENT);
    assertThat(((Validation.Valid) client).institutionId()).isEqualTo("partner-b");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void genesesDecodeAndHoldTheExpectedValidators(SuiteId suite) throws IOException {
    Path channels = folder(suite).resolve(Layout.CHANNELS_DIR);
    Genesis governance = genesis(channels.resolve("governance/genesis.bin"));
    assertThat(governance.validators().size()).isEqualTo(8);
    assertThat(governance.validators().institutions())
        .containsExactly("lead-bank", "partner-a", "partner-b", "partner-c");
    assertThat(governance.sealFromEveryInstitution()).isFalse();
    assertThat(governance.suite()).isEqualTo(suite);

    GovernanceGenesis state =
        GovernanceGenesis.CODEC.decode(
            Bytes.of(Files.readAllBytes(channels.resolve("governance/governance-state.bin"))));
    assertThat(state.hash()).isEqualTo(RESULTS.get(suite).governanceStateHash());
    assertThat(state.member("lead-bank").orElseThrow().role()).isEqualTo(Role.LEAD);
    assertThat(state.member("partner-c").orElseThrow().role()).isEqualTo(Role.PARTNER);
    assertThat(state.nodes()).hasSize(8);
    assertThat(state.revocations()).isEmpty();

    for (String partner : List.of("partner-a", "partner-b", "partner-c")) {
      String name = "lead-bank--" + partner;
      Genesis bilateral = genesis(channels.resolve(name).resolve("genesis.bin"));
      assertThat(bilateral.channel()).isEqualTo(name);
      assertThat(bilateral.validators().size()).isEqualTo(4);
      assertThat(bilateral.validators().institutions()).containsExactly("lead-bank", partner);
      assertThat(bilateral.sealFromEveryInstitution()).isTrue();
      assertThat(state.channel(name).orElseThrow().genesisHash()).isEqualTo(bilateral.hash());
      List<String> sealKeys = new ArrayList<>();
      for (Validator validator : bilateral.validators().validators()) {
        sealKeys.add(validator.key().encoded().toHex());
      }
      for (String institution : List.of("lead-bank", partner)) {
        for (int node = 1; node <= 2; node++) {
          Certificate seal = readPem(config(suite, institution, node).keys().sealCertificate());
          assertThat(sealKeys).contains(seal.publicKey(suite).orElseThrow().encoded().toHex());
        }
      }
    }
    assertThat(state.channel("governance").orElseThrow().genesisHash())
        .isEqualTo(governance.hash());
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void partnerNodesListOnlyTheirOwnBilateralChannel(SuiteId suite) {
    NodeConfig partner = config(suite, "partner-a", 2);
    assertThat(partner.channels())
        .extracting(NodeConfig.ChannelConfig::name)
        .containsExactly("governance", "lead-bank--partner-a");
    assertThat(partner.channel("lead-bank--partner-a").peers())
        .extracting(NodeConfig.Peer::nodeId)
        .containsExactly("lead-bank-node-1", "lead-bank-node-2", "partner-a-node-1");
    assertThat(partner.channel("governance").peers()).hasSize(7);
    for (NodeConfig.ChannelConfig channel : partner.channels()) {
      List<String> institutions = new ArrayList<>();
      channel.peers().forEach(peer -> institutions.add(peer.institution()));
      assertThat(institutions).isNotEmpty();
      if (!channel.name().equals("governance")) {
        assertThat(institutions).containsOnly("lead-bank", "partner-a");
      }
    }
    assertThat(config(suite, "lead-bank", 1).channels()).hasSize(4);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void secretsAreOnlyInOwnerOnlyFilesAndConfigsHoldOnlyHashes(SuiteId suite) throws IOException {
    Path root = folder(suite);
    List<String> secrets = new ArrayList<>();
    List<Path> secretFiles = new ArrayList<>();
    for (String file : relativeFiles(root)) {
      Path path = root.resolve(file);
      String name = path.getFileName().toString();
      if (name.equals(Layout.PASSWORD_FILE)) {
        secrets.add(Files.readString(path).strip());
        secretFiles.add(path);
      } else if (name.equals(Layout.ADMIN_CREDENTIALS)) {
        secrets.add(credential(path, "admin.password"));
        secrets.add(credential(path, "gateway.password"));
        secretFiles.add(path);
      } else if (name.endsWith("-key.pem") || name.equals(Layout.USERS_FILE)) {
        secretFiles.add(path);
      }
    }
    // Per institution three key passwords and two API passwords; one key password per node.
    assertThat(secrets).hasSize(4 * 3 + 4 * 2 + 8).doesNotHaveDuplicates();
    for (Path file : secretFiles) {
      assertThat(Files.getPosixFilePermissions(file))
          .as(file.toString())
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    for (String file : relativeFiles(root)) {
      Path path = root.resolve(file);
      if (secretFiles.contains(path) && !file.endsWith(Layout.USERS_FILE)) {
        continue;
      }
      String content = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(content).as(file).doesNotContain(secret);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void theNodeLoadsTheUsersFileInitWroteAndTheCredentialsLogIn(SuiteId suite) throws IOException {
    Path root = folder(suite);
    Properties credentials = credentials(root.resolve("partner-a/admin-credentials.txt"));
    NodeConfig config = config(suite, "partner-a", 1);
    SecureRandom random = new SecureRandom();

    Users users = Users.read(config.usersFile(), config.institution(), random);

    assertThat(users.size()).isEqualTo(InitialUser.ALL.size());
    assertThat(credentials.getProperty("institution")).isEqualTo("partner-a");
    assertThat(credentials.getProperty("api"))
        .isEqualTo("https://127.0.0.1:7405/v1 https://127.0.0.1:7407/v1");
    for (InitialUser initial : InitialUser.ALL) {
      String password = credentials.getProperty(initial.username() + ".password");
      User user = users.authenticate(initial.username(), password.toCharArray()).orElseThrow();
      assertThat(user.institution()).isEqualTo("partner-a");
      assertThat(user.roles()).isEqualTo(initial.roles());
      assertThat(user.password().iterations()).isEqualTo(TEST_ITERATIONS);
      assertThat(users.authenticate(initial.username(), (password + "x").toCharArray())).isEmpty();
      assertThat(credentials.getProperty(initial.username() + ".roles"))
          .isEqualTo(initial.roleLabels());
    }
    assertThat(users.find("admin").orElseThrow().roles())
        .containsExactlyInAnyOrder(
            io.entente.node.auth.Role.ADMIN, io.entente.node.auth.Role.VIEWER);
    assertThat(users.find("gateway").orElseThrow().may(Permission.SUBMIT)).isTrue();
    assertThat(users.find("admin").orElseThrow().may(Permission.SUBMIT)).isFalse();
    assertThat(users.find("checker").orElseThrow().may(Permission.APPROVE)).isTrue();
    assertThat(users.find("checker").orElseThrow().may(Permission.SUBMIT)).isFalse();
    assertThat(users.find("operator").orElseThrow().may(Permission.APPROVE)).isFalse();
    // Another institution's password does not open this node, nor its file another node.
    String other =
        credentials(root.resolve("partner-b/admin-credentials.txt")).getProperty("admin.password");
    assertThat(users.authenticate("admin", other.toCharArray())).isEmpty();
    assertThatThrownBy(() -> Users.read(config.usersFile(), "partner-b", random))
        .hasMessageContaining("lists users of partner-a, but this node belongs to partner-b");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void everyNodeHoldsItsInstitutionsClientKeyUnderItsOwnPassword(SuiteId suite) {
    NodeConfig config = config(suite, "partner-b", 2);
    NodeConfig.ClientKey client = config.keys().client().orElseThrow();
    Certificate certificate = config.clientCertificate().orElseThrow();

    assertThat(certificate)
        .isEqualTo(readPem(folder(suite).resolve("partner-b/admin/client-cert.pem")));
    assertThat(client.key().getParent()).isEqualTo(config.keys().passwordFile().getParent());
    assertThat(config.clientSigner().orElseThrow().publicKey())
        .isEqualTo(certificate.publicKey(suite).orElseThrow());
    assertThat(KeyFiles.read(client.key(), config.passwordSource().password()))
        .isEqualTo(
            KeyFiles.read(
                folder(suite).resolve("partner-b/admin/client-key.pem"),
                readLine(folder(suite).resolve("partner-b/admin/password.txt"))));
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void everyNodeKnowsEveryInstitutionsClientCertificateByItsIssuer(SuiteId suite)
      throws IOException {
    NodeConfig config = config(suite, "partner-b", 2);
    var clients = config.clientCertificates(System.currentTimeMillis());
    assertThat(clients.values())
        .extracting(NodeConfig.ClientCertificate::institution)
        .containsExactlyInAnyOrder("lead-bank", "partner-a", "partner-b", "partner-c");
    Certificate leadClient = readPem(folder(suite).resolve("lead-bank/admin/client-cert.pem"));
    assertThat(clients.get(leadClient.id(suite)).institution()).isEqualTo("lead-bank");

    // A node certificate is no client certificate: refused with the file named.
    Path copy = folder(suite).resolve("copy-" + suite);
    copyTree(config.home(), copy);
    Files.copy(
        copy.resolve("keys/tls-cert.pem"),
        copy.resolve("trust/clients/impostor.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    NodeConfig tampered = NodeConfig.load(copy.resolve(Layout.NODE_CONFIG));
    assertThatThrownBy(() -> tampered.clientCertificates(System.currentTimeMillis()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("impostor.pem");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aNodesKeysDecryptWithItsPasswordFileAndMatchItsCertificates(SuiteId suite) {
    NodeConfig config = config(suite, "partner-c", 1);

    NodeIdentity identity = config.nodeIdentity();
    assertThat(identity.key().suite()).isEqualTo(suite);
    assertThat(config.sealSigner().publicKey())
        .isEqualTo(
            NodeConfig.readCertificate(config.keys().sealCertificate())
                .publicKey(suite)
                .orElseThrow());
    char[] password = config.passwordSource().password();
    assertThat(KeyFiles.read(config.keys().apiKey(), password).suite()).isEqualTo(SuiteId.STANDARD);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void theManifestNamesEveryNodeChannelAndHash(SuiteId suite) throws IOException {
    Path root = folder(suite);
    JsonNode manifest = JsonFields.MAPPER.readTree(root.resolve(Layout.MANIFEST).toFile());
    assertThat(manifest.get("suite").asText()).isEqualTo(suite.label());
    assertThat(manifest.get("nodes")).hasSize(8);
    assertThat(manifest.get("nodes").get(2).get("p2p").get("port").asInt()).isEqualTo(7404);
    assertThat(manifest.get("nodes").get(2).get("api").get("port").asInt()).isEqualTo(7405);
    assertThat(manifest.get("channels")).hasSize(4);
    for (ConsortiumWriter.ChannelResult channel : RESULTS.get(suite).channels()) {
      assertThat(manifest.toString()).contains(channel.genesisHash().toHex());
    }
    assertThat(manifest.get("keyIterations").asInt()).isEqualTo(TEST_ITERATIONS);
    assertThat(manifest.get("institutions").get(1).get("apiUsers").toString())
        .isEqualTo(
            "[{\"username\":\"admin\",\"roles\":[\"viewer\",\"admin\"]},"
                + "{\"username\":\"gateway\",\"roles\":[\"viewer\",\"submitter\"]},"
                + "{\"username\":\"operator\",\"roles\":[\"viewer\",\"submitter\"]},"
                + "{\"username\":\"checker\",\"roles\":[\"viewer\",\"approver\"]}]");
    assertThat(manifest.get("governanceState").get("hash").asText())
        .isEqualTo(RESULTS.get(suite).governanceStateHash().toHex());
    CryptoSuite crypto = CryptoSuite.of(suite);
    NodeConfig lead = config(suite, "lead-bank", 1);
    assertThat(manifest.get("nodes").get(0).get("tlsKeyFingerprint").asText())
        .isEqualTo(crypto.fingerprint(lead.nodeIdentity().key().publicKey()).toHex());
  }

  @Test
  void theApiCertificateNamesLoopbackInSubjectAltNameAndIsP256InGuomiToo() throws IOException {
    Certificate api = readPem(config(SuiteId.GUOMI, "lead-bank", 1).keys().apiCertificate());
    assertThat(api.publicKey(SuiteId.STANDARD)).isPresent();
    assertThat(api.publicKey(SuiteId.GUOMI)).isEmpty();
    org.bouncycastle.cert.X509CertificateHolder holder =
        new org.bouncycastle.cert.X509CertificateHolder(api.der().toByteArray());
    org.bouncycastle.asn1.x509.GeneralNames names =
        org.bouncycastle.asn1.x509.GeneralNames.fromExtensions(
            holder.getExtensions(), org.bouncycastle.asn1.x509.Extension.subjectAlternativeName);
    assertThat(names.getNames()).hasSize(2);
    Certificate apiCa = readPem(folder(SuiteId.GUOMI).resolve("lead-bank/api-ca/api-ca-cert.pem"));
    assertThat(api.issuer()).isEqualTo(apiCa.subject());
  }

  // -------------------------------------------------------------------------------------------

  private static Genesis genesis(Path file) throws IOException {
    return Genesis.CODEC.decode(Bytes.of(Files.readAllBytes(file)));
  }

  private static Certificate readPem(Path file) {
    try {
      return Pem.decode(Files.readString(file));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Properties credentials(Path file) throws IOException {
    Properties properties = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }

  private static char[] readLine(Path file) {
    try {
      return Files.readAllLines(file).get(0).toCharArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String credential(Path file, String key) throws IOException {
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1);
      }
    }
    throw new AssertionError(file + " has no " + key);
  }

  static List<String> relativeFiles(Path root) {
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .forEach(file -> files.add(NodeConfigJson.relative(root, file)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    files.sort(null);
    return files;
  }
}
