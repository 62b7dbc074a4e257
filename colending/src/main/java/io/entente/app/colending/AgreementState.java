package io.entente.app.colending;

import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Writer;
import java.util.List;

/** An agreement's terms and whether the partner has accepted them. Key {@code agr/<id>}. */
record AgreementState(AgreementTerms terms, Status status, String proposedBy, String acceptedBy) {
  enum Status {
    PROPOSED,
    ACTIVE
  }

  static final Codec<AgreementState> CODEC =
      new SimpleCodec<>(
          ColendingTags.AGREEMENT_STATE, 1, 2048, AgreementState::write, AgreementState::read);

  boolean active() {
    return status == Status.ACTIVE;
  }

  /** Whether the institution is the lead or the partner of this agreement. */
  boolean isParty(String institution) {
    return terms.lead().equals(institution) || terms.partner().equals(institution);
  }

  static Store.Key<AgreementState> key(String agreement) {
    return Store.Key.immutable("agr/" + agreement, CODEC);
  }

  private static void write(Writer writer, AgreementState state) {
    AgreementTerms.CODEC.writeTo(writer, state.terms);
    Fields.writeEnum(writer, state.status);
    writer.string(state.proposedBy, ColendingLimits.USER_BYTES_MAX);
    writer.string(state.acceptedBy, ColendingLimits.USER_BYTES_MAX);
  }

  private static AgreementState read(Reader reader) {
    return new AgreementState(
        AgreementTerms.CODEC.readFrom(reader),
        Fields.readEnum(reader, Status.values(), "status"),
        reader.string(ColendingLimits.USER_BYTES_MAX, "proposed by"),
        reader.string(ColendingLimits.USER_BYTES_MAX, "accepted by"));
  }

  /** The active agreements of the channel, sorted: the few a block's deadline pass visits. */
  record ActiveList(List<String> agreements) {
    static final Codec<ActiveList> CODEC =
        new SimpleCodec<>(
            ColendingTags.AGREEMENT_LIST,
            1,
            1024 * 1024,
            (w, v) -> w.list(v.agreements, ColendingLimits.AGREEMENTS_MAX, Fields::writeRef),
            r ->
                new ActiveList(
                    r.sortedList(
                        ColendingLimits.AGREEMENTS_MAX,
                        "agreements",
                        rr -> Fields.readRef(rr, "agreement"),
                        String::compareTo)));

    static final Store.Key<ActiveList> KEY = Store.Key.immutable("agreements", CODEC);

    ActiveList {
      agreements = List.copyOf(agreements);
    }
  }
}
