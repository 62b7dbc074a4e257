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

/** A PREPARE message: the signed payload is the whole message. */
public record Prepare(PreparePayload payload, Hash author, Signature signature)
    implements SignedMessage, Message {
  public static final Codec<Prepare> CODEC =
      new SimpleCodec<>(
          Tags.PREPARE, 1, ConsensusLimits.SIGNED_BYTES_MAX, Prepare::write, Prepare::read);

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

  static void write(Writer writer, Prepare signed) {
    PreparePayload.CODEC.writeTo(writer, signed.payload);
    writer.hash(signed.author);
    Wire.writeSignature(writer, signed.signature);
  }

  static Prepare read(Reader reader) {
    PreparePayload payload = PreparePayload.CODEC.readFrom(reader);
    Hash author = reader.hash("author");
    return new Prepare(payload, author, Wire.readSignature(reader));
  }
}
