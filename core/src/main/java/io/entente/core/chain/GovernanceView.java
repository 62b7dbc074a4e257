package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.check.Check;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.util.Objects;
import java.util.Optional;

/**
 * What a channel that imports governance decisions knows of the governance channel, derived from
 * its own chain alone: the governance validator set that seals the headers it will be shown (and a
 * announced successor set with the governance height it takes over from), and the number and
 * governance height of the last decision it imported. It starts from the channel's {@link
 * GovernanceAnchor} and changes only by {@link #after} an accepted {@link GovernanceUpdate}.
 *
 * @param lastSequence the last imported decision's number (0: none yet)
 * @param lastHeight the governance height of the header that proved it (0: none yet)
 */
public record GovernanceView(
    String channel,
    ValidatorSet validators,
    boolean sealFromEveryInstitution,
    Optional<GovernanceDecision.GovernanceValidators> next,
    long lastSequence,
    long lastHeight) {
  public static final String WRONG_CHANNEL = "governance-update-wrong-channel";
  public static final String STALE = "governance-update-stale";
  public static final String SET_UNKNOWN = "governance-set-unknown";
  public static final String MALFORMED = "governance-update-malformed";
  public static final String OUT_OF_ORDER = "governance-decision-out-of-order";
  public static final String SET_CHANGE_PENDING = "governance-set-change-pending";

  public static final Codec<GovernanceView> CODEC =
      new SimpleCodec<>(
          Tags.GOVERNANCE_VIEW,
          1,
          16 + CoreLimits.GENESIS_BYTES_MAX,
          GovernanceView::write,
          GovernanceView::read);

  public GovernanceView {
    Fields.identifier(channel, "governance channel");
    Objects.requireNonNull(validators, "validators");
    Objects.requireNonNull(next, "next");
    Fields.atLeast(lastSequence, 0, "lastSequence");
    Fields.atLeast(lastHeight, 0, "lastHeight");
  }

  /** Before any import: the anchor's set, nothing imported. */
  public static GovernanceView of(GovernanceAnchor anchor) {
    return new GovernanceView(
        anchor.channel(),
        anchor.validators(),
        anchor.sealFromEveryInstitution(),
        Optional.empty(),
        0,
        0);
  }

  /** The governance set that seals the header of {@code height}, as far as this view knows. */
  public ValidatorSet setAt(long height) {
    return next.isPresent() && height >= next.get().fromHeight() ? next.get().next() : validators;
  }

  /**
   * Accepted when {@code update} proves, with a valid certificate of the governance set this view
   * knows for its height, an accepted governance receipt whose decision is the next one in order.
   * Cheap checks run first; seal signatures after them.
   */
  public Check check(CryptoSuite suite, GovernanceUpdate update) {
    BlockHeader header = update.committing().header();
    if (!header.channel().equals(channel)) {
      return Check.rejected(
          WRONG_CHANNEL, "a header of " + header.channel() + ", not of governance " + channel);
    }
    if (header.height() < lastHeight) {
      return Check.rejected(
          STALE,
          "governance height " + header.height() + " is below the last imported " + lastHeight);
    }
    GovernanceDecision decision;
    try {
      decision = update.decision();
    } catch (CodecException e) {
      return Check.rejected(MALFORMED, e.getMessage());
    }
    if (decision.sequence() != lastSequence + 1) {
      return Check.rejected(
          OUT_OF_ORDER,
          "decision "
              + decision.sequence()
              + " arrived; the next to import is "
              + (lastSequence + 1));
    }
    ValidatorSet set = setAt(header.height());
    if (!header.validatorSetHash().equals(set.hash(suite))) {
      return Check.rejected(
          SET_UNKNOWN,
          "governance header "
              + header.height()
              + " names validator set "
              + header.validatorSetHash().shortHex()
              + "; this channel knows "
              + set.hash(suite).shortHex()
              + " (import the decision that changed the governance set first)");
    }
    return checkSetChange(decision, header)
        .and(
            () ->
                BlockCertificates.verify(
                    suite,
                    header,
                    update.committing().certificate(),
                    set,
                    sealFromEveryInstitution))
        .and(() -> update.proof().verify(suite, header));
  }

  private Check checkSetChange(GovernanceDecision decision, BlockHeader header) {
    if (!(decision.effect() instanceof GovernanceDecision.GovernanceValidators change)) {
      return Check.accepted();
    }
    if (next.isPresent() && header.height() < next.get().fromHeight()) {
      return Check.rejected(
          SET_CHANGE_PENDING,
          "the governance set already changes at height " + next.get().fromHeight());
    }
    return Check.require(
        change.fromHeight() > header.height(),
        STALE,
        () ->
            "a governance set from height "
                + change.fromHeight()
                + " announced only at height "
                + header.height());
  }

  /** The view after importing {@code update}, which {@link #check} accepted. */
  public GovernanceView after(GovernanceUpdate update) {
    long height = update.committing().header().height();
    GovernanceDecision decision = update.decision();
    ValidatorSet current = setAt(height);
    Optional<GovernanceDecision.GovernanceValidators> pending =
        next.isPresent() && height < next.get().fromHeight() ? next : Optional.empty();
    if (decision.effect() instanceof GovernanceDecision.GovernanceValidators change) {
      pending = Optional.of(change);
    }
    return new GovernanceView(
        channel, current, sealFromEveryInstitution, pending, decision.sequence(), height);
  }

  static void write(Writer writer, GovernanceView view) {
    writer.string(view.channel, CoreLimits.IDENTIFIER_BYTES_MAX);
    ValidatorSet.CODEC.writeTo(writer, view.validators);
    writer.bool(view.sealFromEveryInstitution);
    writer.optional(
        view.next.orElse(null),
        (out, change) -> {
          ValidatorSet.CODEC.writeTo(out, change.next());
          out.i64(change.fromHeight());
        });
    writer.i64(view.lastSequence).i64(view.lastHeight);
  }

  static GovernanceView read(Reader reader) {
    String channel = Fields.readIdentifier(reader, "governance channel");
    ValidatorSet validators = ValidatorSet.CODEC.readFrom(reader);
    boolean everyInstitution = reader.bool("governance seal from every institution");
    Optional<GovernanceDecision.GovernanceValidators> next =
        Optional.ofNullable(
            reader.optional(
                "next governance set",
                in ->
                    new GovernanceDecision.GovernanceValidators(
                        ValidatorSet.CODEC.readFrom(in), in.i64("from height"))));
    return new GovernanceView(
        channel,
        validators,
        everyInstitution,
        next,
        reader.i64("last sequence"),
        reader.i64("last height"));
  }
}
