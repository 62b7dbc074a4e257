package io.entente.app.colending;

import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The split rule on the ledger, for any split table the lead floor allows and any loan: each
 * component's partner portion is ⌊total × bp / 10000⌋ (worked out here with BigInteger, sharing
 * nothing with the application), the remainder the lead's; the repayment that brings the loan to
 * zero pays the partner exactly what it still has in the loan, so the partner's principal comes
 * back to the fen and its loans account ends at zero.
 */
class SplitProperties {
  /**
   * Instalments of at least one yuan. Below that the rule cannot hold: instalments of 2 fen at
   * 36.59% give the partner 0 each, so the partner can still have more in the loan than the last
   * instalment's principal, and a portion may not exceed its component; the ledger then floors the
   * last one too and the difference stays in the loan (docs/colending.md, Known limits).
   */
  static final long INSTALMENT_FEN_MIN = 100;

  @Provide
  Arbitrary<List<Long>> instalmentWeights() {
    return Arbitraries.longs().between(1, 1_000).list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 80)
  void everyComponentIsFlooredAndTheClosingRepaymentTakesTheRest(
      @ForAll @IntRange(min = 0, max = 7_000) int principalBp,
      @ForAll @IntRange(min = 0, max = 10_000) int interestBp,
      @ForAll @IntRange(min = 0, max = 10_000) int penaltyBp,
      @ForAll @IntRange(min = 0, max = 10_000) int feeBp,
      @ForAll @LongRange(min = INSTALMENT_FEN_MIN, max = 50_000_000_00L) long principal,
      @ForAll("instalmentWeights") List<Long> weights,
      @ForAll @LongRange(min = 0, max = 99_999) long interestSeed) {
    Fixture f = active(new SplitTable(principalBp, interestBp, penaltyBp, feeBp));
    both(f, Samples.deposit("DEP", 100_000_000_00L));
    both(f, Samples.disbursement("D", "L", principal));
    long partnerLent = floor(principal, principalBp);
    assertThat(f.recon(EventType.DISBURSEMENT, "D").agreed.partnerPortion())
        .isEqualTo(new Components(partnerLent, 0, 0, 0));

    List<Long> parts = cut(principal, weights);
    long partnerRepaid = 0;
    for (int i = 0; i < parts.size(); i++) {
      long part = parts.get(i);
      long interest = (interestSeed * (i + 1)) % 10_000_00;
      long penalty = i % 3 == 2 ? interest / 7 : 0;
      Components components = new Components(part, interest, penalty, 0);
      EventRecord repayment =
          Samples.with(
              Samples.repayment("R" + i, "L", part, interest), components.sum(), components);
      both(f, repayment);
      Components portion = f.recon(EventType.REPAYMENT, "R" + i).agreed.partnerPortion();
      boolean last = i == parts.size() - 1;
      long expectedPrincipal = last ? partnerLent - partnerRepaid : floor(part, principalBp);
      assertThat(portion)
          .as("instalment " + (i + 1) + " of " + parts.size() + (last ? " (the last)" : ""))
          .isEqualTo(
              new Components(
                  expectedPrincipal, floor(interest, interestBp), floor(penalty, penaltyBp), 0));
      partnerRepaid += portion.principal();
    }
    assertThat(partnerRepaid).isEqualTo(partnerLent);
    Loan loan = f.read(Loan.key(Fixture.AGREEMENT, "L"));
    assertThat(loan.outstanding()).isZero();
    assertThat(loan.partnerOutstanding()).isZero();
    assertThat(f.position().posted[Account.PARTNER_LOANS.ordinal()]).isZero();

    long fee = principal / 100 + 1;
    both(f, Samples.record(EventType.FEE, "F", "", fee, new Components(0, 0, 0, fee)));
    assertThat(f.recon(EventType.FEE, "F").agreed.partnerPortion())
        .isEqualTo(new Components(0, 0, 0, floor(fee, feeBp)));
  }

  /** ⌊total × bp / 10000⌋, by arithmetic of its own. */
  private static long floor(long total, int bp) {
    return BigInteger.valueOf(total)
        .multiply(BigInteger.valueOf(bp))
        .divide(BigInteger.valueOf(10_000))
        .longValueExact();
  }

  /**
   * {@code total} cut into parts of at least {@link #INSTALMENT_FEN_MIN} in proportion to the
   * weights (fewer if it is small).
   */
  private static List<Long> cut(long total, List<Long> weights) {
    long sum = weights.stream().mapToLong(Long::longValue).sum();
    List<Long> parts = new ArrayList<>();
    long given = 0;
    for (int i = 0; i < weights.size() - 1; i++) {
      long part = total * weights.get(i) / sum;
      if (part >= INSTALMENT_FEN_MIN && total - given - part >= INSTALMENT_FEN_MIN) {
        parts.add(part);
        given += part;
      }
    }
    parts.add(total - given);
    return parts;
  }

  private static Fixture active(SplitTable split) {
    Fixture f = new Fixture();
    AgreementTerms base = Samples.terms();
    AgreementTerms terms =
        new AgreementTerms(
            base.id(),
            base.lead(),
            base.partner(),
            base.currency(),
            split,
            base.reserveWarnFen(),
            base.reserveCriticalFen(),
            base.counterpartSlaMs(),
            base.dateToleranceDays(),
            base.holdTtlMs(),
            1_000_000_000_00L,
            base.leadFloorBp(),
            base.closeGraceMs());
    f.ok(
        f.tx(
            LEAD_CERT,
            ColendingApplication.AGREEMENT_PROPOSE,
            "alice",
            "submitter",
            AgreementTerms.CODEC.encode(terms)));
    f.ok(
        f.tx(
            PARTNER_CERT,
            ColendingApplication.AGREEMENT_ACCEPT,
            "bob",
            "approver",
            Requests.AgreementAccept.CODEC.encode(
                new Requests.AgreementAccept(base.id(), Agreements.termsHash(terms)))));
    return f;
  }

  private static void both(Fixture f, EventRecord record) {
    f.ok(f.attest(LEAD_CERT, record));
    f.ok(f.attest(PARTNER_CERT, record));
  }
}
