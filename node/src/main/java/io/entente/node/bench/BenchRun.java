package io.entente.node.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One {@code entente bench} run: the signature ceiling, then the cluster under load, then the
 * baselines on the same records; writes the JSON and HTML reports and returns the result.
 */
public final class BenchRun {
  private static final double MIB = 1024.0 * 1024.0;

  private final BenchSettings settings;
  private final List<BaselineSystem> baselines;
  private final PrintWriter progress;

  public BenchRun(BenchSettings settings, PrintWriter progress) {
    this(settings, defaultBaselines(settings), progress);
  }

  BenchRun(BenchSettings settings, List<BaselineSystem> baselines, PrintWriter progress) {
    this.settings = settings;
    this.baselines = List.copyOf(baselines);
    this.progress = progress;
  }

  private static List<BaselineSystem> defaultBaselines(BenchSettings settings) {
    return settings.baselines() ? List.of(new PostgresBaseline(), new EtcdBaseline()) : List.of();
  }

  /** Runs everything; the processes it started are stopped when it returns or throws. */
  public String run() throws Exception {
    Files.createDirectories(settings.out());
    Path folder = Files.createTempDirectory("entente-bench-");
    String startedAt = Instant.now().toString();
    double loadAtStart = loadAverage();
    progress.printf(
        "measuring the %s signature-check ceiling on %d cores...%n",
        settings.suite().label(), Runtime.getRuntime().availableProcessors());
    double ceiling =
        SignatureCeiling.measure(
            io.entente.core.crypto.CryptoSuite.of(settings.suite()),
            BenchLimits.CEILING_WARMUP_MS,
            BenchLimits.CEILING_DURATION_MS);
    progress.printf("  %,.0f verifications/s%n", ceiling);
    BenchCluster cluster = new BenchCluster(settings, folder);
    Thread hook =
        new Thread(
            () -> {
              closeQuietly(cluster);
              BaselineHost.deleteTree(folder);
            },
            "bench-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      progress.printf("starting %d nodes...%n", settings.nodes());
      cluster.start(settings.out().resolve("logs"));
      long now = System.currentTimeMillis();
      Workload workload =
          new ColendingWorkload(
              new io.entente.node.traffic.ColendingTraffic(
                  cluster.suite(),
                  BenchCluster.CHANNEL,
                  cluster.bank(BenchCluster.LEAD),
                  cluster.bank(BenchCluster.PARTNER),
                  "BENCH-1",
                  Long.toString(now, 36),
                  io.entente.node.traffic.ColendingTraffic.shanghaiDay(now)),
              settings.recordsPerTransaction(),
              now);
      List<Workload.Batch> batches = makeBatches(workload);
      ClusterFigures figures = drive(cluster, workload, batches);
      List<BenchResult.Baseline> baselineResults = new ArrayList<>();
      cluster.close();
      for (BaselineSystem baseline : baselines) {
        baselineResults.add(runBaseline(baseline, batches, folder, figures.throughput()));
      }
      BenchResult result =
          new BenchResult(
              startedAt,
              new BenchResult.Machine(
                  Runtime.getRuntime().availableProcessors(),
                  loadAtStart,
                  loadAverage(),
                  System.getProperty("os.name") + " " + System.getProperty("os.arch")),
              setup(workload),
              figures.throughput(),
              figures.nodes(),
              figures.cpuSecondsPer1000Records(),
              ceiling(ceiling, workload, figures.throughput()),
              figures.timeline(),
              baselineResults);
      BenchReport.writeJson(result, settings.out().resolve(BenchReport.JSON_FILE));
      BenchReport.writeHtml(result, settings.out().resolve(BenchReport.HTML_FILE));
      return BenchReport.summary(result);
    } finally {
      closeQuietly(cluster);
      BaselineHost.removeHook(hook);
      deleteTree(folder);
    }
  }

  /** Every record of the run, signed up front on all cores so signing does not load the run. */
  private List<Workload.Batch> makeBatches(Workload workload) {
    int count = (int) (settings.records() / settings.batch());
    progress.printf(
        "signing %,d records in %d batches...%n", (long) count * settings.batch(), count);
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(b -> workload.batch((long) b * settings.batch(), settings.batch()))
        .toList();
  }

  private record ClusterFigures(
      BenchResult.Throughput throughput,
      List<BenchResult.NodeUsage> nodes,
      double cpuSecondsPer1000Records,
      List<BenchResult.Second> timeline) {}

  private ClusterFigures drive(
      BenchCluster cluster, Workload workload, List<Workload.Batch> batches) throws Exception {
    List<NodeProcess> nodes = cluster.nodes();
    java.util.Map<String, List<BenchApi>> apis = cluster.apis();
    try (MatchWatch matches = new MatchWatch(workload.channel(), progress)) {
      for (var entry : apis.entrySet()) {
        matches.watch(entry.getKey(), entry.getValue().get(0));
      }
      LoadDriver driver = new LoadDriver(apis, workload.channel(), matches, settings, progress);
      progress.println("proposing and accepting the agreement...");
      driver.setup(workload.setup());
      return drive(nodes, driver, matches, batches);
    }
  }

