package io.entente.node.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A central reconciliation service on PostgreSQL: one table keyed by (agreement, event type, event
 * reference); each record is inserted or, when the other side's record with that key is there,
 * matched against it; JDBC batches of the bench's batch size, one transaction each, with {@code
 * synchronous_commit=on} and fsync on, so a batch is durable when its commit returns.
 */
final class PostgresBaseline implements BaselineSystem {
  static final String NAME = "postgresql";
  private static final String USER = "bench";
  private static final long COMMAND_DEADLINE_MS = 120_000;
  private static final String TABLE =
      "CREATE TABLE reconciliation ("
          + " agreement text NOT NULL, event_type text NOT NULL, event_ref text NOT NULL,"
          + " lead_value text, partner_value text, matched boolean NOT NULL DEFAULT false,"
          + " PRIMARY KEY (agreement, event_type, event_ref))";
  private static final String INSERT_OR_MATCH =
      "INSERT INTO reconciliation (agreement, event_type, event_ref, lead_value)"
          + " VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (agreement, event_type, event_ref) DO UPDATE"
          + " SET partner_value = EXCLUDED.lead_value,"
          + " matched = (reconciliation.lead_value = EXCLUDED.lead_value)";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BenchResult.Baseline run(
      List<Workload.Batch> batches, BenchSettings settings, Path unused, PrintWriter progress)
      throws Exception {
    List<Path> folders = BaselineHost.postgresFolders();
    Optional<Path> initdb = BaselineHost.find("initdb", folders);
    Optional<Path> pgCtl = BaselineHost.find("pg_ctl", folders);
    if (initdb.isEmpty() || pgCtl.isEmpty()) {
      return BaselineSystem.skipped(
          NAME, "initdb or pg_ctl not found; run bench/baselines/install.sh (Debian postgresql)");
    }
    Path folder = BaselineHost.serverFolder(NAME);
    Path data = folder.resolve("data");
    int port = BenchCluster.freePortBlock(1);
    Thread hook = BaselineHost.onExit(NAME, () -> stop(pgCtl.get(), data, folder));
    try {
      BaselineHost.runToEnd(
          List.of(initdb.get().toString(), "-D", data.toString(), "-U", USER, "--auth=trust"),
          folder.resolve("initdb.log"),
          COMMAND_DEADLINE_MS);
      BaselineHost.runToEnd(
          List.of(
              pgCtl.get().toString(),
              "-D",
              data.toString(),
              "-l",
              folder.resolve("postgres.log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              serverOptions(port, folder, settings),
              "start"),
          folder.resolve("pg_ctl-start.log"),
          COMMAND_DEADLINE_MS);
      createTable(port);
      progress.printf("  PostgreSQL on 127.0.0.1:%d, synchronous_commit=on%n", port);
      return BaselineLoad.run(NAME, () -> new Store(connect(port)), batches, settings, progress);
    } finally {
      stop(pgCtl.get(), data, folder);
      BaselineHost.removeHook(hook);
      BaselineHost.deleteTree(folder);
    }
  }

  private static String serverOptions(int port, Path folder, BenchSettings settings) {
    return "-p "
        + port
        + " -c listen_addresses=127.0.0.1 -k "
        + folder
        + " -c synchronous_commit=on -c fsync=on -c max_connections="
        + (settings.outstanding() + 10);
  }

  private static void stop(Path pgCtl, Path data, Path folder) {
    try {
      BaselineHost.runToEnd(
          List.of(pgCtl.toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"),
          folder.resolve("pg_ctl-stop.log"),
          COMMAND_DEADLINE_MS);
    } catch (IOException e) {
      // Not started, or already stopped: nothing of ours is left running either way.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Connection connect(int port) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("reWriteBatchedInserts", "true");
    Connection connection =
        new org.postgresql.Driver()
            .connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
    if (connection == null) {
      throw new SQLException("the PostgreSQL driver refused its own URL");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET synchronous_commit = on");
    }
    connection.setAutoCommit(false);
    return connection;
  }

  private static void createTable(int port) throws SQLException {
    try (Connection connection = connect(port);
        Statement statement = connection.createStatement()) {
      statement.execute(TABLE);
      connection.commit();
    }
  }

  /** One worker's connection: a batch is one JDBC batch and one commit. */
  private record Store(Connection connection) implements BaselineLoad.Store {
    @Override
    public void store(Workload.Batch batch) throws SQLException {
      // One JDBC batch per bank: the driver may fold a batch into one multi-row INSERT, which
      // may not touch a key twice; both land in the one transaction.
      java.util.Map<String, List<Workload.Row>> byBank = new java.util.LinkedHashMap<>();
      for (Workload.Row row : batch.rows()) {
        byBank.computeIfAbsent(row.institution(), i -> new java.util.ArrayList<>()).add(row);
      }
      try (PreparedStatement insert = connection.prepareStatement(INSERT_OR_MATCH)) {
        for (List<Workload.Row> rows : byBank.values()) {
          for (Workload.Row row : rows) {
            insert.setString(1, row.agreement());
            insert.setString(2, row.eventType());
            insert.setString(3, row.eventRef());
            insert.setString(4, row.value());
            insert.addBatch();
          }
          insert.executeBatch();
        }
      }
      connection.commit();
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }
}
