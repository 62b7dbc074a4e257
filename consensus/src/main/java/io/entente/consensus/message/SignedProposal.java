package io.entente.consensus.message;

import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Tags;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import java.util.Objects;

/** A signed PROPOSAL payload; the {@link Proposal} message carries it with the block. */
public record SignedProposal(ProposalPayload payload, Hash author, Signature signature)
    implements SignedMessage {
  public static final Codec<SignedProposal> CODEC =
      Wire.signedCodec(
          Tags.SIGNED_PROPOSAL,
          ProposalPayload.CODEC,
          SignedProposal::payload,
          SignedProposal::new);

  public SignedProposal {
    Objects.requireNonNull(payload, "payload");
    Wire.author(author);
    Objects.requireNonNull(signature, "signature");
  }

  public static SignedProposal sign(CryptoSuite suite, Signer signer, ProposalPayload payload) {
    Hash author = SignedMessage.authorOf(suite, signer);
    return new SignedProposal(payload, author, signer.sign(payload.encode()));
  }
}
