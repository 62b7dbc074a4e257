package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.StateView;
import io.entente.core.check.Check;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AGREEMENTS, AGREEMENT and BREAKS queries: access, status, work-queue order and paging. */
class ListQueriesTest {
  private static final Application.Caller LEAD = new Application.Caller(Fixture.LEAD, "alice");
  private static final Application.Caller PARTNER = new Application.Caller(Fixture.PARTNER, "bob");
  private static final Application.Caller OUTSIDER =
      new Application.Caller(Fixture.OUTSIDER, "eve");

  private static Application.QueryResult ask(
      Fixture f, Application.Caller caller, Requests.QueryRequest query) {
    return f.app.query(f.state, caller, Requests.QueryRequest.CODEC.encode(query));
  }

  private static String refusal(Application.QueryResult result) {
    assertThat(result.check()).isInstanceOf(Check.Rejected.class);
    return ((Check.Rejected) result.check()).reason();
  }

  private static AgreementTerms secondTerms() {
    return termsWithId("wld-2027");
  }

  private static AgreementTerms termsWithId(String id) {
    AgreementTerms t = Samples.terms();
    return new AgreementTerms(
        id,
        t.lead(),
        t.partner(),
        t.currency(),
        t.split(),
        t.reserveWarnFen(),
        t.reserveCriticalFen(),
        t.counterpartSlaMs(),
        t.dateToleranceDays(),
        t.holdTtlMs(),
        t.partnerPrincipalCapFen(),
        t.leadFloorBp(),
        t.closeGraceMs());
  }

  @Test
  void agreementsListTheCallersAgreementsWithStatusAndPage() {
    Fixture f = Fixture.active();
    AgreementTerms second = secondTerms();
    f.ok(
        f.tx(
            LEAD_CERT,
            ColendingApplication.AGREEMENT_PROPOSE,
            "alice",
            "submitter",
            AgreementTerms.CODEC.encode(second)));
    // Re-proposing does not list the agreement twice.
    f.ok(
        f.tx(
            LEAD_CERT,
            ColendingApplication.AGREEMENT_PROPOSE,
            "alice",
            "submitter",
            AgreementTerms.CODEC.encode(second)));

    var all =
        QueryAnswers.agreements(ask(f, PARTNER, Requests.QueryRequest.agreements(0, "")).result());
    assertThat(all.agreements())
        .extracting(a -> a.terms().id() + "=" + a.status())
        .containsExactly(AGREEMENT + "=ACTIVE", "wld-2027=PROPOSED");
    assertThat(all.nextCursor()).isEmpty();
    assertThat(all.agreements().get(0).acceptedBy()).isEqualTo("bob");
    assertThat(all.agreements().get(1).termsHash()).isEqualTo(Agreements.termsHash(second));

    var first =
        QueryAnswers.agreements(ask(f, LEAD, Requests.QueryRequest.agreements(1, "")).result());
    assertThat(first.agreements()).extracting(a -> a.terms().id()).containsExactly(AGREEMENT);
    var rest =
        QueryAnswers.agreements(
            ask(f, LEAD, Requests.QueryRequest.agreements(1, first.nextCursor())).result());
    assertThat(rest.agreements()).extracting(a -> a.terms().id()).containsExactly("wld-2027");

    var outsider =
        QueryAnswers.agreements(ask(f, OUTSIDER, Requests.QueryRequest.agreements(0, "")).result());
    assertThat(outsider.agreements()).isEmpty();
  }

  private static io.entente.core.chain.Transaction proposal(Fixture f, AgreementTerms terms) {
    return f.tx(
        LEAD_CERT,
        ColendingApplication.AGREEMENT_PROPOSE,
        "alice",
        "submitter",
        AgreementTerms.CODEC.encode(terms));
  }

  @Test
  void aChannelHoldsAtMostAgreementsMaxAgreementsProposedOrActive() {
    Fixture f = Fixture.active();
    List<io.entente.core.chain.Transaction> proposals = new ArrayList<>();
    for (int i = 1; i < ColendingLimits.AGREEMENTS_MAX; i++) {
      proposals.add(proposal(f, termsWithId("never-accepted-" + i)));
    }
    var block = f.block(proposals.toArray(io.entente.core.chain.Transaction[]::new));
    assertThat(block.receipts())
        .allMatch(r -> r.status() == io.entente.core.chain.Receipt.Status.ACCEPTED);

    var refused = f.refused(proposal(f, termsWithId("one-too-many")));
    assertThat(refused.code()).isEqualTo(Agreements.TOO_MANY);
    assertThat(refused.detail()).contains(Integer.toString(ColendingLimits.AGREEMENTS_MAX));
    assertThat(f.read(AgreementState.key("one-too-many"))).isNull();
    assertThat(f.read(Chunks.headKey(Agreements.INDEX)).count())
        .isEqualTo(ColendingLimits.AGREEMENTS_MAX);
    // Re-proposing one already counted is no new agreement.
    f.ok(proposal(f, termsWithId("never-accepted-1")));
  }

