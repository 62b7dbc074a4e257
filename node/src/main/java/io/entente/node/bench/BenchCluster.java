package io.entente.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.Pem;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.keys.KeyFiles;
import io.entente.node.keys.PasswordSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A throw-away consortium on loopback: a lead bank and one partner with {@code nodesPerOrg} nodes
 * each, written to {@code folder} with fast key files, and one node process per node.
 */
final class BenchCluster implements AutoCloseable {
  static final String LEAD = "bench-lead";
  static final String PARTNER = "bench-partner";
  static final String CHANNEL = LEAD + "--" + PARTNER;
  private static final String HOST = "127.0.0.1";
  private static final int PORT_SEARCH_ATTEMPTS = 50;

  private final BenchSettings settings;
  private final Path consortium;
  private final List<NodeProcess> nodes = new ArrayList<>();

  BenchCluster(BenchSettings settings, Path folder) {
    this.settings = settings;
    this.consortium = folder.resolve("consortium");
  }

  /** Writes the consortium and starts every node, waiting until all are ready. */
  void start(Path logs) throws IOException, InterruptedException {
    int ports = 2 * settings.nodes();
    ConsortiumWriter.write(
        new ConsortiumSpec(
                LEAD,
                List.of(PARTNER),
                settings.nodesPerOrg(),
                settings.suite(),
                freePortBlock(ports),
                HOST)
            .withKeyIterations(BenchLimits.KEY_ITERATIONS),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    Files.createDirectories(logs);
    if (settings.jfr() != null) {
      Files.createDirectories(settings.jfr());
    }
    for (String institution : List.of(LEAD, PARTNER)) {
      for (int n = 1; n <= settings.nodesPerOrg(); n++) {
        Path home = consortium.resolve(institution).resolve(Layout.nodeFolder(n));
        String nodeId = institution + "-node-" + n;
        nodes.add(new NodeProcess(nodeId, home, logs, settings.nodeJvmOptions(nodeId)));
      }
    }
    for (NodeProcess node : nodes) {
      node.start();
    }
    for (NodeProcess node : nodes) {
      node.awaitReady();
    }
  }

  List<NodeProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** An institution's client key and certificate, as its gateway signs. */
  io.entente.node.traffic.ColendingTraffic.Bank bank(String institution) throws IOException {
    Path admin = consortium.resolve(institution).resolve(Layout.ADMIN_DIR);
    Certificate certificate =
        Pem.decode(Files.readString(admin.resolve(Layout.CLIENT_CERTIFICATE)));
    return new io.entente.node.traffic.ColendingTraffic.Bank(
        institution,
        KeyFiles.loadSigner(
            admin.resolve(Layout.CLIENT_KEY),
            settings.suite(),
            PasswordSource.file(admin.resolve(Layout.PASSWORD_FILE))),
        certificate.id(settings.suite()));
  }

  CryptoSuite suite() {
    return CryptoSuite.of(settings.suite());
  }

  /** Each node's API, logged in as its institution's gateway user, by institution. */
  java.util.Map<String, List<BenchApi>> apis() throws IOException, InterruptedException {
    java.util.Map<String, List<BenchApi>> apis = new java.util.TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    for (NodeProcess node : nodes) {
      String institution = node.nodeId().startsWith(LEAD) ? LEAD : PARTNER;
      Path folder = consortium.resolve(institution);
      JsonNode config = json.readTree(node.home().resolve(Layout.NODE_CONFIG).toFile());
      Properties credentials = new Properties();
      try (var reader = Files.newBufferedReader(folder.resolve(Layout.ADMIN_CREDENTIALS))) {
        credentials.load(reader);
      }
      try {
        BenchApi api =
            new BenchApi(
                folder.resolve(Layout.API_CA_DIR).resolve(Layout.API_CA_CERTIFICATE),
                HOST,
                config.get("api").get("port").asInt());
        api.login("gateway", credentials.getProperty("gateway.password"));
        apis.computeIfAbsent(institution, i -> new ArrayList<>()).add(api);
      } catch (GeneralSecurityException e) {
        throw new IOException("the API's TLS trust for " + node.nodeId() + ": " + e, e);
      }
    }
    return apis;
  }

  /** A base port with {@code count} free loopback ports from it on, checked by binding each. */
  static int freePortBlock(int count) throws IOException {
    for (int attempt = 0; attempt < PORT_SEARCH_ATTEMPTS; attempt++) {
      int base;
      try (ServerSocket probe = new ServerSocket(0)) {
        base = probe.getLocalPort();
      }
      if (base + count <= 65_000 && allFree(base, count)) {
        return base;
      }
    }
    throw new IOException("no block of " + count + " free loopback ports found");
  }

  private static boolean allFree(int base, int count) {
    for (int port = base; port < base + count; port++) {
      try (ServerSocket socket = new ServerSocket(port)) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  /** Stops every node: SIGTERM, then SIGKILL after the deadline. */
  @Override
  public void close() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }
}
