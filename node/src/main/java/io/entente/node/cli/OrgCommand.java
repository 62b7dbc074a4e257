package io.entente.node.cli;

import io.entente.core.crypto.SuiteId;
import io.entente.node.consortium.ConsortiumLimits;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.OrganizationBundle;
import io.entente.node.consortium.OrganizationWriter;
import io.entente.node.keys.KeyFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code entente org}: an institution's own keys, outside any consortium folder. */
@Command(
    name = "org",
    mixinStandardHelpOptions = true,
    description = "A new institution's keys and the certificate bundle it sends to a consortium.",
    subcommands = {OrgCommand.New.class})
final class OrgCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code entente org new DIR --id ID --name NAME}. */
  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = {
        "Generates, offline, a new institution's member CA, API CA, client key and per node its"
            + " TLS, seal and API keys into DIR (private keys encrypted, owner-only), and"
            + " DIR/"
            + OrganizationBundle.FILE
            + ": the certificates, node key fingerprints, id and display name, the only thing"
            + " to send to the consortium. See docs/governance.md.",
        "Exit status: 0 written, 1 nothing written (DIR exists and is not empty, or writing"
            + " failed), 2 bad arguments."
      })
  static final class New implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The institution's folder (new or empty).")
    Path folder;

    @Option(
        names = "--id",
        paramLabel = "ID",
        required = true,
        description = "The institution's id: lower-case letters, digits and single hyphens.")
    String id;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        required = true,
        description = "The display name, e.g. \"Bank of the North\".")
    String displayName;

    @Option(
        names = "--nodes",
        paramLabel = "N",
        defaultValue = "" + ConsortiumLimits.DEFAULT_NODES_PER_ORG,
        description = "Number of nodes (1 to 16). Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(
        names = "--crypto",
        paramLabel = "SUITE",
        defaultValue = "standard",
        description = "The consortium's suite: standard or guomi. Default: ${DEFAULT-VALUE}.")
    String crypto;

    @Option(
        names = "--host",
        paramLabel = "HOST",
        defaultValue = ConsortiumLimits.DEFAULT_HOST,
        description = "The host the nodes' API certificates name. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(
        names = InitCommand.INSECURE_KEY_ITERATIONS,
        paramLabel = "N",
        hidden = true,
        description = "ONLY FOR TESTS: encrypt keys with N PBKDF2 iterations instead of 600000.")
    Integer insecureKeyIterations;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      OrganizationWriter.Spec organization;
      try {
        organization =
            new OrganizationWriter.Spec(
                id,
                displayName,
                nodes,
                SuiteId.fromLabel(crypto),
                host,
                insecureKeyIterations == null ? KeyFiles.PBKDF2_ITERATIONS : insecureKeyIterations);
      } catch (IllegalArgumentException e) {
        err.println("entente org new: " + e.getMessage());
        err.flush();
        return InitCommand.BAD_ARGUMENTS;
      }
      if (insecureKeyIterations != null) {
        err.println(
            "entente org new: WARNING: keys are protected by "
                + insecureKeyIterations
                + " PBKDF2 iterations; for tests only");
        err.flush();
      }
      OrganizationWriter.Result result;
      try {
        result = OrganizationWriter.write(organization, folder, clock, new SecureRandom());
      } catch (ConsortiumWriter.TargetException e) {
        err.println("entente org new: " + e.getMessage());
        err.flush();
        return InitCommand.NOT_WRITTEN;
      } catch (IOException | RuntimeException e) {
        err.println("entente org new: writing " + folder + " failed, nothing was written: " + e);
        err.flush();
        return InitCommand.NOT_WRITTEN;
      }
      out.printf(
          "Wrote institution %s (%s) to %s%n",
          result.bundle().institution(), result.bundle().displayName(), result.folder());
      for (OrganizationBundle.BundleNode node : result.bundle().nodes()) {
        out.printf("  %-32s TLS key %s%n", node.nodeId(), node.tlsKeyFingerprint().toHex());
      }
      out.printf(
          "%nSend only %s to the consortium (certificates and fingerprints, no private key)."
              + " Private keys and their passwords stay in %s (owner-only files).%n",
          result.bundleFile(), result.folder());
      out.flush();
      return InitCommand.WRITTEN;
    }
  }
}
