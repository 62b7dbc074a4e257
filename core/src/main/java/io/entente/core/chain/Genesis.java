package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Tags;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import java.util.Objects;
import java.util.Optional;

/**
 * How a channel starts: its crypto suite, time, rules version and first validator set, and for a
 * channel that imports governance decisions the {@link GovernanceAnchor} they are checked against.
 * Its hash is block 1's parent hash.
 *
 * <p>Codec version 1 has no anchor; version 2 adds it. A genesis without an anchor is written as
 * version 1, so every genesis has exactly one encoding and the version-1 golden vectors hold.
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
    boolean sealFromEveryInstitution,
    Optional<GovernanceAnchor> governance) {
  public static final Codec<Genesis> CODEC = new GenesisCodec();

  public Genesis {
    Fields.identifier(channel, "channel");
    Objects.requireNonNull(suite, "suite");
    Fields.atLeast(genesisTimeMs, 0, "genesisTimeMs");
    Fields.atLeast(rulesVersion, 1, "rulesVersion");
    requireSuite(validators, suite, "validator");
    Objects.requireNonNull(governance, "governance");
    if (governance.isPresent()) {
      requireSuite(governance.get().validators(), suite, "governance validator");
      if (governance.get().channel().equals(channel)) {
        throw new IllegalArgumentException("channel " + channel + " cannot anchor to itself");
      }
    }
  }

  /** A channel that imports no governance decisions (the governance channel itself, tests). */
  public Genesis(
      String channel,
      SuiteId suite,
      long genesisTimeMs,
      int rulesVersion,
      ValidatorSet validators,
      boolean sealFromEveryInstitution) {
    this(
        channel,
        suite,
        genesisTimeMs,
        rulesVersion,
        validators,
        sealFromEveryInstitution,
        Optional.empty());
  }

  private static void requireSuite(ValidatorSet set, SuiteId suite, String what) {
    if (set.suite() != suite) {
      throw new IllegalArgumentException(
          what
              + " keys of the "
              + set.suite().label()
              + " suite in a "
              + suite.label()
              + " channel");
    }
  }

  /** The genesis hash, in the channel's own suite; block 1's parent hash. */
  public Hash hash() {
    return CryptoSuite.of(suite).hash(CODEC.encode(this));
  }

  /** Versions 1 (no anchor) and 2 (an anchor); see the class comment. */
  private static final class GenesisCodec implements Codec<Genesis> {
    private static final int WITHOUT_ANCHOR = 1;
    private static final int WITH_ANCHOR = 2;

    @Override
    public int tag() {
      return Tags.GENESIS;
    }

    @Override
    public int version() {
      return WITH_ANCHOR;
    }

    @Override
    public boolean reads(int version) {
      return version == WITHOUT_ANCHOR || version == WITH_ANCHOR;
    }

    @Override
    public int maxBytes() {
      return CoreLimits.GENESIS_BYTES_MAX;
    }

    @Override
    public void writeTo(Writer writer, Genesis value) {
      writer.u8(tag()).u8(value.governance.isPresent() ? WITH_ANCHOR : WITHOUT_ANCHOR);
      writeBody(writer, value);
    }

    @Override
    public void writeBody(Writer writer, Genesis genesis) {
      writer.string(genesis.channel, CoreLimits.IDENTIFIER_BYTES_MAX);
      Fields.writeSuite(writer, genesis.suite);
      writer.i64(genesis.genesisTimeMs).u32(genesis.rulesVersion);
      ValidatorSet.CODEC.writeTo(writer, genesis.validators);
      writer.bool(genesis.sealFromEveryInstitution);
      if (genesis.governance.isPresent()) {
        GovernanceAnchor.write(writer, genesis.governance.get());
      }
    }

    @Override
    public Genesis readBody(Reader reader, int version) {
      String channel = Fields.readIdentifier(reader, "channel");
      SuiteId suite = Fields.readSuite(reader);
      long timeMs = reader.i64("genesis time");
      int rules = reader.u32("rules version");
      ValidatorSet validators = ValidatorSet.CODEC.readFrom(reader);
      boolean everyInstitution = reader.bool("seal from every institution");
      Optional<GovernanceAnchor> anchor =
          version == WITH_ANCHOR ? Optional.of(GovernanceAnchor.read(reader)) : Optional.empty();
      return new Genesis(channel, suite, timeMs, rules, validators, everyInstitution, anchor);
    }
  }
}
