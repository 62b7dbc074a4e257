package io.entente.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.node.consortium.ConfigException;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.consortium.OrganizationBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code entente governance}: proposals and votes through a node's HTTPS API ({@code
 * /v1/governance/...}), as a user of the node's institution (docs/governance.md, "A new institution
 * joins").
 */
@Command(
    name = "governance",
    mixinStandardHelpOptions = true,
    description = "Consortium governance through a node's API: propose, vote, list.",
    subcommands = {
      GovernanceCommand.ProposeAdmit.class,
      GovernanceCommand.ProposeRemove.class,
      GovernanceCommand.ProposeRevoke.class,
      GovernanceCommand.ProposeRegister.class,
      GovernanceCommand.Vote.class,
      GovernanceCommand.ListProposals.class
    })
final class GovernanceCommand implements Runnable {
  static final int DONE = 0;
  static final int FAILED = 1;
  static final int BAD_ARGUMENTS = 2;
  static final int PENDING = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The node's commit wait (30 s) and some room. */
  private static final Duration TIMEOUT = Duration.ofSeconds(45);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the node is and who asks: shared by every subcommand. */
  static final class Connection {
    @Option(
        names = "--home",
        paramLabel = "DIR",
        required = true,
        description = "The home of a node of your institution (its node.json names the API).")
    Path home;

    @Option(
        names = "--user",
        paramLabel = "NAME",
        defaultValue = "admin",
        description =
            "API user; proposing and voting need the admin role. Default: ${DEFAULT-VALUE}.")
    String user;

    @Option(
        names = "--credentials",
        paramLabel = "FILE",
        description =
            "A credentials file with a line <user>.password=… (else ENTENTE_API_PASSWORD).")
    Path credentials;
  }

  /** A logged-in session with one node. */
  private record Session(HttpClient http, String base, String token) {
    static Session open(Connection connection) throws Exception {
      String password = StatusCommand.password(connection.credentials, connection.user);
      NodeConfig config = NodeConfig.load(connection.home.resolve(Layout.NODE_CONFIG));
      HttpClient http = StatusCommand.client(config);
      String base = "https://" + config.api().host() + ":" + config.api().port();
      ObjectNode login =
          JSON.createObjectNode().put("username", connection.user).put("password", password);
      HttpResponse<String> response =
          http.send(
              request(base + "/v1/auth/tokens", null)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(login.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IOException(
            "login as " + connection.user + " at " + base + " failed: " + problem(response));
      }
      return new Session(http, base, JSON.readTree(response.body()).get("token").asText());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
      HttpResponse<String> response =
          http.send(
              request(base + path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + path + ": " + problem(response));
      }
      return JSON.readTree(response.body());
    }

    /** Posts and waits for the commit, with a new idempotency key (one per command run). */
    JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
      HttpResponse<String> response =
          http.send(
              request(base + path + "?wait=commit", token)
                  .header("Content-Type", "application/json")
                  .header("Idempotency-Key", UUID.randomUUID().toString())
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 202) {
        throw new Pending(JSON.readTree(response.body()).path("txId").asText());
      }
      if (response.statusCode() != 200) {
        throw new IOException("POST " + path + ": " + problem(response));
      }
      return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder request(String url, String token) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
      return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static String problem(HttpResponse<String> response) {
      try {
        JsonNode problem = JSON.readTree(response.body());
        String reason = problem.path("reason").asText("");
        return response.statusCode()
            + " "
            + problem.path("detail").asText(response.body())
            + (reason.isEmpty() ? "" : " (" + reason + ")");
      } catch (IOException e) {
        return response.statusCode() + " " + response.body();
      }
    }
  }

