package io.entente.node.cli;

import io.entente.consensus.ConsensusConfig;
import io.entente.node.consortium.ConfigException;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.runtime.RunningNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code entente node start --home DIR}: runs one node until SIGTERM or Ctrl-C. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Runs a node.",
    subcommands = {NodeCommand.Start.class})
final class NodeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Starts the node whose home `entente init` wrote (DIR holds node.json): its channels, the"
            + " p2p network and the HTTPS API. Runs until SIGTERM or Ctrl-C, then shuts down"
            + " cleanly: the API stops, channels finish the task at hand, logs and stores close.",
        "Prints one line `ready <node> p2p=<host:port> api=<url>` once serving.",
        "Prints `stopped <node>` once it has shut down.",
        "Exit status: 0 stopped cleanly, 1 the node could not start or stop cleanly (the message"
            + " says why)."
      })
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--home",
        paramLabel = "DIR",
        required = true,
        description = "The node's home folder.")
    Path home;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      NodeConfig config;
      RunningNode running;
      try {
        config = NodeConfig.load(home.resolve(Layout.NODE_CONFIG));
        running = RunningNode.start(config, ConsensusConfig.DEFAULT);
      } catch (ConfigException e) {
        err.println("entente node start: " + e.getMessage());
        err.flush();
        return 1;
      } catch (Exception e) {
        err.println("entente node start: cannot start: " + e);
        err.flush();
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    int status = 0;
                    try {
                      running.close();
                      out.println("stopped " + config.nodeId());
                    } catch (RuntimeException e) {
                      err.println("entente node start: unclean shutdown: " + e);
                      status = 1;
                    }
                    out.flush();
                    err.flush();
                    stopped.countDown();
                    // A JVM ended by SIGTERM exits 143 even after a clean shutdown; say how it
                    // went.
                    Runtime.getRuntime().halt(status);
                  },
                  "shutdown"));
      out.println(
          "ready "
              + config.nodeId()
              + " p2p="
              + config.p2p().host()
              + ":"
              + config.p2p().port()
              + " api=https://"
              + config.api().host()
              + ":"
              + running.apiPort());
      out.flush();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }
}
