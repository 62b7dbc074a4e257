package io.entente.consensus.message;

import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Codec;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Tags;
import java.util.List;

/**
 * Encoding and decoding of messages, signed payloads and log records whose type is known only from
 * the first byte, and the registry of every consensus codec (with the name its golden vector files
 * use).
 */
public final class Messages {
  private Messages() {}

  /** A codec and the name of its golden vector files ({@code <name>.v<version>.hex}). */
  public record Named(String name, Codec<?> codec) {}

  public static final List<Named> CODECS =
      List.of(
          new Named("proposal-payload", ProposalPayload.CODEC),
          new Named("prepare-payload", PreparePayload.CODEC),
          new Named("commit-payload", CommitPayload.CODEC),
          new Named("round-change-payload", RoundChangePayload.CODEC),
          new Named("signed-proposal", SignedProposal.CODEC),
          new Named("prepare", Prepare.CODEC),
          new Named("commit", Commit.CODEC),
          new Named("signed-round-change", SignedRoundChange.CODEC),
          new Named("proposal", Proposal.CODEC),
          new Named("round-change", RoundChange.CODEC),
          new Named("equivocation", Equivocation.CODEC),
          new Named("prepared-state", PreparedState.CODEC));

  public static Bytes encode(Message message) {
    if (message instanceof Proposal proposal) {
      return Proposal.CODEC.encode(proposal);
    } else if (message instanceof Prepare prepare) {
      return Prepare.CODEC.encode(prepare);
    } else if (message instanceof Commit commit) {
      return Commit.CODEC.encode(commit);
    } else if (message instanceof RoundChange roundChange) {
      return RoundChange.CODEC.encode(roundChange);
    }
    throw new AssertionError("unknown message " + message.getClass());
  }

  /** A message of any type; throws {@link CodecException} on anything else. */
  public static Message decode(Bytes encoded) {
    return switch (tagOf(encoded)) {
      case Tags.PROPOSAL -> Proposal.CODEC.decode(encoded);
      case Tags.PREPARE -> Prepare.CODEC.decode(encoded);
      case Tags.COMMIT -> Commit.CODEC.decode(encoded);
      case Tags.ROUND_CHANGE -> RoundChange.CODEC.decode(encoded);
      default -> throw badTag(encoded, "message");
    };
  }

  public static Bytes encodeSigned(SignedMessage signed) {
    if (signed instanceof SignedProposal proposal) {
      return SignedProposal.CODEC.encode(proposal);
    } else if (signed instanceof Prepare prepare) {
      return Prepare.CODEC.encode(prepare);
    } else if (signed instanceof Commit commit) {
      return Commit.CODEC.encode(commit);
    } else if (signed instanceof SignedRoundChange roundChange) {
      return SignedRoundChange.CODEC.encode(roundChange);
    }
    throw new AssertionError("unknown signed message " + signed.getClass());
  }

  public static SignedMessage decodeSigned(Bytes encoded) {
    return switch (tagOf(encoded)) {
      case Tags.SIGNED_PROPOSAL -> SignedProposal.CODEC.decode(encoded);
      case Tags.PREPARE -> Prepare.CODEC.decode(encoded);
      case Tags.COMMIT -> Commit.CODEC.decode(encoded);
      case Tags.SIGNED_ROUND_CHANGE -> SignedRoundChange.CODEC.decode(encoded);
      default -> throw badTag(encoded, "signed message");
    };
  }

  public static Bytes encodeRecord(DurableRecord record) {
    if (record instanceof Message message) {
      return encode(message);
    } else if (record instanceof PreparedState state) {
      return PreparedState.CODEC.encode(state);
    }
    throw new AssertionError("unknown record " + record.getClass());
  }

  public static DurableRecord decodeRecord(Bytes encoded) {
    return tagOf(encoded) == Tags.PREPARED_STATE
        ? PreparedState.CODEC.decode(encoded)
        : decode(encoded);
  }

  private static int tagOf(Bytes encoded) {
    if (encoded.length() == 0) {
      throw new CodecException(CodecException.TRUNCATED, "no type tag");
    }
    return encoded.get(0) & 0xFF;
  }

  private static CodecException badTag(Bytes encoded, String what) {
    return new CodecException(
        CodecException.BAD_TAG, "type tag " + tagOf(encoded) + " is not a " + what);
  }
}
