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
 * validator set that takes over.
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

  public static boolean isChange(TxBody body) {
    return body.application().equals(APPLICATION) && body.type().equals(TYPE);
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
    ValidatorSetChange change;
    try {
      change = CODEC.decode(found.get().body().payload());
    } catch (CodecException e) {
      return Check.rejected(MALFORMED, e.getMessage());
    }
    return Check.require(
        change.next.suite() == current.suite(),
        OTHER_SUITE,
        () -> "the new set uses " + change.next.suite().label() + " keys");
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
      if (isChange(transaction.body())) {
        return CODEC.decode(transaction.body().payload()).next;
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
