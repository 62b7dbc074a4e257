package io.entente.colending.generator;

import io.entente.colending.dayfile.Amounts;
import io.entente.colending.dayfile.Component;
import java.util.EnumMap;
import java.util.Map;

/** The generator's split rule: partner portion = ⌊total × bp / 10000⌋, remainder to the lead. */
final class Split {
  private Split() {}

  /** ⌊total × bp / 10000⌋ without overflow for any total up to Long.MAX_VALUE. */
  static long share(long total, int bp) {
    long unit = AgreementTerms.BP_PER_UNIT;
    return (total / unit) * bp + (total % unit) * bp / unit;
  }

  /** The partner portion of every present component. */
  static Amounts portions(AgreementTerms terms, Amounts components) {
    Map<Component, Long> portions = new EnumMap<>(Component.class);
    components.toMap().forEach((c, fen) -> portions.put(c, share(fen, terms.bp(c))));
    return Amounts.of(portions);
  }
}
