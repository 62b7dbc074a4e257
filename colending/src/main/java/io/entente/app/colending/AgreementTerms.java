package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Writer;
import java.util.Objects;

/**
 * A co-lending agreement's terms, proposed by the lead and accepted by the partner.
 *
 * @param reserveWarnFen available reserve below which a warning alert is raised
 * @param reserveCriticalFen available reserve below which a critical alert is raised (≤ warn)
 * @param counterpartSlaMs how long, in block time, the counterpart has to report a key
 * @param dateToleranceDays value dates this far apart still match (with a timing note)
 * @param holdTtlMs how long a granted hold lasts unless a disbursement consumes it
 * @param partnerPrincipalCapFen cap on the partner's outstanding principal in this agreement
 * @param leadFloorBp the lead's minimum principal share (3000 = 30%); 0 turns the check off
 * @param closeGraceMs after 00:00 of the next day, how long before a day closes by itself
 */
public record AgreementTerms(
    String id,
    String lead,
    String partner,
    String currency,
    SplitTable split,
    long reserveWarnFen,
    long reserveCriticalFen,
    long counterpartSlaMs,
    int dateToleranceDays,
    long holdTtlMs,
    long partnerPrincipalCapFen,
    int leadFloorBp,
    long closeGraceMs) {

  public static final Codec<AgreementTerms> CODEC =
      new SimpleCodec<>(
          ColendingTags.AGREEMENT_TERMS, 1, 1024, AgreementTerms::write, AgreementTerms::read);

  public AgreementTerms {
    Fields.ref(id, "agreement id");
    Fields.ref(lead, "lead");
    Fields.ref(partner, "partner");
    if (lead.equals(partner)) {
      throw new IllegalArgumentException("lead and partner are the same institution");
    }
    currency(currency);
    Objects.requireNonNull(split, "split");
    Fields.fen(reserveWarnFen, "reserve warn");
    Fields.fen(reserveCriticalFen, "reserve critical");
    if (reserveCriticalFen > reserveWarnFen) {
      throw new IllegalArgumentException("the critical threshold is above the warning threshold");
    }
    positive(counterpartSlaMs, "counterpart SLA");
    if (dateToleranceDays < 0 || dateToleranceDays > ColendingLimits.DATE_TOLERANCE_DAYS_MAX) {
      throw new IllegalArgumentException("date tolerance of " + dateToleranceDays + " days");
    }
    positive(holdTtlMs, "hold TTL");
    Fields.fen(partnerPrincipalCapFen, "partner principal cap");
    Fields.basisPoints(leadFloorBp, "lead floor");
    if (split.principalBp() > ColendingLimits.BASIS_POINTS_WHOLE - leadFloorBp) {
      throw new IllegalArgumentException(
          "the partner's principal share of "
              + split.principalBp()
              + " bp leaves the lead less than its floor of "
              + leadFloorBp
              + " bp");
    }
    if (closeGraceMs < 0 || closeGraceMs >= ColendingLimits.DAY_MS) {
      throw new IllegalArgumentException("close grace of " + closeGraceMs + " ms");
    }
  }

  /** ISO 4217: three capital letters. */
  static String currency(String value) {
    Objects.requireNonNull(value, "currency");
    if (value.length() != 3 || !value.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new IllegalArgumentException("currency '" + value + "' is not ISO 4217");
    }
    return value;
  }

  private static void positive(long value, String field) {
    if (value <= 0 || value > 366 * ColendingLimits.DAY_MS) {
      throw new IllegalArgumentException(field + " = " + value + " ms is out of range");
    }
  }

  static void write(Writer writer, AgreementTerms terms) {
    Fields.writeRef(writer, terms.id);
    Fields.writeRef(writer, terms.lead);
    Fields.writeRef(writer, terms.partner);
    writer.string(terms.currency, 3);
    terms.split.write(writer);
    writer.i64(terms.reserveWarnFen).i64(terms.reserveCriticalFen).i64(terms.counterpartSlaMs);
    writer.u8(terms.dateToleranceDays);
    writer.i64(terms.holdTtlMs).i64(terms.partnerPrincipalCapFen);
    writer.u16(terms.leadFloorBp);
    writer.i64(terms.closeGraceMs);
  }

  static AgreementTerms read(Reader reader) {
    return new AgreementTerms(
        Fields.readRef(reader, "agreement id"),
        Fields.readRef(reader, "lead"),
        Fields.readRef(reader, "partner"),
        reader.string(3, "currency"),
        SplitTable.read(reader),
        reader.i64("reserve warn"),
        reader.i64("reserve critical"),
        reader.i64("counterpart SLA"),
        reader.u8("date tolerance"),
        reader.i64("hold TTL"),
        reader.i64("partner principal cap"),
        reader.u16("lead floor"),
        reader.i64("close grace"));
  }
}
