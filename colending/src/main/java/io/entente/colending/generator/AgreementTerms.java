package io.entente.colending.generator;

import io.entente.colending.dayfile.Component;
import java.util.Objects;

/**
 * The generator's own view of one co-lending agreement: who lends together, in which currency, and
 * the partner's share of each money component in basis points. Data only: the split arithmetic is
 * the generator's business (and, separately, the oracle's).
 */
public record AgreementTerms(
    String agreement,
    String leadBank,
    String partnerBank,
    String currency,
    int principalBp,
    int interestBp,
    int penaltyBp,
    int feeBp,
    int dateToleranceDays) {

  /** Since 2022 the lead funds at least 30% of each co-funded loan: the partner at most 70%. */
  public static final int PARTNER_PRINCIPAL_BP_MAX = 7_000;

  public static final int BP_PER_UNIT = 10_000;

  public AgreementTerms {
    Objects.requireNonNull(agreement, "agreement");
    Objects.requireNonNull(leadBank, "leadBank");
    Objects.requireNonNull(partnerBank, "partnerBank");
    Objects.requireNonNull(currency, "currency");
    if (principalBp < 0 || principalBp > PARTNER_PRINCIPAL_BP_MAX) {
      throw new IllegalArgumentException(
          "partner principal share "
              + principalBp
              + " bp is outside 0.."
              + PARTNER_PRINCIPAL_BP_MAX
              + " (the lead funds at least 30%)");
    }
    for (int bp : new int[] {interestBp, penaltyBp, feeBp}) {
      if (bp < 0 || bp > BP_PER_UNIT) {
        throw new IllegalArgumentException("a share of " + bp + " bp is outside 0..10000");
      }
    }
    if (dateToleranceDays < 0) {
      throw new IllegalArgumentException("date tolerance is negative: " + dateToleranceDays);
    }
  }

  /** The partner's share of a component, in basis points. */
  public int bp(Component component) {
    return switch (component) {
      case PRINCIPAL -> principalBp;
      case INTEREST -> interestBp;
      case PENALTY -> penaltyBp;
      case FEE -> feeBp;
    };
  }
}