  @Test
  void oneAgreementShowsTermsAndStatusToItsPartiesOnly() {
    Fixture f = new Fixture();
    AgreementTerms terms = Samples.terms();
    f.ok(
        f.tx(
            LEAD_CERT,
            ColendingApplication.AGREEMENT_PROPOSE,
            "alice",
            "submitter",
            AgreementTerms.CODEC.encode(terms)));
    var proposed =
        QueryAnswers.agreement(
            ask(f, PARTNER, Requests.QueryRequest.agreement(AGREEMENT)).result());
    assertThat(proposed.terms()).isEqualTo(terms);
    assertThat(proposed.status()).isEqualTo("PROPOSED");
    assertThat(proposed.proposedBy()).isEqualTo("alice");

    String unknown = refusal(ask(f, OUTSIDER, Requests.QueryRequest.agreement("nope")));
    String other = refusal(ask(f, OUTSIDER, Requests.QueryRequest.agreement(AGREEMENT)));
    assertThat(other).isEqualTo(unknown).isEqualTo(Admission.NOT_A_PARTY);
  }

  /** Two breaks open in one block (the later one larger), a third in a later block. */
  private static Fixture threeBreaks() {
    Fixture f = Fixture.active();
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP1", 100_00), Samples.deposit("DEP2", 300_00)));
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP1", 150_00), Samples.deposit("DEP2", 500_00)));
    f.ok(f.attest(LEAD_CERT, Samples.deposit("DEP3", 100_00)));
    f.ok(f.attest(PARTNER_CERT, Samples.deposit("DEP3", 900_00)));
    return f;
  }

