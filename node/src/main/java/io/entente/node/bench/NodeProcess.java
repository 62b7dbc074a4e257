package io.entente.node.bench;

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
import java.util.concurrent.TimeoutException;

/**
 * One {@code entente node start} process: this JVM's own Java and classpath (the jar when run from
 * {@code bin/entente}, the build's classes in tests), its output copied to a log file, and a wait
 * for its {@code ready} line. The benchmark and the multi-process tests both run nodes with it.
 */
public final class NodeProcess implements AutoCloseable {
  private final String nodeId;
  private final Path home;
  private final Path log;
  private final List<String> jvmOptions;
  private Process process;
  private CompletableFuture<String> ready;
  private Thread pump;

  public NodeProcess(String nodeId, Path home, Path logDirectory) {
    this(nodeId, home, logDirectory, List.of());
  }

  /** With {@code jvmOptions} for the node's JVM, after the heap limit (a profiler, say). */
  public NodeProcess(String nodeId, Path home, Path logDirectory, List<String> jvmOptions) {
    this.nodeId = nodeId;
    this.home = home;
    this.log = logDirectory.resolve(nodeId + ".log");
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** Starts the process (appending to its log), without waiting. */
  public NodeProcess start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(BenchLimits.NODE_HEAP);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.entente.node.cli.Main");
    command.addAll(List.of("node", "start", "--home", home.toString()));
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ready = new CompletableFuture<>();
    Process running = process;
    pump = new Thread(() -> copyOutput(running), "output-" + nodeId);
    pump.setDaemon(true);
    pump.start();
    return this;
  }

  private void copyOutput(Process running) {
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
  }

  /** Waits for the ready line; fails with the log's tail if it does not come. */
  public void awaitReady() throws IOException, InterruptedException {
    try {
      ready.get(BenchLimits.READY_DEADLINE_MS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new IOException(nodeId + " not ready: " + e.getMessage() + "\n" + tail(), e);
    }
  }

  public String nodeId() {
    return nodeId;
  }

  public Path home() {
    return home;
  }

  long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill9() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(BenchLimits.STOP_DEADLINE_MS, TimeUnit.MILLISECONDS);
    pump.join(BenchLimits.STOP_DEADLINE_MS);
  }

  /**
   * SIGTERM, and the exit status once it stopped; an exception if it did not stop within the
   * deadline (it is then killed).
   */
  public int terminate() throws InterruptedException, IOException {
    // Through the handle: Process.destroy would also close our end of its output pipe at once,
    // and the node's last lines (its shutdown report) would be lost.
    process.toHandle().destroy();
    if (!process.waitFor(BenchLimits.STOP_DEADLINE_MS, TimeUnit.MILLISECONDS)) {
      kill9();
      throw new IOException(
          nodeId
              + " did not stop within "
              + BenchLimits.STOP_DEADLINE_MS
              + " ms of SIGTERM\n"
              + tail());
    }
    pump.join(BenchLimits.STOP_DEADLINE_MS);
    return process.exitValue();
  }

  /** SIGTERM, then SIGKILL if it has not stopped within the deadline. */
  @Override
  public void close() throws InterruptedException {
    if (!isAlive()) {
      return;
    }
    process.toHandle().destroy();
    if (!process.waitFor(BenchLimits.STOP_DEADLINE_MS, TimeUnit.MILLISECONDS)) {
      process.toHandle().destroyForcibly();
      process.waitFor(BenchLimits.STOP_DEADLINE_MS, TimeUnit.MILLISECONDS);
    }
    pump.join(BenchLimits.STOP_DEADLINE_MS);
  }

  /** The last lines of the node's log. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      int from = Math.max(0, lines.size() - BenchLimits.LOG_TAIL_LINES);
      return String.join("\n", lines.subList(from, lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
