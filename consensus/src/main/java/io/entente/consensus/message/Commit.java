package io.entente.consensus.message;

import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Tags;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import java.util.Objects;

/** A COMMIT message: the signed payload, which carries the commit seal, is the whole message. */
public record Commit(CommitPayload payload, Hash author, Signature signature)
    implements SignedMessage, Message {
  public static final Codec<Commit> CODEC =
      Wire.signedCodec(Tags.COMMIT, CommitPayload.CODEC, Commit::payload, Commit::new);

  public Commit {
    Objects.requireNonNull(payload, "payload");
    Wire.author(author);
    Objects.requireNonNull(signature, "signature");
  }

  @Override
  public SignedMessage signed() {
    return this;
  }

  public static Commit sign(CryptoSuite suite, Signer signer, CommitPayload payload) {
    Hash author = SignedMessage.authorOf(suite, signer);
    return new Commit(payload, author, signer.sign(payload.encode()));
  }
}
