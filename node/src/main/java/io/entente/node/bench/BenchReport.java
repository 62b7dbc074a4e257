package io.entente.node.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Writes a result as JSON, as a human summary and as an HTML page with inline SVG plots. */
final class BenchReport {
  static final String JSON_FILE = "bench-result.json";
  static final String HTML_FILE = "bench-report.html";
  private static final int PLOT_WIDTH = 720;
  private static final int PLOT_HEIGHT = 220;
  private static final int PLOT_MARGIN = 50;

  private BenchReport() {}

  static void writeJson(BenchResult result, Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
  }

  static String summary(BenchResult r) {
    StringBuilder out = new StringBuilder();
    BenchResult.Setup s = r.setup();
    BenchResult.Throughput e = r.entente();
    out.append(
        format(
            "entente bench: %s records, %s suite, %d nodes (%d per org), batch %d, %d records per"
                + " transaction, %s%n",
            s.workload(),
            s.suite(),
            s.nodes(),
            s.nodesPerOrg(),
            s.batch(),
            s.recordsPerTransaction(),
            loop(s)));
    out.append(
        format(
            "  machine: %d cores, load average %.2f at start, %.2f at end%n",
            r.machine().cores(), r.machine().loadAverageAtStart(), r.machine().loadAverageAtEnd()));
    out.append(
        format(
            "  committed: %,d records (%,d measured over %.1f s after %d s warm-up)%n",
            e.recordsCommitted(), e.recordsMeasured(), e.measuredSeconds(), s.warmupSeconds()));
    out.append(format("  throughput: %,.0f records/s%n", e.recordsPerSecond()));
    out.append(latencyLine("  latency submit->commit", e.latencyMs()));
    out.append(
        latencyLine(
            "  reconciliation latency (second bank's submit -> matched on both banks' nodes)",
            e.reconciliationLatencyMs()));
    if (e.recordsNotSeenMatched() > 0) {
      out.append(
          format("  %,d committed records were not seen matched%n", e.recordsNotSeenMatched()));
    }
    out.append(
        format("  CPU: %.3f s per 1,000 records (all nodes)%n", r.cpuSecondsPer1000Records()));
    for (BenchResult.NodeUsage node : r.nodes()) {
      out.append(
          format(
              "    %-22s CPU %7.1f s  peak RSS %6.0f MiB%n",
              node.nodeId(), node.cpuSeconds(), node.peakRssMiB()));
    }
    BenchResult.Ceiling c = r.signatureCeiling();
    out.append(
        format(
            "  signature ceiling: %,.0f %s verifications/s on %d threads; %.2f checks per record"
                + " -> %,.0f records/s; the throughput is %.1f%% of it%n",
            c.verificationsPerSecond(),
            c.suite(),
            c.threads(),
            c.checksPerRecord(),
            c.recordsPerSecondAtCeiling(),
            100 * c.individuallySignedFraction()));
    for (BenchResult.Baseline b : r.baselines()) {
      if (!b.status().equals("ok")) {
        out.append(format("  baseline %s: %s%n", b.name(), b.status()));
        continue;
      }
      out.append(
          format(
              "  baseline %s: %,.0f records/s, p50 %.0f ms, p99 %.0f ms; entente/%s = %.2f%n",
              b.name(),
              b.recordsPerSecond(),
              b.latencyMs().p50(),
              b.latencyMs().p99(),
              b.name(),
              b.ententeRatio()));
    }
    return out.toString();
  }

  private static String loop(BenchResult.Setup s) {
    return s.loop().equals("open")
        ? "open loop at " + s.rateRecordsPerSecond() + " records/s"
        : "closed loop, " + s.outstanding() + " batches in flight";
  }

  private static String latencyLine(String label, BenchResult.Latency l) {
    return format(
        "%s: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        label, l.p50(), l.p95(), l.p99(), l.max());
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }

  static void writeHtml(BenchResult result, Path file) throws IOException {
    String html =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>entente bench</title>\n"
            + "<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em}"
            + "</style></head><body>\n<h1>entente bench</h1>\n<pre>"
            + escape(summary(result))
            + "</pre>\n<h2>Committed records per second</h2>\n"
            + plot(result.timeline(), s -> s.records(), "records/s", "#1f6fb2")
            + "\n<h2>p99 latency per second (ms)</h2>\n"
            + plot(result.timeline(), BenchResult.Second::p99LatencyMs, "ms", "#b2401f")
            + "\n</body></html>\n";
    Files.writeString(file, html);
  }

  /** A line plot of one value per second, as inline SVG; seconds without data are skipped. */
  static String plot(
      List<BenchResult.Second> timeline,
      ToDoubleFunction<BenchResult.Second> value,
      String unit,
      String colour) {
    double max = 1;
    for (BenchResult.Second s : timeline) {
      max = Math.max(max, value.applyAsDouble(s));
    }
    int width = PLOT_WIDTH - 2 * PLOT_MARGIN;
    int height = PLOT_HEIGHT - 2 * PLOT_MARGIN;
    double step = timeline.size() > 1 ? (double) width / (timeline.size() - 1) : width;
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < timeline.size(); i++) {
      double v = value.applyAsDouble(timeline.get(i));
      if (v < 0) {
        continue;
      }
      points.append(
          format("%.1f,%.1f ", PLOT_MARGIN + i * step, PLOT_MARGIN + height - v / max * height));
    }
    return format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">"
            + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"11\">max %,.0f %s</text>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0</text>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"11\">0 s</text>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%d s</text>"
            + "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/></svg>",
        PLOT_WIDTH,
        PLOT_HEIGHT,
        PLOT_MARGIN,
        PLOT_MARGIN,
        width,
        height,
        PLOT_MARGIN,
        PLOT_MARGIN - 6,
        max,
        unit,
        PLOT_MARGIN - 4,
        PLOT_MARGIN + height,
        PLOT_MARGIN,
        PLOT_MARGIN + height + 15,
        PLOT_MARGIN + width,
        PLOT_MARGIN + height + 15,
        Math.max(0, timeline.size() - 1),
        colour,
        points.toString().trim());
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
