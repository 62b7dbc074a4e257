package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.util.Objects;

/**
 * How a channel starts: its crypto suite, time, rules version and first validator set. Its hash is
 * block 1's parent hash.
 *
 * @param sealFromEveryInstitution whether a certificate needs a seal from each institution that has
 *     a validator, besides a quorum (a bilateral channel's accountability rule)
 */
public record Genesis(
    String channel,
    SuiteId suite,
    long genesisTimeMs,
    int rulesVersion,
    ValidatorSet validators,
    boolean sealFromEveryInstitution) {
  public static final Codec<Genesis> CODEC =
      new SimpleCodec<>(
          Tags.GENESIS, 1, CoreLimits.GENESIS_BYTES_MAX, Genesis::write, Genesis::read);

  public Genesis {
    Fields.identifier(channel, "channel");
    Objects.requireNonNull(suite, "suite");
    Fields.atLeast(genesisTimeMs, 0, "genesisTimeMs");
    Fields.atLeast(rulesVersion, 1, "rulesVersion");
    if (validators.suite() != suite) {
      throw new IllegalArgumentException(
          "validator keys of the "
              + validators.suite().label()
              + " suite in a "
              + suite.label()
              + " channel");
    }
  }

  /** The genesis hash, in the channel's own suite; block 1's parent hash. */
  public Hash hash() {
    return CryptoSuite.of(suite).hash(CODEC.encode(this));
  }

  static void write(Writer writer, Genesis genesis) {
    writer.string(genesis.channel, CoreLimits.IDENTIFIER_BYTES_MAX);
    Fields.writeSuite(writer, genesis.suite);
    writer.i64(genesis.genesisTimeMs).u32(genesis.rulesVersion);
    ValidatorSet.CODEC.writeTo(writer, genesis.validators);
    writer.bool(genesis.sealFromEveryInstitution);
  }

  static Genesis read(Reader reader) {
    return new Genesis(
        Fields.readIdentifier(reader, "channel"),
        Fields.readSuite(reader),
        reader.i64("genesis time"),
        reader.u32("rules version"),
        ValidatorSet.CODEC.readFrom(reader),
        reader.bool("seal from every institution"));
  }
}
