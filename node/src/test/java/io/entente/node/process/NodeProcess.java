package io.entente.node.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code entente node start} process of a test: the test JVM's own classpath and Java, its
 * output copied to a log file (printed when a test fails), and a wait for its {@code ready} line.
 */
final class NodeProcess implements AutoCloseable {
  static final long READY_DEADLINE_MS = 120_000;

  final String nodeId;
  final Path home;
  final Path log;
  private Process process;
  private CompletableFuture<String> ready;
  private Thread pump;

  NodeProcess(String nodeId, Path home, Path logDirectory) {
    this.nodeId = nodeId;
    this.home = home;
    this.log = logDirectory.resolve(nodeId + ".log");
  }

  /** Starts the process (appending to its log), without waiting. */
  NodeProcess start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.entente.node.cli.Main");
    command.add("node");
    command.add("start");
    command.add("--home");
    command.add(home.toString());
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ready = new CompletableFuture<>();
    Process running = process;
    pump =
        new Thread(
            () -> {
              try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter out =
                      new PrintWriter(
                          Files.newBufferedWriter(
                              log, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  out.println(line);
                  out.flush();
                  if (line.startsWith("ready ")) {
                    ready.complete(line);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(
                  new IllegalStateException(nodeId + " exited before it was ready; see " + log));
            },
            "output-" + nodeId);
    pump.setDaemon(true);
    pump.start();
    return this;
  }

  /** Waits for the ready line; fails with the log's tail if it does not come. */
  String awaitReady() throws Exception {
    try {
      return ready.get(READY_DEADLINE_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(nodeId + " not ready: " + e + "\n" + tail(), e);
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  void kill9() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    pump.join(10_000);
  }

  /** SIGTERM, and the exit status once it stopped. */
  int terminate() throws InterruptedException {
    // Through the handle: Process.destroy would also close our end of its output pipe at once,
    // and the node's last lines (its shutdown report) would be lost.
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(nodeId + " did not stop within 60 s of SIGTERM\n" + tail());
    }
    pump.join(10_000);
    return process.exitValue();
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      kill9();
    }
  }
}
