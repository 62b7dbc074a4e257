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

/**
 * What a channel that imports governance decisions knows of the governance channel, derived from
 * its own chain alone: the governance validator set that seals governance headers from height
 * {@code setFromHeight} on, and the number and governance height of the last decision it imported.
 * It starts from the channel's {@link GovernanceAnchor} and changes only by {@link #after} an
 * update that {@link #check} accepted.
 *
 * @param setFromHeight the governance height from which {@code validators} seal headers
 * @param lastSequence the last imported decision's number (0: none yet)
 * @param lastHeight the governance height of the header that proved it (0: none yet)
 */
public record GovernanceView(
    String channel,
    ValidatorSet validators,
    long setFromHeight,
    boolean sealFromEveryInstitution,
    long lastSequence,
    long lastHeight) {
  public static final String WRONG_CHANNEL = "governance-update-wrong-channel";
  public static final String STALE = "governance-update-stale";
  public static final String SET_UNKNOWN = "governance-set-unknown";
  public static final String MALFORMED = "governance-update-malformed";
  public static final String OUT_OF_ORDER = "governance-decision-out-of-order";

  public static final Codec<GovernanceView> CODEC =
      new SimpleCodec<>(
          Tags.GOVERNANCE_VIEW,
          1,
          CoreLimits.GENESIS_BYTES_MAX,
          GovernanceView::write,
          GovernanceView::read);

  public GovernanceView {
    Fields.identifier(channel, "governance channel");
    Objects.requireNonNull(validators, "validators");
    Fields.atLeast(setFromHeight, 1, "setFromHeight");
    Fields.atLeast(lastSequence, 0, "lastSequence");
    Fields.atLeast(lastHeight, 0, "lastHeight");
  }

  /** Before any import: the anchor's set from governance height 1, nothing imported. */
  public static GovernanceView of(GovernanceAnchor anchor) {
    return new GovernanceView(
        anchor.channel(), anchor.validators(), 1, anchor.sealFromEveryInstitution(), 0, 0);
  }

  /**
   * Accepted when {@code update}'s set changes each follow from the set before them, and its
   * header, sealed by the set they lead to, commits to an accepted governance receipt whose
   * decision is the next one in order. Cheap checks run first; seal signatures after them.
   */
  public Check check(CryptoSuite suite, GovernanceUpdate update) {
    BlockHeader header = update.committing().header();
    Check cheap =
        Check.require(
                header.channel().equals(channel),
                WRONG_CHANNEL,
                () -> "a header of " + header.channel() + ", not of governance " + channel)
            .and(
                () ->
                    Check.require(
                        header.height() >= lastHeight,
                        STALE,
                        () ->
                            "governance height "
                                + header.height()
                                + " is below the last imported "
                                + lastHeight))
            .and(() -> checkSequence(update));
    if (!cheap.isAccepted()) {
      return cheap;
    }
    GovernanceView view = this;
    for (CertifiedChange change : update.setChanges()) {
      Check followed = view.checkSetChange(suite, change, header.height());
      if (!followed.isAccepted()) {
        return followed;
      }
      view = view.withSetAfter(change);
    }
    return view.checkSealed(suite, update.committing())
        .and(() -> update.proof().verify(suite, header));
  }

  private Check checkSequence(GovernanceUpdate update) {
    GovernanceDecision decision;
    try {
      decision = update.decision();
    } catch (CodecException e) {
      return Check.rejected(MALFORMED, e.getMessage());
    }
    return Check.require(
        decision.sequence() == lastSequence + 1,
        OUT_OF_ORDER,
        () ->
            "decision "
                + decision.sequence()
                + " arrived; the next to import is "
                + (lastSequence + 1));
  }

  /** A governance set change at height h, whose new set seals from h + 1 on. */
  private Check checkSetChange(CryptoSuite suite, CertifiedChange change, long decisionHeight) {
    long height = change.height();
    if (height < setFromHeight || height + 1 > decisionHeight) {
      return Check.rejected(
          STALE,
          "a governance set change at height "
              + height
              + " is outside ["
              + setFromHeight
              + ", "
              + (decisionHeight - 1)
              + "]");
    }
    Check sealed =
        checkSealed(suite, change.block())
            .and(() -> change.proof().verify(suite, change.block().header()));
    if (!sealed.isAccepted()) {
      return sealed;
    }
    try {
      Transaction transaction = Transaction.CODEC.decode(change.proof().leaf());
      return Check.require(
          ValidatorSetChange.isPlain(transaction.body())
              && transaction.body().channel().equals(channel),
          MALFORMED,
          () -> "the proven governance transaction is not a validator-set change of " + channel);
    } catch (CodecException e) {
      return Check.rejected(MALFORMED, e.getMessage());
    }
  }

  private Check checkSealed(CryptoSuite suite, CertifiedHeader certified) {
    BlockHeader header = certified.header();
    if (!header.channel().equals(channel)) {
      return Check.rejected(WRONG_CHANNEL, "a header of " + header.channel());
    }
    if (header.height() < setFromHeight
        || !header.validatorSetHash().equals(validators.hash(suite))) {
      return Check.rejected(
          SET_UNKNOWN,
          "governance header "
              + header.height()
              + " names validator set "
              + header.validatorSetHash().shortHex()
              + "; this channel knows "
              + validators.hash(suite).shortHex()
              + " from height "
              + setFromHeight
              + " (the update must carry the governance set changes in between)");
    }
    return BlockCertificates.verify(
        suite, header, certified.certificate(), validators, sealFromEveryInstitution);
  }

  private GovernanceView withSetAfter(CertifiedChange change) {
    Transaction transaction = Transaction.CODEC.decode(change.proof().leaf());
    ValidatorSet next = ValidatorSetChange.CODEC.decode(transaction.body().payload()).next();
    return new GovernanceView(
        channel, next, change.height() + 1, sealFromEveryInstitution, lastSequence, lastHeight);
  }

  /** The view after importing {@code update}, which {@link #check} accepted. */
  public GovernanceView after(GovernanceUpdate update) {
    GovernanceView view = this;
    for (CertifiedChange change : update.setChanges()) {
      view = view.withSetAfter(change);
    }
    return new GovernanceView(
        channel,
        view.validators,
        view.setFromHeight,
        sealFromEveryInstitution,
        update.decision().sequence(),
        update.committing().header().height());
  }

  static void write(Writer writer, GovernanceView view) {
    writer.string(view.channel, CoreLimits.IDENTIFIER_BYTES_MAX);
    ValidatorSet.CODEC.writeTo(writer, view.validators);
    writer.i64(view.setFromHeight);
    writer.bool(view.sealFromEveryInstitution);
    writer.i64(view.lastSequence).i64(view.lastHeight);
  }

  static GovernanceView read(Reader reader) {
    return new GovernanceView(
        Fields.readIdentifier(reader, "governance channel"),
        ValidatorSet.CODEC.readFrom(reader),
        reader.i64("set from height"),
        reader.bool("governance seal from every institution"),
        reader.i64("last sequence"),
        reader.i64("last height"));
  }
}