  @Test
  void breaksComeInOpeningOrderWithTheirOpeningHeight() {
    Fixture f = threeBreaks();
    var page =
        QueryAnswers.breaks(
            ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "", 0, "")).result());
    // Within one block, opening order even though the later break has more at stake: a page is
    // one pass over the index, never a sort of a block's breaks (a client sorts its page).
    assertThat(page.breaks())
        .extracting(QueryAnswers.BreakView::eventRef)
        .containsExactly("DEP1", "DEP2", "DEP3");
    assertThat(page.breaks())
        .extracting(QueryAnswers.BreakView::id)
        .containsExactly("B1", "B2", "B3");
    assertThat(page.nextCursor()).isEmpty();
    // Block 1 proposes, 2 accepts, 3 and 4 attest: the first two breaks opened at height 4.
    assertThat(page.breaks())
        .extracting(QueryAnswers.BreakView::openedHeight)
        .containsExactly(4L, 4L, 6L);
    assertThat(page.breaks().get(1).amountAtStake())
        .isGreaterThan(page.breaks().get(0).amountAtStake());
    assertThat(page.breaks().get(0).diffs()).isNotEmpty();
    assertThat(page.breaks().get(0).state()).isEqualTo("OPEN");
    assertThat(page.breaks().get(0).eventType()).isEqualTo("RESERVE_DEPOSIT");

    var single =
        QueryAnswers.breakView(ask(f, PARTNER, Requests.QueryRequest.breakById("B3")).result());
    assertThat(single.openedHeight()).isEqualTo(6L);
  }

  @Test
  void breaksPageOneAtATimeInTheSameOrder() {
    Fixture f = threeBreaks();
    List<String> ids = new ArrayList<>();
    String cursor = "";
    for (int page = 0; page < 10; page++) {
      var answer =
          QueryAnswers.breaks(
              ask(f, PARTNER, Requests.QueryRequest.breaks(AGREEMENT, "", 1, cursor)).result());
      answer.breaks().forEach(b -> ids.add(b.id()));
      cursor = answer.nextCursor();
      if (cursor.isEmpty()) {
        break;
      }
    }
    assertThat(ids).containsExactly("B1", "B2", "B3");
    assertThat(cursor).isEmpty();
  }

  private static void resolveByCorrection(Fixture f, String depositRef, long leadAmount) {
    f.ok(
        f.attest(
            PARTNER_CERT,
            Samples.deposit(depositRef, leadAmount).withAction(Action.CORRECT, "as the lead")));
  }

  @Test
  void aBreakChangingStateBetweenPagesIsNeitherSkippedNorRepeated() {
    Fixture f = threeBreaks();
    List<String> ids = new ArrayList<>();
    var first =
        QueryAnswers.breaks(
            ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "OPEN", 1, "")).result());
    first.breaks().forEach(b -> ids.add(b.id()));
    assertThat(ids).hasSize(1);
    // The break just read is resolved before the next page: it leaves the OPEN filter, which must
    // not shift the position of the next page.
    String returned = ids.get(0);
    var b = f.breakOf(returned);
    resolveByCorrection(
        f,
        b.key.eventRef(),
        f.recon(EventType.RESERVE_DEPOSIT, b.key.eventRef()).lead.record().amount());
    assertThat(f.breakOf(returned).state).isEqualTo(Break.State.RESOLVED);
    String cursor = first.nextCursor();
    for (int page = 0; page < 10 && !cursor.isEmpty(); page++) {
      var answer =
          QueryAnswers.breaks(
              ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "OPEN", 1, cursor)).result());
      answer.breaks().forEach(v -> ids.add(v.id()));
      cursor = answer.nextCursor();
    }
    assertThat(ids).containsExactly("B1", "B2", "B3");
  }

  @Test
  void anOpenWorkQueueReadStartsPastTheClosedPrefix() {
    Fixture f = threeBreaks();
    resolveByCorrection(f, "DEP1", 100_00);
    resolveByCorrection(f, "DEP2", 300_00);
    assertThat(f.breakOf("B1").state).isEqualTo(Break.State.RESOLVED);
    long closeAt = ShanghaiCalendar.startOfDay(Fixture.DAY + 1) + Samples.terms().closeGraceMs();
    f.blockAt(closeAt);
    assertThat(f.breakOf("B2").state).isEqualTo(Break.State.CLOSED);
    assertThat(f.read(Breaks.liveKey(AGREEMENT)).value()).isEqualTo(2);

    List<String> breakReads = new ArrayList<>();
    StateView counting =
        key -> {
          String text = new String(key.unsafeArray(), StandardCharsets.UTF_8);
          if (text.startsWith("brk/")) {
            breakReads.add(text);
          }
          return f.state.get(key);
        };
    var open =
        QueryAnswers.breaks(
            f.app
                .query(
                    counting,
                    LEAD,
                    Requests.QueryRequest.CODEC.encode(
                        Requests.QueryRequest.breaks(AGREEMENT, "OPEN", 0, "")))
                .result());
    assertThat(open.breaks()).extracting(QueryAnswers.BreakView::id).containsExactly("B3");
    assertThat(breakReads).as("the closed breaks are not read").containsExactly("brk/B3");

    // The closed breaks are still listed when asked for.
    var closed =
        QueryAnswers.breaks(
            ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "CLOSED", 0, "")).result());
    assertThat(closed.breaks()).extracting(QueryAnswers.BreakView::id).containsExactly("B1", "B2");
    var all =
        QueryAnswers.breaks(
            ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "", 0, "")).result());
    assertThat(all.breaks()).hasSize(3);
  }

  @Test
  void breaksFilterByStateAndRefuseOutsidersAndBadInput() {
    Fixture f = threeBreaks();
    var resolved =
        QueryAnswers.breaks(
            ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "RESOLVED", 0, "")).result());
    assertThat(resolved.breaks()).isEmpty();
    var open =
        QueryAnswers.breaks(
            ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "OPEN", 0, "")).result());
    assertThat(open.breaks()).hasSize(3);

    assertThat(refusal(ask(f, OUTSIDER, Requests.QueryRequest.breaks(AGREEMENT, "", 0, ""))))
        .isEqualTo(Admission.NOT_A_PARTY);
    assertThat(refusal(ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "SHUT", 0, ""))))
        .isEqualTo(Queries.MALFORMED);
    assertThat(refusal(ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "", 0, "x:y"))))
        .isEqualTo(Queries.MALFORMED);
    assertThat(refusal(ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "", 0, "4:1"))))
        .isEqualTo(Queries.MALFORMED);
    assertThat(refusal(ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "", 0, "-1"))))
        .isEqualTo(Queries.MALFORMED);
  }

  @Test
  void pagedQueriesRoundTripAndCheckTheirFields() {
    var query = Requests.QueryRequest.breaks(AGREEMENT, "OPEN", 20, "4:1");
    assertThat(Samples.roundTrip(Requests.QueryRequest.CODEC, query)).isEqualTo(query);
    var agreements = Requests.QueryRequest.agreements(5, "7");
    assertThat(Samples.roundTrip(Requests.QueryRequest.CODEC, agreements)).isEqualTo(agreements);
    var records =
        Requests.QueryRequest.records(
            AGREEMENT, Fixture.DAY, "", null, ColendingLimits.QUERY_RECORDS_MAX, "1000");
    assertThat(Samples.roundTrip(Requests.QueryRequest.CODEC, records)).isEqualTo(records);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Requests.QueryRequest.records(
                    AGREEMENT, Fixture.DAY, "", null, ColendingLimits.QUERY_RECORDS_MAX + 1, ""))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Requests.QueryRequest.breaks(AGREEMENT, "", ColendingLimits.QUERY_PAGE_MAX + 1, ""))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new Requests.QueryRequest(
                    Requests.QueryKind.POSITION, AGREEMENT, "", 0, "", null, 5, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
