package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.pki.Revocation;
import java.util.Objects;

/**
 * A decision of the governance channel that other channels import (DESIGN §1, cross-channel facts):
 * the result bytes of the receipt of the governance transaction that made it.
 *
 * <p>Decisions are numbered 1, 2, 3, … across the whole governance channel, and every channel
 * imports every decision in that order, acting on those that concern it and only counting the
 * others. The consecutive number is what stops a relay from skipping a decision (a revocation, say)
 * or replaying one. The governance channel's own validator-set changes are not decisions of this
 * kind: they are its plain set-change transactions, which an update carries as {@link
 * CertifiedChange}s so the importing channel can follow the set that seals governance headers.
 *
 * @param sequence the decision's number on the governance channel, from 1
 */
public record GovernanceDecision(long sequence, Effect effect) {
  public static final Codec<GovernanceDecision> CODEC =
      new SimpleCodec<>(
          Tags.GOVERNANCE_DECISION,
          1,
          CoreLimits.RECEIPT_RESULT_BYTES_MAX,
          GovernanceDecision::write,
          GovernanceDecision::read);

  public GovernanceDecision {
    Fields.atLeast(sequence, 1, "decision sequence");
    Objects.requireNonNull(effect, "effect");
  }

  /** What a decision does. A new kind of effect is a new codec version. */
  public sealed interface Effect permits ChannelValidators, Revoke {}

  /** Channel {@code channel}'s validator set becomes {@code next} at its next height. */
  public record ChannelValidators(String channel, ValidatorSet next) implements Effect {
    public ChannelValidators {
      Fields.identifier(channel, "channel");
      Objects.requireNonNull(next, "next");
    }
  }

  /** A certificate is revoked everywhere: no node accepts it from then on. */
  public record Revoke(Revocation revocation) implements Effect {
    public Revoke {
      Objects.requireNonNull(revocation, "revocation");
    }
  }

  private static final int CHANNEL_VALIDATORS = 1;
  private static final int REVOKE = 2;

  static void write(Writer writer, GovernanceDecision decision) {
    writer.i64(decision.sequence);
    Effect effect = decision.effect;
    if (effect instanceof ChannelValidators change) {
      writer.u8(CHANNEL_VALIDATORS).string(change.channel(), CoreLimits.IDENTIFIER_BYTES_MAX);
      ValidatorSet.CODEC.writeTo(writer, change.next());
    } else if (effect instanceof Revoke revoke) {
      writer.u8(REVOKE);
      Revocation.write(writer, revoke.revocation());
    } else {
      throw new AssertionError("unknown effect " + effect);
    }
  }

  static GovernanceDecision read(Reader reader) {
    long sequence = reader.i64("decision sequence");
    int kind = reader.u8("effect kind");
    Effect effect;
    if (kind == CHANNEL_VALIDATORS) {
      effect =
          new ChannelValidators(
              Fields.readIdentifier(reader, "channel"), ValidatorSet.CODEC.readFrom(reader));
    } else if (kind == REVOKE) {
      effect = new Revoke(Revocation.read(reader));
    } else {
      throw new CodecException(CodecException.OUT_OF_RANGE, "unknown effect kind " + kind);
    }
    return new GovernanceDecision(sequence, effect);
  }
}
