package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.StateView;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Queries stay bounded however much one block wrote: more than {@link
 * ColendingLimits#QUERY_SCAN_MAX} breaks opened (and as many statement rows written) in a single
 * block, as a bad day file does. Queries run on the channel's consensus thread, so each page must
 * read at most the scan cap and a walk over every page must read each entry once.
 */
class QueryBoundsTest {
  private static final Application.Caller LEAD = new Application.Caller(Fixture.LEAD, "alice");
  private static final int BREAKS = ColendingLimits.QUERY_SCAN_MAX + 1;

  private static Fixture f;

  @BeforeAll
  static void oneBlockOpensMoreBreaksThanOneQueryMayRead() {
    f = Fixture.active();
    f.block(attestations(LEAD_CERT, 100_00));
    // The partner reports other amounts: every key mismatches, all in this one block.
    f.block(attestations(PARTNER_CERT, 150_00));
    assertThat(f.read(Chunks.headKey(Breaks.indexPrefix(AGREEMENT))).count()).isEqualTo(BREAKS);
    assertThat(f.breakOf("B1").openedHeight).isEqualTo(f.breakOf("B" + BREAKS).openedHeight);
  }

  /** {@link #BREAKS} deposits in as few batches as the batch limit allows, in one block. */
  private static Transaction[] attestations(io.entente.core.bytes.Hash certificate, long amount) {
    List<Transaction> transactions = new ArrayList<>();
    List<EventRecord> batch = new ArrayList<>();
    for (int i = 1; i <= BREAKS; i++) {
      batch.add(Samples.deposit(String.format(java.util.Locale.ROOT, "D%05d", i), amount));
      if (batch.size() == ColendingLimits.RECORDS_PER_BATCH_MAX || i == BREAKS) {
        transactions.add(f.attest(certificate, batch.toArray(EventRecord[]::new)));
        batch.clear();
      }
    }
    return transactions.toArray(Transaction[]::new);
  }

  /** A view of the state that counts reads of keys with a prefix. */
  private static final class Counting implements StateView {
    private final String prefix;
    int reads;

    Counting(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public java.util.Optional<Bytes> get(Bytes key) {
      if (new String(key.unsafeArray(), StandardCharsets.UTF_8).startsWith(prefix)) {
        reads++;
      }
      return f.state.get(key);
    }
  }

  private static Bytes ask(StateView state, Requests.QueryRequest query) {
    Application.QueryResult result =
        f.app.query(state, LEAD, Requests.QueryRequest.CODEC.encode(query));
    assertThat(result.check().isAccepted()).as(result.check().toString()).isTrue();
    return result.result();
  }

  @Test
  void everyBreakPageReadsAtMostTheScanCapAndTheWalkReadsEachBreakOnce() {
    Set<String> ids = new LinkedHashSet<>();
    List<String> inOrder = new ArrayList<>();
    int totalReads = 0;
    String cursor = "";
    int pages = 0;
    do {
      Counting counting = new Counting("brk/");
      var page =
          QueryAnswers.breaks(
              ask(counting, Requests.QueryRequest.breaks(AGREEMENT, "", 0, cursor)));
      assertThat(counting.reads).isLessThanOrEqualTo(ColendingLimits.QUERY_SCAN_MAX);
      totalReads += counting.reads;
      page.breaks().forEach(b -> inOrder.add(b.id()));
      page.breaks().forEach(b -> ids.add(b.id()));
      cursor = page.nextCursor();
      pages++;
    } while (!cursor.isEmpty() && pages < 100);
    assertThat(cursor).isEmpty();
    assertThat(inOrder).hasSize(BREAKS).doesNotHaveDuplicates();
    assertThat(inOrder.get(0)).isEqualTo("B1");
    assertThat(inOrder.get(BREAKS - 1)).isEqualTo("B" + BREAKS);
    assertThat(totalReads).as("each break read once over the walk").isEqualTo(BREAKS);
    assertThat(pages)
        .isEqualTo((BREAKS + ColendingLimits.QUERY_PAGE_MAX - 1) / ColendingLimits.QUERY_PAGE_MAX);
  }

  @Test
  void aFilterThatMatchesNothingStopsAtTheScanCapWithACursor() {
    Counting counting = new Counting("brk/");
    var first =
        QueryAnswers.breaks(
            ask(counting, Requests.QueryRequest.breaks(AGREEMENT, "PROPOSED", 0, "")));
    assertThat(first.breaks()).isEmpty();
    assertThat(counting.reads).isEqualTo(ColendingLimits.QUERY_SCAN_MAX);
    assertThat(first.nextCursor()).isEqualTo(Integer.toString(ColendingLimits.QUERY_SCAN_MAX));
    Counting rest = new Counting("brk/");
    var second =
        QueryAnswers.breaks(
            ask(rest, Requests.QueryRequest.breaks(AGREEMENT, "PROPOSED", 0, first.nextCursor())));
    assertThat(second.breaks()).isEmpty();
    assertThat(second.nextCursor()).isEmpty();
    assertThat(rest.reads).isEqualTo(BREAKS - ColendingLimits.QUERY_SCAN_MAX);
  }

  @Test
  void recordsArePagedWithACursorAndTheScanCap() {
    List<String> refs = new ArrayList<>();
    int totalReads = 0;
    String cursor = "";
    int pages = 0;
    do {
      Counting counting = new Counting("rec/");
      var page =
          QueryAnswers.records(
              ask(
                  counting,
                  Requests.QueryRequest.records(
                      AGREEMENT, Fixture.DAY, "MISMATCHED", null, 0, cursor)));
      assertThat(page.records()).hasSizeLessThanOrEqualTo(ColendingLimits.QUERY_RECORDS_MAX);
      assertThat(counting.reads).isLessThanOrEqualTo(ColendingLimits.QUERY_SCAN_MAX);
      totalReads += counting.reads;
      page.records().forEach(r -> refs.add(r.key().eventRef()));
      cursor = page.nextCursor();
      pages++;
    } while (!cursor.isEmpty() && pages < 100);
    assertThat(refs).hasSize(BREAKS).doesNotHaveDuplicates();
    assertThat(totalReads).isEqualTo(BREAKS);
    assertThat(pages).isEqualTo(BREAKS / ColendingLimits.QUERY_RECORDS_MAX + 1);

    // A filter that matches nothing answers after the scan cap with a cursor, not after the day.
    Counting counting = new Counting("rec/");
    var none =
        QueryAnswers.records(
            ask(
                counting,
                Requests.QueryRequest.records(
                    AGREEMENT, Fixture.DAY, "AWAITING_COUNTERPART", null, 0, "")));
    assertThat(none.records()).isEmpty();
    assertThat(counting.reads).isEqualTo(ColendingLimits.QUERY_SCAN_MAX);
    assertThat(none.nextCursor()).isEqualTo(Integer.toString(ColendingLimits.QUERY_SCAN_MAX));

    // A small limit pages too; an event type filter reads no record of another type.
    var two =
        QueryAnswers.records(
            ask(f.state, Requests.QueryRequest.records(AGREEMENT, Fixture.DAY, "", null, 2, "")));
    assertThat(two.records()).extracting(r -> r.key().eventRef()).hasSize(2);
    assertThat(two.nextCursor()).isEqualTo("2");
    Counting fees = new Counting("rec/");
    var noFees =
        QueryAnswers.records(
            ask(
                fees,
                Requests.QueryRequest.records(
                    AGREEMENT, Fixture.DAY, "", EventType.FEE, 0, "9000")));
    assertThat(noFees.records()).isEmpty();
    assertThat(noFees.nextCursor()).isEmpty();
    assertThat(fees.reads).isZero();
  }
}
