package io.entente.consensus.shell;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.ValidatorSet;
import java.util.List;
import java.util.Optional;

/**
 * The member nodes of one channel and which of them holds which validator key. Only members get the
 * channel's messages, blocks and sync answers.
 *
 * @param <P> how the environment names a member node
 */
public interface ChannelMembership<P> {
  /** Every member node, validator or not, in a fixed order. */
  List<P> members();

  /** The nodes of {@code set}'s validators, in the set's canonical order. */
  List<P> nodesOf(ValidatorSet set);

  /** The node holding a validator key, if it is a member. */
  Optional<P> node(Hash validatorFingerprint);

  default boolean isMember(P node) {
    return members().contains(node);
  }
}
