package io.entente.app.colending;

import io.entente.core.bytes.Hash;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who the channel's two banks are and which institution each client certificate belongs to. A plain
 * deterministic value given to the application's constructor (the governance path supplies it):
 * every validator of the channel must be given the same one.
 */
public record Parties(String lead, String partner, NavigableMap<Hash, String> certificates) {
  public Parties {
    Fields.ref(lead, "lead");
    Fields.ref(partner, "partner");
    if (lead.equals(partner)) {
      throw new IllegalArgumentException("lead and partner are one institution");
    }
    TreeMap<Hash, String> copy = new TreeMap<>(Objects.requireNonNull(certificates));
    for (String institution : copy.values()) {
      if (!institution.equals(lead) && !institution.equals(partner)) {
        throw new IllegalArgumentException(institution + " is neither lead nor partner");
      }
    }
    certificates = Collections.unmodifiableNavigableMap(copy);
  }

  /** The institution of a submitter certificate, if it is one of the channel's. */
  public Optional<String> institutionOf(Hash certificateId) {
    return Optional.ofNullable(certificates.get(certificateId));
  }
}
