package io.entente.consensus.message;

import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Tags;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import java.util.Objects;

/**
 * A signed ROUND-CHANGE payload, as carried in a proposal's justification and in a {@link
 * RoundChange} message.
 */
public record SignedRoundChange(RoundChangePayload payload, Hash author, Signature signature)
    implements SignedMessage {
  public static final Codec<SignedRoundChange> CODEC =
      Wire.signedCodec(
          Tags.SIGNED_ROUND_CHANGE,
          RoundChangePayload.CODEC,
          SignedRoundChange::payload,
          SignedRoundChange::new);

  public SignedRoundChange {
    Objects.requireNonNull(payload, "payload");
    Wire.author(author);
    Objects.requireNonNull(signature, "signature");
  }

  public static SignedRoundChange sign(
      CryptoSuite suite, Signer signer, RoundChangePayload payload) {
    Hash author = SignedMessage.authorOf(suite, signer);
    return new SignedRoundChange(payload, author, signer.sign(payload.encode()));
  }
}