  /** Runs {@code body}, turning failures into a message and an exit status. */
  private static int run(CommandSpec spec, String name, Action body) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      body.run(out);
      out.flush();
      return DONE;
    } catch (IllegalArgumentException e) {
      err.println("entente governance " + name + ": " + e.getMessage());
      err.flush();
      return BAD_ARGUMENTS;
    } catch (Pending e) {
      err.println("entente governance " + name + ": " + e.getMessage());
      err.flush();
      return PENDING;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    } catch (ConfigException | IOException e) {
      err.println("entente governance " + name + ": " + e.getMessage());
      err.flush();
      return FAILED;
    } catch (Exception e) {
      err.println("entente governance " + name + ": " + e);
      err.flush();
      return FAILED;
    }
  }

  /** The node took the transaction but it was not final within the node's commit wait. */
  static final class Pending extends IOException {
    private static final long serialVersionUID = 1L;

    Pending(String txId) {
      super(
          "transaction "
              + txId
              + " was accepted but is not final yet; see `entente governance list` before"
              + " trying again (a new run is a new proposal or vote)");
    }
  }

  @FunctionalInterface
  private interface Action {
    void run(PrintWriter out) throws Exception;
  }

  /** What a proposal or vote did, as the node answered it. */
  private static void printOutcome(PrintWriter out, JsonNode answer) {
    out.printf("transaction %s: %s", answer.path("txId").asText(), answer.path("status").asText());
    if (answer.hasNonNull("height")) {
      out.printf(" at height %d", answer.get("height").asLong());
    }
    out.println();
    if (answer.has("proposal")) {
      out.printf(
          "proposal %d: %s%n",
          answer.get("proposal").get("id").asLong(), answer.get("proposal").get("status").asText());
    }
    if (answer.has("decision")) {
      out.printf("approved: decision %d%n", answer.get("decision").asLong());
    }
  }

  @Command(
      name = "propose-admit",
      mixinStandardHelpOptions = true,
      description = {
        "Proposes to admit the institution of a bundle (bundle.json from `entente org new`), and"
            + " prints the proposal's id. Members then vote on it.",
        "Exit status: 0 proposed, 1 refused or the node could not be asked, 2 bad"
            + " arguments, 3 accepted but not final within the node's wait (check with `list`)."
      })
  static final class ProposeAdmit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Option(names = "--bundle", paramLabel = "FILE", required = true, description = "bundle.json")
    Path bundle;

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        defaultValue = "partner",
        description = "lead, partner or witness. Default: ${DEFAULT-VALUE}.")
    String role;

    @Override
    public Integer call() {
      return run(
          spec,
          "propose-admit",
          out -> {
            JsonNode bundleJson;
            try {
              if (Files.size(bundle) > OrganizationBundle.BYTES_MAX) {
                throw new IllegalArgumentException(bundle + " is too large to be a bundle");
              }
              bundleJson =
                  JSON.readTree(new String(Files.readAllBytes(bundle), StandardCharsets.UTF_8));
            } catch (IOException e) {
              throw new IllegalArgumentException("cannot read " + bundle + ": " + e.getMessage());
            }
            ObjectNode body = JSON.createObjectNode().put("kind", "admit-member");
            body.set("bundle", bundleJson);
            body.put("role", role);
            printOutcome(out, Session.open(connection).post("/v1/governance/proposals", body));
          });
    }
  }

  @Command(
      name = "propose-remove",
      mixinStandardHelpOptions = true,
      description = {
        "Proposes that a member institution leaves the consortium (it does not vote on it), and"
            + " prints the proposal's id.",
        "Exit status: 0 proposed, 1 refused or the node could not be asked, 2 bad"
            + " arguments, 3 accepted but not final within the node's wait (check with `list`)."
      })
  static final class ProposeRemove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Option(
        names = "--institution",
        paramLabel = "ID",
        required = true,
        description = "The member to remove.")
    String institution;

    @Override
    public Integer call() {
      return run(
          spec,
          "propose-remove",
          out -> {
            ObjectNode body =
                JSON.createObjectNode()
                    .put("kind", "remove-member")
                    .put("institution", institution);
            printOutcome(out, Session.open(connection).post("/v1/governance/proposals", body));
          });
    }
  }

  @Command(
      name = "propose-register",
      mixinStandardHelpOptions = true,
      description = {
        "Proposes to register one of your institution's nodes from its bundle.json (`entente org"
            + " new`): its TLS key fingerprint and validator key. Only the node's institution"
            + " proposes it; the other members vote.",
        "With --sign-with, the proposal is signed here with the admin client key of the"
            + " institution's folder (a newly admitted bank whose own nodes do not run yet) and sent"
            + " through the node of --home, a member's node; otherwise that node signs it for your"
            + " institution.",
        "Exit status: 0 proposed, 1 refused or the node could not be asked, 2 bad"
            + " arguments, 3 accepted but not final within the node's wait (check with `list`)."
      })
  static final class ProposeRegister implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Option(names = "--bundle", paramLabel = "FILE", required = true, description = "bundle.json")
    Path bundle;

    @Option(
        names = "--node",
        paramLabel = "ID",
        required = true,
        description = "The node of the bundle to register.")
    String node;

    @Option(
        names = "--sign-with",
        paramLabel = "DIR",
        description =
            "The institution's folder of `entente org new`: sign with its admin client key.")
    Path signWith;

    @Override
    public Integer call() {
      return run(
          spec,
          "propose-register",
          out -> {
            String text;
            try {
              if (Files.size(bundle) > OrganizationBundle.BYTES_MAX) {
                throw new IllegalArgumentException(bundle + " is too large to be a bundle");
              }
              text = Files.readString(bundle, StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new IllegalArgumentException("cannot read " + bundle + ": " + e.getMessage());
            }
            Session session = Session.open(connection);
            if (signWith == null) {
              ObjectNode body =
                  JSON.createObjectNode().put("kind", "register-node").put("nodeId", node);
              body.set("bundle", JSON.readTree(text));
              printOutcome(out, session.post("/v1/governance/proposals", body));
              return;
            }
            NodeConfig config = NodeConfig.load(connection.home.resolve(Layout.NODE_CONFIG));
            OrganizationBundle parsed =
                OrganizationBundle.parse(
                    text, bundle.toString(), config.suite(), System.currentTimeMillis());
            io.entente.core.governance.NodeEntry entry =
                parsed.nodes().stream()
                    .filter(candidate -> candidate.nodeId().equals(node))
                    .findFirst()
                    .orElseThrow(
                        () -> new IllegalArgumentException(bundle + " has no node " + node))
                    .entry(parsed.institution());
            String transaction =
                SignedRequests.sign(
                    signWith,
                    config.suite(),
                    io.entente.app.governance.GovernanceApplication.PROPOSE,
                    io.entente.app.governance.GovernanceRequests.propose(
                        new io.entente.app.governance.Change.RegisterNode(entry)));
            JsonNode answer =
                session.post(
                    "/v1/channels/"
                        + io.entente.node.consortium.ConsortiumSpec.GOVERNANCE_CHANNEL
                        + "/transactions",
                    JSON.createObjectNode().put("transaction", transaction));
            SignedRequests.printOutcome(out, answer);
          });
    }
  }

  @Command(
      name = "propose-revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Proposes to revoke a certificate everywhere (a node's TLS or seal certificate, a client"
            + " certificate), named by its issuer and serial, and prints the proposal's id.",
        "Exit status: 0 proposed, 1 refused or the node could not be asked, 2 bad"
            + " arguments, 3 accepted but not final within the node's wait (check with `list`)."
      })
  static final class ProposeRevoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Option(
        names = "--certificate",
        paramLabel = "FILE",
        required = true,
        description = "The certificate to revoke, PEM.")
    Path certificate;

    @Override
    public Integer call() {
      return run(
          spec,
          "propose-revoke",
          out -> {
            io.entente.core.pki.Certificate revoked;
            try {
              revoked = io.entente.core.pki.Pem.decode(Files.readString(certificate));
            } catch (IOException | RuntimeException e) {
              throw new IllegalArgumentException(
                  "cannot read a PEM certificate from " + certificate + ": " + e.getMessage());
            }
            ObjectNode body =
                JSON.createObjectNode()
                    .put("kind", "revoke-certificate")
                    .put("issuer", revoked.issuer())
                    .put("serial", revoked.serial().toString(16));
            printOutcome(out, Session.open(connection).post("/v1/governance/proposals", body));
          });
    }
  }

  @Command(
      name = "vote",
      mixinStandardHelpOptions = true,
      description = {
        "Votes yes or no on a proposal, for your institution (votes are final).",
        "Exit status: 0 voted, 1 refused or the node could not be asked, 2 bad"
            + " arguments, 3 accepted but not final within the node's wait (check with `list`)."
      })
  static final class Vote implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The proposal id.")
    long id;

    @Parameters(index = "1", paramLabel = "yes|no", description = "The vote.")
    String vote;

    @Override
    public Integer call() {
      return run(
          spec,
          "vote",
          out -> {
            if (!vote.equals("yes") && !vote.equals("no")) {
              throw new IllegalArgumentException("the vote is yes or no, not '" + vote + "'");
            }
            if (id < 1) {
              throw new IllegalArgumentException("a proposal id is a positive number");
            }
            printOutcome(
                out,
                Session.open(connection)
                    .post(
                        "/v1/governance/proposals/" + id + "/votes",
                        JSON.createObjectNode().put("vote", vote)));
          });
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Lists the latest proposals, newest first: id, kind, status, yes/no of voters, expiry,"
            + " decision, then each vote.",
        "Exit status: 0 listed, 1 the node could not be asked, 2 bad arguments."
      })
  static final class ListProposals implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "Only open, approved, rejected, expired or refused proposals.")
    String status;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "20",
        description = "At most N proposals (1 to 100). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() {
      return run(
          spec,
          "list",
          out -> {
            if (limit < 1 || limit > 100) {
              throw new IllegalArgumentException("--limit must be 1 to 100");
            }
            String query = "?limit=" + limit + (status == null ? "" : "&status=" + status);
            JsonNode list = Session.open(connection).get("/v1/governance/proposals" + query);
            out.printf(
                "%4s  %-18s %-24s %-9s %7s  %-24s %s%n",
                "id", "kind", "subject", "status", "yes/no", "expires", "decision");
            for (JsonNode proposal : list.path("proposals")) {
              JsonNode change = proposal.path("change");
              String subject =
                  change.has("institution")
                      ? change.get("institution").asText()
                      : change.has("nodeId") ? change.get("nodeId").asText() : "-";
              out.printf(
                  "%4d  %-18s %-24s %-9s %3d/%-3d  %-24s %s%n",
                  proposal.path("id").asLong(),
                  proposal.path("kind").asText(),
                  subject,
                  proposal.path("status").asText(),
                  proposal.path("yes").asInt(),
                  proposal.path("no").asInt(),
                  Instant.ofEpochMilli(proposal.path("expiresAtMs").asLong()),
                  proposal.hasNonNull("decision") ? proposal.get("decision").asText() : "-");
              out.printf(
                  "      proposed by %s (%s); voters %s%n",
                  proposal.path("proposer").asText(),
                  proposal.path("proposerUser").asText(),
                  proposal.path("voters"));
              for (JsonNode vote : proposal.path("votes")) {
                out.printf(
                    "      %s: %s by %s at height %d%n",
                    vote.path("institution").asText(),
                    vote.path("vote").asText(),
                    vote.path("user").asText(),
                    vote.path("height").asLong());
              }
            }
          });
    }
  }
}
