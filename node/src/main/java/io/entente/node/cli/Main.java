package io.entente.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code entente} command line. Subcommands are wired here, explicitly. */
@Command(
    name = "entente",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Entente: a consortium ledger for banks that lend together.",
    subcommands = {VerifyCommand.class, VerifyDemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command tree, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .addSubcommand(new InitCommand())
        .addSubcommand(new OrgCommand())
        .addSubcommand(new GovernanceCommand())
        .addSubcommand(new NodeCommand())
        .addSubcommand(new StatusCommand())
        .addSubcommand(new BenchCommand())
        .addSubcommand(new ImportCommand())
        .addSubcommand(new DemoCommand());
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"entente " + (version == null ? "development build" : version)};
    }
  }
}
