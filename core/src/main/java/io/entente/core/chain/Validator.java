package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import java.util.Comparator;
import java.util.Objects;

/** A consensus member: the institution that runs it and the key it seals blocks with. */
public record Validator(String institution, PublicKey key) {
  public static final Codec<Validator> CODEC =
      new SimpleCodec<>(
          Tags.VALIDATOR, 1, CoreLimits.VALIDATOR_BYTES_MAX, Validator::write, Validator::read);

  /** Canonical order in a set: by institution (UTF-8 bytes), then by key fingerprint. */
  static final Comparator<Validator> CANONICAL_ORDER =
      Comparator.comparing(Validator::institution, Fields.UTF8_ORDER)
          .thenComparing(Validator::fingerprint);

  public Validator {
    Fields.identifier(institution, "institution");
    Objects.requireNonNull(key, "key");
  }

  /** The suite's hash of the key's encoding: how seals and headers name this validator. */
  public Hash fingerprint() {
    return CryptoSuite.of(key.suite()).fingerprint(key);
  }

  static void write(Writer writer, Validator validator) {
    writer.string(validator.institution, CoreLimits.IDENTIFIER_BYTES_MAX);
    Fields.writeKey(writer, validator.key);
  }

  static Validator read(Reader reader) {
    String institution = Fields.readIdentifier(reader, "institution");
    return new Validator(institution, Fields.readKey(reader));
  }
}
