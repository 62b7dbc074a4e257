package io.entente.core.chain;

import io.entente.core.CoreLimits;
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

/**
 * One validator's signature over an encoded {@link SealPayload}.
 *
 * @param validator the fingerprint of the sealing validator's key
 */
public record Seal(Hash validator, Signature signature) {
  public static final Codec<Seal> CODEC =
      new SimpleCodec<>(Tags.SEAL, 1, CoreLimits.SEAL_BYTES_MAX, Seal::write, Seal::read);

  public Seal {
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(signature, "signature");
  }

  public static Seal sign(CryptoSuite suite, Signer signer, SealPayload payload) {
    if (signer.suite() != suite.id()) {
      throw new IllegalArgumentException(
          "a " + signer.suite().label() + " signer in the " + suite.id().label() + " suite");
    }
    return new Seal(
        suite.fingerprint(signer.publicKey()), signer.sign(SealPayload.CODEC.encode(payload)));
  }

  static void write(Writer writer, Seal seal) {
    writer.hash(seal.validator);
    Fields.writeSignature(writer, seal.signature);
  }

  static Seal read(Reader reader) {
    Hash validator = reader.hash("validator");
    return new Seal(validator, Fields.readSignature(reader));
  }
}
