package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import java.util.Objects;

/**
 * What a channel that imports governance decisions knows of the governance channel at genesis: its
 * name, its first validator set and whether its certificates need a seal from every institution. It
 * is part of the channel's genesis, so the channel's chain alone says which governance certificates
 * to believe (DESIGN §1, cross-channel facts); later governance sets arrive as imported decisions.
 */
public record GovernanceAnchor(
    String channel, ValidatorSet validators, boolean sealFromEveryInstitution) {
  public GovernanceAnchor {
    Fields.identifier(channel, "governance channel");
    Objects.requireNonNull(validators, "validators");
  }

  static void write(Writer writer, GovernanceAnchor anchor) {
    writer.string(anchor.channel, CoreLimits.IDENTIFIER_BYTES_MAX);
    ValidatorSet.CODEC.writeTo(writer, anchor.validators);
    writer.bool(anchor.sealFromEveryInstitution);
  }

  static GovernanceAnchor read(Reader reader) {
    return new GovernanceAnchor(
        Fields.readIdentifier(reader, "governance channel"),
        ValidatorSet.CODEC.readFrom(reader),
        reader.bool("governance seal from every institution"));
  }
}
