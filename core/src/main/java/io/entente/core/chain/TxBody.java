package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.util.Objects;

/**
 * What a submitter signs: the target (channel, application, type), the payload, who submits
 * (certificate id), an idempotency key and a validity window [validFromMs, validUntilMs) of at most
 * {@link CoreLimits#TX_VALIDITY_MS_MAX}. The window, not a short block limit, bounds how long the
 * idempotency key must be remembered.
 *
 * <p>The encoded body is both the signed message (its tag and version bytes separate it from every
 * other signed type) and what the transaction id hashes, so the id excludes the signature.
 */
public record TxBody(
    String channel,
    String application,
    String type,
    Bytes payload,
    Hash submitterCertificateId,
    String idempotencyKey,
    long validFromMs,
    long validUntilMs) {
  public static final String NOT_YET_VALID = "tx-not-yet-valid";
  public static final String EXPIRED = "tx-expired";

  public static final Codec<TxBody> CODEC =
      new SimpleCodec<>(Tags.TX_BODY, 1, CoreLimits.TX_BODY_BYTES_MAX, TxBody::write, TxBody::read);

  public TxBody {
    Fields.identifier(channel, "channel");
    Fields.identifier(application, "application");
    Fields.identifier(type, "type");
    Fields.bytes(payload, CoreLimits.TX_PAYLOAD_BYTES_MAX, "payload");
    Objects.requireNonNull(submitterCertificateId, "submitterCertificateId");
    Fields.text(idempotencyKey, CoreLimits.IDEMPOTENCY_KEY_BYTES_MAX, "idempotency key");
    if (idempotencyKey.isEmpty()) {
      throw new IllegalArgumentException("idempotency key is empty");
    }
    Fields.atLeast(validFromMs, 0, "validFromMs");
    if (validUntilMs <= validFromMs) {
      throw new IllegalArgumentException(
          "validUntilMs " + validUntilMs + " is not after validFromMs " + validFromMs);
    }
    // Both are non-negative, so the difference cannot overflow.
    if (validUntilMs - validFromMs > CoreLimits.TX_VALIDITY_MS_MAX) {
      throw new IllegalArgumentException(
          "validity window of "
              + (validUntilMs - validFromMs)
              + " ms exceeds "
              + CoreLimits.TX_VALIDITY_MS_MAX);
    }
  }

  /** The transaction id: the suite's hash of the encoded body. */
  public Hash id(CryptoSuite suite) {
    return suite.hash(CODEC.encode(this));
  }

  /** Accepted when {@code timeMs} (a block time) lies in the window [validFromMs, validUntilMs). */
  public Check checkValidAt(long timeMs) {
    if (timeMs < validFromMs) {
      return Check.rejected(NOT_YET_VALID, "valid from " + validFromMs + ", now " + timeMs);
    }
    return Check.require(
        timeMs < validUntilMs, EXPIRED, () -> "valid until " + validUntilMs + ", now " + timeMs);
  }

  static void write(Writer writer, TxBody body) {
    writer.string(body.channel, CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.string(body.application, CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.string(body.type, CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.bytes(body.payload, CoreLimits.TX_PAYLOAD_BYTES_MAX);
    writer.hash(body.submitterCertificateId);
    writer.string(body.idempotencyKey, CoreLimits.IDEMPOTENCY_KEY_BYTES_MAX);
    writer.i64(body.validFromMs).i64(body.validUntilMs);
  }

  static TxBody read(Reader reader) {
    return new TxBody(
        Fields.readIdentifier(reader, "channel"),
        Fields.readIdentifier(reader, "application"),
        Fields.readIdentifier(reader, "type"),
        reader.bytes(CoreLimits.TX_PAYLOAD_BYTES_MAX, "payload"),
        reader.hash("submitter certificate id"),
        reader.string(CoreLimits.IDEMPOTENCY_KEY_BYTES_MAX, "idempotency key"),
        reader.i64("valid from"),
        reader.i64("valid until"));
  }
}
