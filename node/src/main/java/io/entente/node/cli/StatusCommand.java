package io.entente.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entente.node.consortium.ConfigException;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code entente status --home DIR}: a running node's channels, through its HTTPS API. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Prints, per channel of the node whose home is DIR: height, last block time, round,"
          + " validators up and down, connected peers, mempool size and lag. Asks the node's"
          + " HTTPS API (GET /v1/status), trusting the API certificate in the home, as a user of"
          + " the node's institution whose password comes from --credentials (the"
          + " admin-credentials.txt `entente init` wrote: <user>.password=…) or from the"
          + " environment variable ENTENTE_API_PASSWORD.",
      "With --nodes, also each channel's member nodes as the node hears them (session, height"
          + " shown, blocks behind, last seen), its recent round changes and any equivocation"
          + " evidence (GET /v1/channels/{channel}/health).",
      "Exit status: 0 printed, 1 the node could not be asked (the message says why), 2 bad"
          + " arguments."
    })
final class StatusCommand implements Callable<Integer> {
  static final String PASSWORD_VARIABLE = "ENTENTE_API_PASSWORD";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Option(names = "--home", paramLabel = "DIR", required = true, description = "The node's home.")
  Path home;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      defaultValue = "admin",
      description = "API user. Default: ${DEFAULT-VALUE}.")
  String user;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description = "A credentials file with a line <user>.password=….")
  Path credentials;

  @Option(
      names = "--nodes",
      description = "Also print each channel's member nodes, round changes and evidence.")
  boolean nodes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String password;
    try {
      password = password(credentials, user);
    } catch (IllegalArgumentException e) {
      err.println("entente status: " + e.getMessage());
      return 2;
    }
    try {
      NodeConfig config = NodeConfig.load(home.resolve(Layout.NODE_CONFIG));
      HttpClient http = client(config);
      String base = "https://" + config.api().host() + ":" + config.api().port();
      String token = login(http, base, password);
      JsonNode status = get(http, base + "/v1/status", token);
      print(out, config.nodeId(), status);
      if (nodes) {
        for (JsonNode channel : status.path("channels")) {
          String name = channel.path("channel").asText();
          String path =
              "/v1/channels/"
                  + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                  + "/health";
          try {
            printHealth(out, get(http, base + path, token), Instant.now());
          } catch (IOException e) {
            out.printf("%nnodes of %s: not answered (%s)%n", name, e.getMessage());
          }
        }
      }
      return 0;
    } catch (ConfigException | IOException e) {
      err.println("entente status: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      err.println("entente status: " + e);
      return 1;
    }
  }

  /**
   * The API password of {@code user}: the line {@code <user>.password=…} of {@code credentials}
   * when given, else the environment variable {@value #PASSWORD_VARIABLE}. Never an argument: a
   * command line is visible to every user of the machine.
   */
  static String password(Path credentials, String user) {
    if (credentials != null) {
      Properties lines = new Properties();
      try (Reader reader = Files.newBufferedReader(credentials)) {
        lines.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + credentials + ": " + e.getMessage());
      }
      String password = lines.getProperty(user + ".password");
      if (password == null) {
        throw new IllegalArgumentException(credentials + " has no line " + user + ".password=…");
      }
      return password;
    }
    String password = System.getenv(PASSWORD_VARIABLE);
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException(
          "give --credentials FILE or set " + PASSWORD_VARIABLE + " to " + user + "'s password");
    }
    return password;
  }

  /** TLS trusting the node's own API certificate from its home (a pinned certificate). */
  static HttpClient client(NodeConfig config) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "api",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(config.keys().apiCertificate()))));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext tls = SSLContext.getInstance("TLSv1.3");
    tls.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).build();
  }

  private String login(HttpClient http, String base, String password)
      throws IOException, InterruptedException {
    String body =
        JSON.writeValueAsString(
            JSON.createObjectNode().put("username", user).put("password", password));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/auth/tokens"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "login as "
              + user
              + " at "
              + base
              + " failed: "
              + response.statusCode()
              + " "
              + response.body());
    }
    return JSON.readTree(response.body()).get("token").asText();
  }

  private static JsonNode get(HttpClient http, String url, String token)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + url + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  static void print(PrintWriter out, String nodeId, JsonNode status) {
    out.printf(
        "node %s of %s: %s%n",
        nodeId,
        status.path("institution").asText(),
        status.path("ready").asBoolean() ? "ready" : "NOT READY " + status.path("notReadyReasons"));
    out.printf(
        "%-32s %8s %-24s %5s %6s %6s %5s %8s %5s%n",
        "channel", "height", "last block", "round", "up", "down", "peers", "mempool", "lag");
    for (JsonNode channel : status.path("channels")) {
      out.printf(
          "%-32s %8d %-24s %5d %6d %6d %5d %8d %5d%n",
          channel.path("channel").asText(),
          channel.path("height").asLong(),
          channel.hasNonNull("lastBlockTimeMs")
              ? Instant.ofEpochMilli(channel.get("lastBlockTimeMs").asLong()).toString()
              : "-",
          channel.path("round").asInt(),
          channel.path("validatorsUp").asInt(),
          channel.path("validatorsDown").asInt(),
          channel.path("peersConnected").asInt(),
          channel.path("mempoolTransactions").asInt(),
          channel.path("lagBlocks").asLong());
    }
    out.flush();
  }

  /** One channel's member nodes, round changes and evidence (the health answer of the API). */
  static void printHealth(PrintWriter out, JsonNode health, Instant now) {
    out.printf(
        "%nnodes of %s (this node at height %d)%n",
        health.path("channel").asText(), health.path("height").asLong());
    out.printf(
        "%-28s %-20s %-9s %-13s %8s %6s  %s%n",
        "node", "institution", "role", "session", "height", "behind", "last seen");
    for (JsonNode node : health.path("nodes")) {
      boolean self = node.path("self").asBoolean();
      out.printf(
          "%-28s %-20s %-9s %-13s %8s %6s  %s%n",
          node.path("nodeId").asText() + (self ? " (this)" : ""),
          node.path("institution").asText(),
          node.path("validator").asBoolean() ? "validator" : "observer",
          self ? "-" : node.path("connected").asBoolean() ? "connected" : "NOT CONNECTED",
          node.hasNonNull("height") ? node.get("height").asText() : "-",
          node.hasNonNull("height") ? node.path("lagBlocks").asText() : "-",
          self
              ? "-"
              : node.hasNonNull("lastSeenMs")
                  ? Duration.between(Instant.ofEpochMilli(node.get("lastSeenMs").asLong()), now)
                          .toSeconds()
                      + " s ago"
                  : "not heard");
    }
    JsonNode rounds = health.path("roundChanges");
    if (rounds.isEmpty()) {
      out.println("round changes: none since the node started");
    } else {
      out.printf("round changes (%d, newest first):%n", rounds.size());
      for (JsonNode change : rounds) {
        out.printf(
            "  height %d to round %d at %s%n",
            change.path("height").asLong(),
            change.path("round").asInt(),
            Instant.ofEpochMilli(change.path("atMs").asLong()));
      }
    }
    JsonNode evidence = health.path("evidence");
    if (evidence.isEmpty()) {
      out.println("equivocation evidence: none");
    } else {
      out.printf("EQUIVOCATION EVIDENCE: %d%n", evidence.size());
      for (JsonNode found : evidence) {
        out.printf(
            "  %s (validator %s) signed two %s at height %d round %d%n",
            found.path("nodeId").asText("unknown node"),
            found.path("validator").asText(),
            found.path("messageType").asText(),
            found.path("height").asLong(),
            found.path("round").asInt());
      }
    }
    out.flush();
  }
}
