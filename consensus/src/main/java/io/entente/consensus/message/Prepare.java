package io.entente.consensus.message;

import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Tags;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import java.util.Objects;

/** A PREPARE message: the signed payload is the whole message. */
public record Prepare(PreparePayload payload, Hash author, Signature signature)
    implements SignedMessage, Message {
  public static final Codec<Prepare> CODEC =
      Wire.signedCodec(Tags.PREPARE, PreparePayload.CODEC, Prepare::payload, Prepare::new);

  public Prepare {
    Objects.requireNonNull(payload, "payload");
    Wire.author(author);
    Objects.requireNonNull(signature, "signature");
  }

  @Override
  public SignedMessage signed() {
    return this;
  }

  public static Prepare sign(CryptoSuite suite, Signer signer, PreparePayload payload) {
    Hash author = SignedMessage.authorOf(suite, signer);
    return new Prepare(payload, author, signer.sign(payload.encode()));
  }
}
