package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.Application;
import io.entente.core.check.Check;
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
    AgreementTerms t = Samples.terms();
    return new AgreementTerms(
        "wld-2027",
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
  void breaksComeOldestFirstThenLargerAmountWithTheirOpeningHeight() {
    Fixture f = threeBreaks();
    var page =
        QueryAnswers.breaks(
            ask(f, LEAD, Requests.QueryRequest.breaks(AGREEMENT, "", 0, "")).result());
    assertThat(page.breaks())
        .extracting(QueryAnswers.BreakView::eventRef)
        .containsExactly("DEP2", "DEP1", "DEP3");
    assertThat(page.breaks())
        .extracting(QueryAnswers.BreakView::id)
        .containsExactly("B2", "B1", "B3");
    assertThat(page.nextCursor()).isEmpty();
    // Block 1 proposes, 2 accepts, 3 and 4 attest: the first two breaks opened at height 4.
    assertThat(page.breaks())
        .extracting(QueryAnswers.BreakView::openedHeight)
        .containsExactly(4L, 4L, 6L);
    assertThat(page.breaks().get(0).amountAtStake())
        .isGreaterThan(page.breaks().get(1).amountAtStake());
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
    assertThat(ids).containsExactly("B2", "B1", "B3");
    assertThat(cursor).isEmpty();
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
  }

  @Test
  void pagedQueriesRoundTripAndCheckTheirFields() {
    var query = Requests.QueryRequest.breaks(AGREEMENT, "OPEN", 20, "4:1");
    assertThat(Samples.roundTrip(Requests.QueryRequest.CODEC, query)).isEqualTo(query);
    var agreements = Requests.QueryRequest.agreements(5, "7");
    assertThat(Samples.roundTrip(Requests.QueryRequest.CODEC, agreements)).isEqualTo(agreements);
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
