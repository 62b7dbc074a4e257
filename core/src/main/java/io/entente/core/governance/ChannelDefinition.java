package io.entente.core.governance;

import io.entente.core.bytes.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A channel of the consortium: its name, the institutions whose nodes hold its data (sorted by
 * UTF-8 bytes, no duplicates) and the hash of its genesis.
 */
public record ChannelDefinition(String name, List<String> members, Hash genesisHash) {
  public ChannelDefinition {
    Identifiers.require(name, "channel name");
    Objects.requireNonNull(genesisHash, "genesisHash");
    List<String> sorted = new ArrayList<>(members);
    sorted.forEach(member -> Identifiers.require(member, "channel member"));
    sorted.sort(Identifiers.UTF8_ORDER);
    if (sorted.isEmpty() || sorted.size() > GovernanceLimits.MEMBERS_MAX) {
      throw new IllegalArgumentException(
          "channel " + name + " has 1 to " + GovernanceLimits.MEMBERS_MAX + " member institutions");
    }
    Identifiers.requireDistinct(sorted, value -> value, "channel " + name + " member");
    members = List.copyOf(sorted);
  }
}
