package io.entente.app.governance;

import io.entente.app.governance.GovernanceState.NodeRecord;
import io.entente.core.CoreLimits;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The safety rules for a channel's next validator set, run when a change is proposed and again when
 * it is approved:
 *
 * <ul>
 *   <li>one step: at most one validator in and one out, and not the same set (what the channel's
 *       own admission, {@code BlockChecks.changeFits}, will demand of the imported change);
 *   <li>the set is not empty and not above {@link CoreLimits#VALIDATORS_MAX};
 *   <li>no institution holds a quorum of it (DESIGN §1: then every certificate carries seals from
 *       more than one bank, which is what makes a dishonest bank accountable);
 *   <li>a quorum of it is live: its nodes are in service and their institutions still members.
 * </ul>
 */
final class SetSafety {
  private SetSafety() {}

  static Check check(Store store, String channel, List<String> current, List<String> next) {
    long added = next.stream().filter(node -> !current.contains(node)).count();
    long removed = current.stream().filter(node -> !next.contains(node)).count();
    if (added > 1 || removed > 1 || added + removed == 0) {
      return Check.rejected(
          GovernanceReasons.NOT_ONE_STEP,
          "channel "
              + channel
              + ": "
              + added
              + " validators in and "
              + removed
              + " out; a change moves one validator");
    }
    if (next.isEmpty()) {
      return Check.rejected(
          GovernanceReasons.NO_VALIDATORS,
          "channel " + channel + " would be left without validators");
    }
    return checkSet(store, channel, next);
  }

  /** The rules a set must meet on its own (also for a new channel's first set). */
  static Check checkSet(Store store, String channel, List<String> nodeIds) {
    if (nodeIds.isEmpty() || nodeIds.size() > CoreLimits.VALIDATORS_MAX) {
      return Check.rejected(
          nodeIds.isEmpty()
              ? GovernanceReasons.NO_VALIDATORS
              : GovernanceReasons.TOO_MANY_VALIDATORS,
          "channel "
              + channel
              + " would have "
              + nodeIds.size()
              + " validators; a channel has 1 to "
              + CoreLimits.VALIDATORS_MAX);
    }
    ValidatorSet set = set(store, nodeIds);
    int quorum = set.quorum();
    for (String institution : set.institutions()) {
      long held =
          set.validators().stream().filter(v -> v.institution().equals(institution)).count();
      if (held >= quorum) {
        return Check.rejected(
            GovernanceReasons.INSTITUTION_QUORUM,
            institution
                + " would hold "
                + held
                + " of "
                + set.size()
                + " validators of channel "
                + channel
                + ", a quorum ("
                + quorum
                + ")");
      }
    }
    List<String> notLive = notLive(store, nodeIds);
    return Check.require(
        nodeIds.size() - notLive.size() >= quorum,
        GovernanceReasons.NO_LIVE_QUORUM,
        () ->
            "channel "
                + channel
                + " would have "
                + (nodeIds.size() - notLive.size())
                + " live validators, fewer than its quorum of "
                + quorum
                + " (not live: "
                + String.join(", ", notLive)
                + ")");
  }

  /** The validators of the nodes {@code nodeIds}, each registered. */
  static ValidatorSet set(Store store, List<String> nodeIds) {
    List<Validator> validators = new ArrayList<>(nodeIds.size());
    for (String nodeId : nodeIds) {
      NodeRecord node =
          store
              .node(nodeId)
              .orElseThrow(() -> new IllegalStateException("validator " + nodeId + " unknown"));
      validators.add(new Validator(node.node().institution(), node.node().validatorKey()));
    }
    return ValidatorSet.of(validators);
  }

  private static List<String> notLive(Store store, List<String> nodeIds) {
    List<String> notLive = new ArrayList<>();
    for (String nodeId : nodeIds) {
      boolean live =
          store
              .node(nodeId)
              .filter(NodeRecord::active)
              .flatMap(node -> store.activeMember(node.node().institution()))
              .isPresent();
      if (!live) {
        notLive.add(nodeId);
      }
    }
    return notLive;
  }
}
