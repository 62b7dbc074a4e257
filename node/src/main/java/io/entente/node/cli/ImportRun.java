package io.entente.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One import's submissions, in file order, and what became of them. Requests go one at a time, each
 * waited for until it is on the ledger: a later batch may correct a record of an earlier one, so
 * the ledger must see them in order. The first request not confirmed in time stops the run; running
 * the import again resumes it (the requests already on the ledger are answered as duplicates).
 */
final class ImportRun {
  /** How long the summary may spend reading the events of the new transactions. */
  private static final Duration EVENTS_WAIT = Duration.ofSeconds(30);

  private final ImportClient client;
  private final String channel;
  private final Duration commitTimeout;
  private final Clock clock;
  private final ImportProgress progress;
  private final String unit;

  private long newRecords;
  private int newRequests;
  private long alreadyRecords;
  private int alreadyRequests;
  private long refusedRecords;
  private final List<String> refusals = new ArrayList<>();
  private final TreeSet<ImportClient.Place> placesOfNew =
      new TreeSet<>(
          java.util.Comparator.comparingLong(ImportClient.Place::height)
              .thenComparingInt(ImportClient.Place::txIndex));
  private ImportClient.NotConfirmed stoppedAt;
  private String stoppedLabel = "";
  private long notSubmittedRecords;

  ImportRun(
      ImportClient client,
      String channel,
      Duration commitTimeout,
      Clock clock,
      ImportProgress progress,
      String unit) {
    this.client = client;
    this.channel = channel;
    this.commitTimeout = commitTimeout;
    this.clock = clock;
    this.progress = progress;
    this.unit = unit;
  }

  void submitAll(List<ImportCommand.Work> work) throws ImportClient.Stop, InterruptedException {
    for (int i = 0; i < work.size(); i++) {
      ImportCommand.Work item = work.get(i);
      ImportClient.Outcome outcome =
          client.submit(
              channel,
              item.type(),
              item.content().get(),
              item.key(),
              clock.instant().plus(commitTimeout));
      if (outcome instanceof ImportClient.Committed committed) {
        if (committed.alreadyThere()) {
          alreadyRecords += item.records();
          alreadyRequests++;
        } else {
          newRecords += item.records();
          newRequests++;
          placesOfNew.add(new ImportClient.Place(committed.height(), committed.index()));
        }
      } else if (outcome instanceof ImportClient.Refused refused) {
        refusedRecords += item.records();
        refusals.add(item.label() + ": " + refused.reason() + ": " + refused.detail());
      } else if (outcome instanceof ImportClient.NotConfirmed notConfirmed) {
        stoppedAt = notConfirmed;
        stoppedLabel = item.label();
        for (int j = i; j < work.size(); j++) {
          notSubmittedRecords += work.get(j).records();
        }
        return;
      } else {
        throw new AssertionError("unknown outcome " + outcome);
      }
      progress.batchDone(item.records());
    }
  }

  int exitStatus() {
    if (stoppedAt != null) {
      return ImportCommand.NOT_FINISHED;
    }
    return refusals.isEmpty() ? ImportCommand.OK : ImportCommand.REFUSED;
  }

  void report(PrintWriter out, PrintWriter err) {
    out.printf("imported into %s:%n", channel);
    out.printf("  new:              %s%n", counted(newRecords, newRequests));
    out.printf("  already imported: %s%n", counted(alreadyRecords, alreadyRequests));
    out.printf("  rejected:         %s%n", counted(refusedRecords, refusals.size()));
    for (String refusal : refusals) {
      out.println("    " + refusal);
    }
    if (stoppedAt != null) {
      out.printf(
          "  not confirmed:    %s from %s on (%s)%n",
          plural(notSubmittedRecords, unit), stoppedLabel, stoppedAt.detail());
      err.println(
          "entente import: "
              + stoppedLabel
              + " was not confirmed on the ledger in time; run the same import again to resume");
    }
    if (!placesOfNew.isEmpty()) {
      reportEvents(out, err);
    }
    out.flush();
  }

  /** "25 records in 3 requests". */
  private String counted(long units, int requests) {
    return plural(units, unit) + " in " + plural(requests, "request");
  }

  static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** What the new transactions did on the ledger: breaks opened, statements received. */
  private void reportEvents(PrintWriter out, PrintWriter err) {
    List<ImportClient.Event> events;
    try {
      events = client.events(channel, placesOfNew, clock.instant().plus(EVENTS_WAIT));
    } catch (IOException e) {
      err.println("entente import: could not read the ledger's events: " + e.getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Map<String, List<String>> breaks = new TreeMap<>();
    long matched = 0;
    for (ImportClient.Event event : events) {
      List<String> f = event.fields();
      if (event.type().equals("break-opened") && f.size() >= 3) {
        breaks.computeIfAbsent(f.get(2), type -> new ArrayList<>()).add(f.get(0));
      } else if (event.type().equals("record-matched")) {
        matched++;
      } else if (event.type().equals("bank-statement") && f.size() >= 4) {
        out.printf(
            "  bank statement %s: closing balance %s fen, %s entries matched no event%n",
            f.get(1), f.get(2), f.get(3));
      }
    }
    if (matched > 0) {
      out.printf("  matched with the other bank's reports: %s%n", plural(matched, "record"));
    }
    if (breaks.isEmpty()) {
      out.println("  breaks opened: none");
    }
    for (Map.Entry<String, List<String>> type : breaks.entrySet()) {
      out.printf(
          "  breaks opened: %s %d (%s)%n",
          type.getKey(), type.getValue().size(), String.join(", ", first(type.getValue())));
    }
  }

  private static List<String> first(List<String> ids) {
    return ids.size() <= 10 ? ids : ids.subList(0, 10);
  }
}
