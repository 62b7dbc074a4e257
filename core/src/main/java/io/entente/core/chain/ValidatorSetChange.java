package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The payload of a transaction with application {@value #APPLICATION} and type {@value #TYPE}: the
 * validator set that takes over. A {@link GovernanceUpdate} whose decision sets the channel's
 * validators changes the set the same way; {@link #isChange} and {@link #proposed} cover both.
 *
 * <p>The rule: a block contains at most one such transaction. Its inclusion in block h, a block
 * with a valid certificate, makes the set of height h + 1 equal to {@code next}. Whether the change
 * is allowed is judged when block h is validated, before anyone seals it; so inclusion <em>is</em>
 * the effect and there is no later execution result to wait for. That is what lets an offline
 * auditor follow the validator sets from genesis with certified headers alone: header h + 1 names
 * the new set by its {@code validatorSetHash}, and an inclusion proof of the change transaction
 * against header h's {@code txRoot} shows where it came from.
 */
public record ValidatorSetChange(ValidatorSet next) {
  public static final String APPLICATION = "ledger";
  public static final String TYPE = "validator-set";

  public static final String MORE_THAN_ONE = "validator-set-change-more-than-one";
  public static final String MALFORMED = "validator-set-change-malformed";
  public static final String OTHER_SUITE = "validator-set-change-other-suite";

  public static final Codec<ValidatorSetChange> CODEC =
      new SimpleCodec<>(
          Tags.VALIDATOR_SET_CHANGE,
          1,
          CoreLimits.VALIDATOR_SET_CHANGE_BYTES_MAX,
          ValidatorSetChange::write,
          ValidatorSetChange::read);

  public ValidatorSetChange {
    Objects.requireNonNull(next, "next");
  }

  /** A plain change: application {@value #APPLICATION}, type {@value #TYPE}. */
  public static boolean isPlain(TxBody body) {
    return body.application().equals(APPLICATION) && body.type().equals(TYPE);
  }

  /**
   * Whether the transaction changes its channel's validator set: a plain change, or a {@link
   * GovernanceUpdate} whose decision sets this channel's validators. An update that does not decode
   * is not a change here; the channel's admission refuses it.
   */
  public static boolean isChange(TxBody body) {
    return isPlain(body) || governanceSet(body).isPresent();
  }

  /**
   * The set a change transaction proposes; a codec exception when a plain change does not decode.
   * Empty for a transaction that is not a change.
   */
  public static Optional<ValidatorSet> proposed(TxBody body) {
    return isPlain(body) ? Optional.of(CODEC.decode(body.payload()).next) : governanceSet(body);
  }

  private static Optional<ValidatorSet> governanceSet(TxBody body) {
    if (!GovernanceUpdate.isUpdate(body)) {
      return Optional.empty();
    }
    try {
      GovernanceDecision decision = GovernanceUpdate.CODEC.decode(body.payload()).decision();
      return decision.effect() instanceof GovernanceDecision.ChannelValidators change
              && change.channel().equals(body.channel())
          ? Optional.of(change.next())
          : Optional.empty();
    } catch (CodecException e) {
      return Optional.empty();
    }
  }

  /**
   * The structural rules for the transactions of one block: at most one change, its payload
   * decodes, and the new set keeps the channel's suite. Who may change the set is governance's
   * check.
   */
  public static Check check(ValidatorSet current, List<Transaction> transactions) {
    Optional<Transaction> found = Optional.empty();
    for (Transaction transaction : transactions) {
      if (isChange(transaction.body())) {
        if (found.isPresent()) {
          return Check.rejected(MORE_THAN_ONE, "a block changes the validator set at most once");
        }
        found = Optional.of(transaction);
      }
    }
    if (found.isEmpty()) {
      return Check.accepted();
    }
    ValidatorSet next;
    try {
      next = proposed(found.get().body()).orElseThrow();
    } catch (CodecException e) {
      return Check.rejected(MALFORMED, e.getMessage());
    }
    return Check.require(
        next.suite() == current.suite(),
        OTHER_SUITE,
        () -> "the new set uses " + next.suite().label() + " keys");
  }

  /**
   * The set of height h + 1, given the set of h and the transactions of block h, which passed
   * {@link #check}.
   */
  public static ValidatorSet nextSet(ValidatorSet current, List<Transaction> transactions) {
    Check check = check(current, transactions);
    if (check instanceof Check.Rejected rejected) {
      throw new IllegalStateException("block not checked for set changes: " + rejected);
    }
    for (Transaction transaction : transactions) {
      Optional<ValidatorSet> next = proposed(transaction.body());
      if (next.isPresent()) {
        return next.get();
      }
    }
    return current;
  }

  /** The encoded change, ready to be a transaction payload. */
  public Bytes toPayload() {
    return CODEC.encode(this);
  }

  static void write(Writer writer, ValidatorSetChange change) {
    ValidatorSet.CODEC.writeTo(writer, change.next);
  }

  static ValidatorSetChange read(Reader reader) {
    return new ValidatorSetChange(ValidatorSet.CODEC.readFrom(reader));
  }
}
