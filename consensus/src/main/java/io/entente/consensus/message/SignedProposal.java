package io.entente.consensus.message;

import io.entente.consensus.ConsensusLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import java.util.Objects;

/** A signed PROPOSAL payload; the {@link Proposal} message carries it with the block. */
public record SignedProposal(ProposalPayload payload, Hash author, Signature signature)
    implements SignedMessage {
  public static final Codec<SignedProposal> CODEC =
      new SimpleCodec<>(
          Tags.SIGNED_PROPOSAL,
          1,
          ConsensusLimits.SIGNED_BYTES_MAX,
          SignedProposal::write,
          SignedProposal::read);

  public SignedProposal {
    Objects.requireNonNull(payload, "payload");
    Wire.author(author);
    Objects.requireNonNull(signature, "signature");
  }

  public static SignedProposal sign(CryptoSuite suite, Signer signer, ProposalPayload payload) {
    Hash author = SignedMessage.authorOf(suite, signer);
    return new SignedProposal(payload, author, signer.sign(payload.encode()));
  }

  static void write(Writer writer, SignedProposal signed) {
    ProposalPayload.CODEC.writeTo(writer, signed.payload);
    writer.hash(signed.author);
    Wire.writeSignature(writer, signed.signature);
  }

  static SignedProposal read(Reader reader) {
    ProposalPayload payload = ProposalPayload.CODEC.readFrom(reader);
    Hash author = reader.hash("author");
    return new SignedProposal(payload, author, Wire.readSignature(reader));
  }
}
