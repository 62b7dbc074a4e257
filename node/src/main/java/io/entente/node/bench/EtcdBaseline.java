package io.entente.node.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A 3-member etcd cluster on loopback storing the same records, one transaction per batch through
 * the v3 JSON gateway ({@code POST /v3/kv/txn}), round-robin over the members. Every member fsyncs
 * its log before a transaction is acknowledged, as etcd always does.
 */
final class EtcdBaseline implements BaselineSystem {
  static final String NAME = "etcd";
  private static final int MEMBERS = 3;
  private static final int ETCD_DEFAULT_MAX_TXN_OPS = 128;
  private static final long READY_DEADLINE_MS = 60_000;
  private static final long POLL_MS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BenchResult.Baseline run(
      List<Workload.Batch> batches, BenchSettings settings, Path unused, PrintWriter progress)
      throws Exception {
    Optional<Path> etcd = BaselineHost.find("etcd", List.of());
    if (etcd.isEmpty()) {
      return BaselineSystem.skipped(
          NAME, "etcd not found; run bench/baselines/install.sh (Debian etcd-server)");
    }
    Path folder = BaselineHost.serverFolder(NAME);
    int base = BenchCluster.freePortBlock(2 * MEMBERS);
    List<Process> members = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread hook = BaselineHost.onExit(NAME, () -> members.forEach(p -> p.toHandle().destroy()));
    try {
      for (int m = 0; m < MEMBERS; m++) {
        members.add(startMember(etcd.get(), folder, base, m, putsPerBatch(settings)));
      }
      List<URI> clients = new ArrayList<>();
      for (int m = 0; m < MEMBERS; m++) {
        clients.add(URI.create("http://127.0.0.1:" + (base + 2 * m)));
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      awaitHealthy(http, clients, members);
      progress.printf(
          "  etcd: %d members from 127.0.0.1:%d, --max-txn-ops %d%n",
          MEMBERS, base, maxTxnOps(putsPerBatch(settings)));
      AtomicInteger next = new AtomicInteger();
      return BaselineLoad.run(
          NAME,
          () -> new Store(http, clients.get(Math.floorMod(next.getAndIncrement(), MEMBERS))),
          batches,
          settings,
          progress);
    } finally {
      for (Process member : members) {
        stop(member);
      }
      BaselineHost.removeHook(hook);
      BaselineHost.deleteTree(folder);
    }
  }

  /** At least the batch size, and never below etcd's own default of 128. */
  /** A put per row: one per bank and record. */
  private static int putsPerBatch(BenchSettings settings) {
    return 2 * settings.batch();
  }

  private static int maxTxnOps(int batch) {
    return Math.max(batch, ETCD_DEFAULT_MAX_TXN_OPS);
  }

  private static Process startMember(Path etcd, Path folder, int base, int m, int batch)
      throws IOException {
    StringBuilder cluster = new StringBuilder();
    for (int i = 0; i < MEMBERS; i++) {
      cluster
          .append(i == 0 ? "" : ",")
          .append("m")
          .append(i)
          .append("=http://127.0.0.1:")
          .append(base + 2 * i + 1);
    }
    String client = "http://127.0.0.1:" + (base + 2 * m);
    String peer = "http://127.0.0.1:" + (base + 2 * m + 1);
    List<String> command =
        List.of(
            etcd.toString(),
            "--name",
            "m" + m,
            "--data-dir",
            folder.resolve("m" + m).toString(),
            "--listen-client-urls",
            client,
            "--advertise-client-urls",
            client,
            "--listen-peer-urls",
            peer,
            "--initial-advertise-peer-urls",
            peer,
            "--initial-cluster",
            cluster.toString(),
            "--initial-cluster-state",
            "new",
            "--initial-cluster-token",
            "entente-bench",
            "--max-txn-ops",
            Integer.toString(maxTxnOps(batch)),
            "--max-request-bytes",
            Integer.toString(Math.max(batch * 512, 1_572_864)));
    return new ProcessBuilder(BaselineHost.asServerUser(command))
        .redirectErrorStream(true)
        .redirectOutput(folder.resolve("m" + m + ".log").toFile())
        .start();
  }

  private static void awaitHealthy(HttpClient http, List<URI> clients, List<Process> members)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_DEADLINE_MS);
    for (URI client : clients) {
      while (!healthy(http, client)) {
        if (members.stream().anyMatch(p -> !p.isAlive())) {
          throw new IOException("an etcd member exited while starting");
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("etcd not healthy within " + READY_DEADLINE_MS + " ms");
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MS);
      }
    }
  }

  private static boolean healthy(HttpClient http, URI client) throws InterruptedException {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(client.resolve("/health")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"true\"");
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void stop(Process member) throws InterruptedException {
    member.toHandle().destroy();
    if (!member.waitFor(BenchLimits.STOP_DEADLINE_MS, TimeUnit.MILLISECONDS)) {
      member.toHandle().destroyForcibly();
      member.waitFor(BenchLimits.STOP_DEADLINE_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** One worker: a batch is one txn of puts, keyed agreement/event type/event reference. */
  private record Store(HttpClient http, URI client) implements BaselineLoad.Store {
    @Override
    public void store(Workload.Batch batch) throws IOException, InterruptedException {
      ArrayNode puts = JSON.createArrayNode();
      for (Workload.Row row : batch.rows()) {
        ObjectNode put = JSON.createObjectNode();
        put.put(
            "key",
            base64(
                row.agreement()
                    + "/"
                    + row.eventType()
                    + "/"
                    + row.eventRef()
                    + "/"
                    + row.institution()));
        put.put("value", base64(row.value()));
        puts.add(JSON.createObjectNode().set("requestPut", put));
      }
      ObjectNode txn = JSON.createObjectNode();
      txn.set("success", puts);
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(client.resolve("/v3/kv/txn"))
                  .timeout(Duration.ofMillis(BenchLimits.SUBMIT_TIMEOUT_MS))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(txn)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || !response.body().contains("\"succeeded\":true")) {
        throw new IOException("etcd txn: " + response.statusCode() + " " + response.body());
      }
    }

    @Override
    public void close() {}

    private static String base64(String text) {
      return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
