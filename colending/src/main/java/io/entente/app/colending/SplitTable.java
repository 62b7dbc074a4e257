package io.entente.app.colending;

import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;

/**
 * The partner's share of each money component, in basis points. The interest split may differ from
 * the funding split (2016: 80% funded, about 70% of interest), so every component has its own.
 */
public record SplitTable(int principalBp, int interestBp, int penaltyBp, int feeBp) {
  public SplitTable {
    Fields.basisPoints(principalBp, "principal split");
    Fields.basisPoints(interestBp, "interest split");
    Fields.basisPoints(penaltyBp, "penalty split");
    Fields.basisPoints(feeBp, "fee split");
  }

  /** ⌊total × bp / 10000⌋ per component; the remainder is the lead's. */
  Components partnerPortion(Components total) {
    return new Components(
        share(total.principal(), principalBp),
        share(total.interest(), interestBp),
        share(total.penalty(), penaltyBp),
        share(total.fee(), feeBp));
  }

  static long share(long totalFen, int basisPoints) {
    // Amounts are at most 10^15 and bp at most 10^4, so the product fits a long.
    return Math.floorDiv(totalFen * basisPoints, ColendingLimits.BASIS_POINTS_WHOLE);
  }

  void write(Writer writer) {
    writer.u16(principalBp).u16(interestBp).u16(penaltyBp).u16(feeBp);
  }

  static SplitTable read(Reader reader) {
    return new SplitTable(
        reader.u16("principal bp"),
        reader.u16("interest bp"),
        reader.u16("penalty bp"),
        reader.u16("fee bp"));
  }
}
