package io.entente.node.cli;

import io.entente.core.crypto.SuiteId;
import io.entente.node.consortium.ConsortiumLimits;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.InitialUser;
import io.entente.node.consortium.Layout;
import io.entente.node.keys.KeyFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code entente init DIR}: writes a whole consortium (keys, certificates, geneses, configs). */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a consortium into DIR: per institution a member CA, an API CA, a client key and"
          + " certificate, and two API users (admin, gateway); per node its TLS, seal and API keys,"
          + " a copy of its institution's client key, its users file and its configuration; a genesis for the governance channel and for each bilateral channel"
          + " (the lead and one partner); and the manifest consortium.json. See docs/consortium.md.",
      "Node k (the lead's nodes first, then each partner's) listens for p2p on BASE + 2k and for"
          + " the API on BASE + 2k + 1, on 127.0.0.1.",
      "Exit status: 0 written, 1 nothing written (DIR exists, or writing failed), 2 bad arguments."
    })
final class InitCommand implements Callable<Integer> {
  static final int WRITTEN = 0;
  static final int NOT_WRITTEN = 1;
  static final int BAD_ARGUMENTS = 2;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "Folder to write (must not exist or be empty).")
  Path folder;

  @Option(
      names = "--lead",
      paramLabel = "NAME",
      defaultValue = ConsortiumLimits.DEFAULT_LEAD,
      description = "The lead bank's name. Default: ${DEFAULT-VALUE}.")
  String lead;

  @Option(
      names = "--partners",
      paramLabel = "N",
      description = "Number of partners, named partner-a, partner-b, … (1 to 26). Default: 3.")
  Integer partnerCount;

  @Option(
      names = "--partner",
      paramLabel = "NAME",
      description = "A partner's name (repeat for each partner; instead of --partners).")
  List<String> partnerNames = new ArrayList<>();

  @Option(
      names = "--nodes-per-org",
      paramLabel = "N",
      defaultValue = "" + ConsortiumLimits.DEFAULT_NODES_PER_ORG,
      description = "Nodes per institution (1 to 16). Default: ${DEFAULT-VALUE}.")
  int nodesPerOrg;

  @Option(
      names = "--crypto",
      paramLabel = "SUITE",
      defaultValue = "standard",
      description =
          "Crypto suite: standard (P-256) or guomi (SM2/SM3/SM4). Default: ${DEFAULT-VALUE}.")
  String crypto;

  @Option(
      names = "--base-port",
      paramLabel = "P",
      defaultValue = "" + ConsortiumLimits.DEFAULT_BASE_PORT,
      description = "First port (at least 1024). Default: ${DEFAULT-VALUE}.")
  int basePort;

  @Option(
      names = "--force",
      description = "Replace DIR if it exists and is not empty (its keys are lost).")
  boolean force;

  /**
   * Hidden: only for tests and demos on a laptop. Lowers the PBKDF2 work factor of every key file
   * and API password hash from 600,000 so that a consortium is written and started in seconds.
   */
  @Option(
      names = INSECURE_KEY_ITERATIONS,
      paramLabel = "N",
      hidden = true,
      description =
          "ONLY FOR TESTS AND DEMOS ON ONE MACHINE: encrypt keys and hash API passwords with N"
              + " PBKDF2 iterations (at least 1000) instead of 600000. Every password becomes"
              + " that much cheaper to guess from a copied file.")
  Integer insecureKeyIterations;

  static final String INSECURE_KEY_ITERATIONS = "--insecure-key-iterations";

  /** The clock of certificate validity and genesis time; tests may set it. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ConsortiumSpec consortium;
    try {
      consortium = consortium();
    } catch (IllegalArgumentException e) {
      err.println("entente init: " + e.getMessage());
      err.flush();
      return BAD_ARGUMENTS;
    }
    if (consortium.insecureKeyIterations()) {
      err.printf(
          "entente init: WARNING: %s %d: keys and API passwords are protected by %d PBKDF2"
              + " iterations instead of %d, so anyone who copies a key file or users.json can guess"
              + " its password about %d times faster. For tests and demos on one machine only;"
              + " never use this consortium for real data.%n",
          INSECURE_KEY_ITERATIONS,
          consortium.keyIterations(),
          consortium.keyIterations(),
          KeyFiles.PBKDF2_ITERATIONS,
          KeyFiles.PBKDF2_ITERATIONS / consortium.keyIterations());
      err.flush();
    }
    ConsortiumWriter.Result result;
    try {
      result = ConsortiumWriter.write(consortium, folder, force, clock, new SecureRandom());
    } catch (ConsortiumWriter.TargetException e) {
      err.println("entente init: " + e.getMessage());
      err.flush();
      return NOT_WRITTEN;
    } catch (IOException e) {
      err.println("entente init: writing " + folder + " failed, nothing was written: " + e);
      err.flush();
      return NOT_WRITTEN;
    }
    report(result, spec.commandLine().getOut());
    return WRITTEN;
  }

  private ConsortiumSpec consortium() {
    if (partnerCount != null && !partnerNames.isEmpty()) {
      throw new IllegalArgumentException("give either --partners N or --partner NAME, not both");
    }
    List<String> partners =
        partnerNames.isEmpty()
            ? ConsortiumSpec.generatedPartners(
                partnerCount == null ? ConsortiumLimits.DEFAULT_PARTNERS : partnerCount)
            : partnerNames;
    SuiteId suite = SuiteId.fromLabel(crypto);
    ConsortiumSpec consortium =
        new ConsortiumSpec(
            lead, partners, nodesPerOrg, suite, basePort, ConsortiumLimits.DEFAULT_HOST);
    if (insecureKeyIterations == null) {
      return consortium;
    }
    if (insecureKeyIterations < KeyFiles.PBKDF2_ITERATIONS_MIN
        || insecureKeyIterations > KeyFiles.PBKDF2_ITERATIONS) {
      throw new IllegalArgumentException(
          INSECURE_KEY_ITERATIONS
              + " must be "
              + KeyFiles.PBKDF2_ITERATIONS_MIN
              + " to "
              + KeyFiles.PBKDF2_ITERATIONS
              + ", got "
              + insecureKeyIterations);
    }
    return consortium.withKeyIterations(insecureKeyIterations);
  }

  private static void report(ConsortiumWriter.Result result, PrintWriter out) {
    ConsortiumSpec consortium = result.spec();
    out.printf("Wrote a %s consortium to %s%n", consortium.suite().label(), result.folder());
    out.printf("%nNodes (p2p / API on %s):%n", consortium.host());
    for (ConsortiumSpec.NodeSpec node : consortium.nodes()) {
      out.printf(
          "  %-32s %5d / %5d   %s/%s/%s%n",
          node.nodeId(),
          node.p2pPort(),
          node.apiPort(),
          node.institution(),
          node.folder(),
          Layout.NODE_CONFIG);
    }
    out.printf("%nChannels (genesis hash):%n");
    for (ConsortiumWriter.ChannelResult channel : result.channels()) {
      out.printf(
          "  %-32s %2d validators  %s%n",
          channel.name(), channel.validators(), channel.genesisHash().toHex());
    }
    out.printf("%nGovernance state hash: %s%n", result.governanceStateHash().toHex());
    out.printf(
        "%nSecrets (owner-only files): key passwords in */password.txt and */keys/password.txt;"
            + " each institution's initial API passwords (users %s) in <institution>/%s — move"
            + " them to a password manager and delete the file.%n",
        String.join(", ", InitialUser.ALL.stream().map(InitialUser::username).toList()),
        Layout.ADMIN_CREDENTIALS);
    out.printf("Manifest: %s%n", result.folder().resolve(Layout.MANIFEST));
    out.flush();
  }
}
