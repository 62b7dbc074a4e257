package io.entente.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entente.core.crypto.SuiteId;
import io.entente.node.bench.ApiSession;
import io.entente.node.bench.NodeProcess;
import io.entente.node.consortium.ConsortiumLimits;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's consortium on this machine: a lead bank and three partner banks written into the demo
 * home (once), one {@code entente node start} process per node, and API sessions to them.
 */
final class DemoCluster implements AutoCloseable {
  static final String LEAD = ConsortiumLimits.DEFAULT_LEAD;
  static final List<String> PARTNERS = ConsortiumSpec.generatedPartners(3);
  static final String HOST = ConsortiumLimits.DEFAULT_HOST;
  static final String LOGS = "logs";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One bank: its nodes' homes and API ports, and the passwords {@code entente init} wrote. */
  record Bank(String institution, List<Path> nodeHomes, List<Integer> apiPorts, Properties logins) {
    String password(String user) {
      return logins.getProperty(user + ".password", "(see admin-credentials.txt)");
    }

    String dashboard() {
      return "https://" + HOST + ":" + apiPorts.get(0) + "/ui/";
    }
  }

  private final Path home;
  private final Map<String, Bank> banks = new LinkedHashMap<>();
  private final List<NodeProcess> processes = new ArrayList<>();

  private DemoCluster(Path home) {
    this.home = home;
  }

  static List<String> institutions() {
    List<String> all = new ArrayList<>();
    all.add(LEAD);
    all.addAll(PARTNERS);
    return all;
  }

  /** Whether {@code home} already holds a demo consortium. */
  static boolean exists(Path home) {
    return Files.exists(home.resolve(Layout.MANIFEST));
  }

  /**
   * Writes a new consortium into {@code home} (which must be absent or empty), with fast key files
   * and the nodes' ports from {@code basePort} on.
   */
  static void write(Path home, int nodesPerBank, SuiteId suite, int basePort) throws IOException {
    int ports = institutions().size() * nodesPerBank * ConsortiumLimits.PORTS_PER_NODE;
    requireFree(basePort, ports);
    ConsortiumWriter.write(
        new ConsortiumSpec(LEAD, PARTNERS, nodesPerBank, suite, basePort, HOST)
            .withKeyIterations(DemoLimits.KEY_ITERATIONS),
        home,
        false,
        Clock.systemUTC(),
        new SecureRandom());
  }

  /** The consortium in {@code home}, nothing started yet. */
  static DemoCluster open(Path home) throws IOException {
    DemoCluster cluster = new DemoCluster(home);
    for (String institution : institutions()) {
      Path folder = home.resolve(institution);
      List<Path> nodeHomes = new ArrayList<>();
      List<Integer> apiPorts = new ArrayList<>();
      for (int n = 1;
          Files.exists(folder.resolve(Layout.nodeFolder(n)).resolve(Layout.NODE_CONFIG));
          n++) {
        Path nodeHome = folder.resolve(Layout.nodeFolder(n));
        JsonNode config = JSON.readTree(nodeHome.resolve(Layout.NODE_CONFIG).toFile());
        nodeHomes.add(nodeHome);
        apiPorts.add(config.get("api").get("port").asInt());
      }
      if (nodeHomes.isEmpty()) {
        throw new IOException(
            folder
                + " has no node ("
                + Layout.nodeFolder(1)
                + "/"
                + Layout.NODE_CONFIG
                + "): the demo home is damaged; remove "
                + home
                + " to start afresh");
      }
      Properties logins = new Properties();
      try (Reader reader =
          Files.newBufferedReader(
              folder.resolve(Layout.ADMIN_CREDENTIALS), StandardCharsets.UTF_8)) {
        logins.load(reader);
      }
      cluster.banks.put(institution, new Bank(institution, nodeHomes, apiPorts, logins));
    }
    return cluster;
  }

  Map<String, Bank> banks() {
    return banks;
  }

  Bank bank(String institution) {
    return banks.get(institution);
  }

  Path apiCaCertificate(String institution) {
    return home.resolve(institution).resolve(Layout.API_CA_DIR).resolve(Layout.API_CA_CERTIFICATE);
  }

  int nodeCount() {
    return banks.values().stream().mapToInt(bank -> bank.nodeHomes().size()).sum();
  }

  /**
   * Starts every node as its own process (logs in {@code home/logs}) and waits until each is ready;
   * a node that is not names itself and shows its log's tail.
   */
  void start() throws IOException, InterruptedException {
    Path logs = home.resolve(LOGS);
    Files.createDirectories(logs);
    for (Bank bank : banks.values()) {
      for (Path nodeHome : bank.nodeHomes()) {
        String nodeId = bank.institution() + "-" + nodeHome.getFileName();
        processes.add(new NodeProcess(nodeId, nodeHome, logs));
      }
    }
    for (Bank bank : banks.values()) {
      for (int i = 0; i < bank.apiPorts().size(); i++) {
        int port = bank.apiPorts().get(i);
        if (!free(port)) {
          throw new IOException(
              "port "
                  + port
                  + " (the API of "
                  + bank.institution()
                  + " node "
                  + (i + 1)
                  + ") is in use: is another demo on this home still running? Stop it first");
        }
      }
    }
    for (NodeProcess process : processes) {
      process.start();
    }
    for (NodeProcess process : processes) {
      try {
        process.awaitReady();
      } catch (IOException e) {
        throw new IOException(
            "node "
                + process.nodeId()
                + " did not start; its log is "
                + logs.resolve(process.nodeId() + ".log")
                + "\n"
                + e.getMessage(),
            e);
      }
    }
  }

  /** A session to {@code institution}'s first node, logged in as {@code user}. */
  ApiSession session(String institution, String user) throws IOException, InterruptedException {
    Bank bank = banks.get(institution);
    try {
      ApiSession session =
          new ApiSession(apiCaCertificate(institution), HOST, bank.apiPorts().get(0));
      session.login(user, bank.logins().getProperty(user + ".password"));
      return session;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS trust for the API of " + institution + ": " + e, e);
    }
  }

  /**
   * Stops every node at once (each: SIGTERM, a bounded wait, then SIGKILL), so stopping eight nodes
   * takes as long as the slowest, not the sum.
   */
  @Override
  public void close() throws InterruptedException {
    List<Thread> stopping = new ArrayList<>();
    for (NodeProcess process : processes) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  process.close();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "stop-" + process.nodeId());
      thread.start();
      stopping.add(thread);
    }
    for (Thread thread : stopping) {
      thread.join();
    }
    processes.clear();
  }

  private static void requireFree(int basePort, int count) throws IOException {
    for (int port = basePort; port < basePort + count; port++) {
      if (!free(port)) {
        throw new IOException(
            "port "
                + port
                + " is in use; the demo needs "
                + count
                + " free ports from "
                + basePort
                + ": choose others with --base-port");
      }
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