  private ClusterFigures drive(
      List<NodeProcess> nodes, LoadDriver driver, MatchWatch matches, List<Workload.Batch> batches)
      throws Exception {
    progress.printf("driving %s...%n", settings.openLoop() ? "an open loop" : "a closed loop");
    CpuAtWarmup cpu = new CpuAtWarmup(nodes, settings.warmupSeconds());
    double[] cpuBeforeRun = cpuSeconds(nodes);
    cpu.start();
    LoadDriver.Run run = driver.run(batches);
    double[] cpuAtEnd = cpuSeconds(nodes);
    cpu.stop();
    long notSeen = matches.awaitAll(BenchLimits.MATCH_SEEN_DEADLINE_MS);
    long warmupEnd = run.startNanos() + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
    long measureFrom = warmupEnd;
    double[] cpuAtStart = cpu.samples();
    if (run.completions().stream().noneMatch(c -> c.dueNanos() >= warmupEnd)) {
      progress.println("  the run ended within the warm-up: measuring the whole run");
      measureFrom = run.startNanos();
      cpuAtStart = cpuBeforeRun;
    }
    long from = measureFrom;
    List<LoadDriver.Completion> measured =
        run.completions().stream().filter(c -> c.dueNanos() >= from).toList();
    long measuredRecords = measured.stream().mapToLong(LoadDriver.Completion::records).sum();
    long committed = run.completions().stream().mapToLong(LoadDriver.Completion::records).sum();
    double seconds = (run.endNanos() - measureFrom) / 1e9;
    List<BenchResult.NodeUsage> usage = new ArrayList<>();
    double cpuTotal = 0;
    for (int i = 0; i < nodes.size(); i++) {
      double used = cpuAtEnd[i] - cpuAtStart[i];
      cpuTotal += used;
      usage.add(
          new BenchResult.NodeUsage(
              nodes.get(i).nodeId(),
              Stats.round(used),
              Stats.round(ProcessSampler.peakRssBytes(nodes.get(i).pid()) / MIB)));
    }
    BenchResult.Throughput throughput =
        new BenchResult.Throughput(
            committed,
            measuredRecords,
            Stats.round(seconds),
            Stats.round(measuredRecords / seconds),
            Stats.latency(Stats.latencies(measured)),
            Stats.latency(matches.latencies(measureFrom)),
            notSeen);
    double cpuPer1000 = measuredRecords == 0 ? -1 : cpuTotal / measuredRecords * 1000;
    return new ClusterFigures(
        throughput, usage, Math.round(cpuPer1000 * 1000) / 1000.0, Stats.timeline(run));
  }

  /** CPU seconds of each node when the warm-up ends (at once when there is none). */
  private static final class CpuAtWarmup {
    private final List<NodeProcess> nodes;
    private final long warmupSeconds;
    private final java.util.concurrent.CompletableFuture<double[]> samples =
        new java.util.concurrent.CompletableFuture<>();
    private Thread sampler;

    CpuAtWarmup(List<NodeProcess> nodes, long warmupSeconds) {
      this.nodes = nodes;
      this.warmupSeconds = warmupSeconds;
    }

    void start() {
      sampler =
          new Thread(
              () -> {
                try {
                  TimeUnit.SECONDS.sleep(warmupSeconds);
                  samples.complete(cpuSeconds(nodes));
                } catch (InterruptedException e) {
                  samples.complete(cpuSeconds(nodes));
                }
              },
              "bench-cpu-at-warmup");
      sampler.setDaemon(true);
      sampler.start();
    }

    void stop() {
      sampler.interrupt();
    }

    double[] samples() throws Exception {
      return samples.get(BenchLimits.STOP_DEADLINE_MS, TimeUnit.MILLISECONDS);
    }
  }

  private static double[] cpuSeconds(List<NodeProcess> nodes) {
    double[] seconds = new double[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      seconds[i] = ProcessSampler.cpuSeconds(nodes.get(i).pid());
    }
    return seconds;
  }

  private BenchResult.Baseline runBaseline(
      BaselineSystem baseline,
      List<Workload.Batch> batches,
      Path folder,
      BenchResult.Throughput entente) {
    progress.printf("baseline %s...%n", baseline.name());
    try {
      BenchResult.Baseline result =
          baseline.run(batches, settings, folder.resolve(baseline.name()), progress);
      if (!result.status().equals("ok") || result.recordsPerSecond() <= 0) {
        progress.printf("  %s %s%n", baseline.name(), result.status());
        return result;
      }
      double ratio =
          Math.round(entente.recordsPerSecond() / result.recordsPerSecond() * 100) / 100.0;
      return new BenchResult.Baseline(
          result.name(),
          result.status(),
          result.records(),
          result.recordsPerSecond(),
          result.latencyMs(),
          ratio);
    } catch (Exception e) {
      progress.printf("  %s failed: %s%n", baseline.name(), e);
      return BaselineSystem.skipped(baseline.name(), "failed: " + e.getMessage());
    }
  }

  private BenchResult.Setup setup(Workload workload) {
    return new BenchResult.Setup(
        workload.name(),
        settings.suite().label(),
        settings.nodes(),
        settings.nodesPerOrg(),
        settings.records(),
        settings.batch(),
        settings.recordsPerTransaction(),
        settings.openLoop() ? "open" : "closed",
        settings.outstanding(),
        settings.rate(),
        settings.warmupSeconds(),
        settings.durationSeconds());
  }

  private BenchResult.Ceiling ceiling(
      double verificationsPerSecond, Workload workload, BenchResult.Throughput throughput) {
    double checksPerRecord = workload.checksPerRecordPerNode() * settings.nodes();
    double atCeiling = verificationsPerSecond / checksPerRecord;
    return new BenchResult.Ceiling(
        settings.suite().label(),
        Runtime.getRuntime().availableProcessors(),
        Stats.round(verificationsPerSecond),
        checksPerRecord,
        Stats.round(atCeiling),
        Math.round(throughput.recordsPerSecond() / atCeiling * 1000) / 1000.0);
  }

  private static double loadAverage() {
    return Stats.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void closeQuietly(BenchCluster cluster) {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
