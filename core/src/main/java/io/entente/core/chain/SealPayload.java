package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import java.util.Objects;

/**
 * What a validator signs to seal a block. Its own tag keeps a seal from ever passing for a
 * signature on anything else; channel and height make a seal's meaning plain without the header.
 */
public record SealPayload(String channel, long height, Hash blockHash) {
  public static final Codec<SealPayload> CODEC =
      new SimpleCodec<>(
          Tags.SEAL_PAYLOAD,
          1,
          CoreLimits.SEAL_PAYLOAD_BYTES_MAX,
          SealPayload::write,
          SealPayload::read);

  public SealPayload {
    Fields.identifier(channel, "channel");
    Fields.atLeast(height, 1, "height");
    Objects.requireNonNull(blockHash, "blockHash");
  }

  public static SealPayload of(CryptoSuite suite, BlockHeader header) {
    return new SealPayload(header.channel(), header.height(), header.hash(suite));
  }

  static void write(Writer writer, SealPayload payload) {
    writer.string(payload.channel, CoreLimits.IDENTIFIER_BYTES_MAX);
    writer.i64(payload.height).hash(payload.blockHash);
  }

  static SealPayload read(Reader reader) {
    return new SealPayload(
        Fields.readIdentifier(reader, "channel"), reader.i64("height"), reader.hash("block hash"));
  }
}
