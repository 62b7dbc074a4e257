package io.entente.simulation.channel;

import io.entente.consensus.ledger.ChannelLedger;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.BlockCertificates;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.simulation.world.Invariant;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.Observation;
import io.entente.simulation.world.WorldView;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The safety checks of one channel, after every event, over its honest validators: one final block
 * per height (by its chain hash: the round it was decided in may differ); every final block carries
 * a quorum of valid seals from set(h) (and one per institution when the genesis asks); no height
 * regression; equal state digests at each height; the same validator set derived for each height;
 * the shell contract (a signed message leaves only once persisted; received conflicting PREPAREs
 * are kept as evidence); no honest validator halts; and every proposal an honest validator accepted
 * is valid by the QBFT model ({@link ProposalConformance}). Every member is checked, spares
 * included.
 *
 * <p>It also counts, once per final height, the validator-set changes applied ({@link
 * #SET_CHANGES_APPLIED} and the validators in and out) and the blocks whose certificate holds a
 * seal of a validator that joined after genesis.
 */
final class ChannelChecks implements Invariant {
  private final ChannelSpec spec;
  private final TreeMap<Long, Hash> finalBlocks = new TreeMap<>();
  private final TreeMap<Long, Hash> digests = new TreeMap<>();
  private final ProposalConformance conformance;

  /** The height checked so far at each member, by its index in {@code spec.members()}. */
  private final long[] checkedHeights;

  private final TreeMap<Long, ValidatorSet> nextSets = new TreeMap<>();
  private final TreeMap<String, Long> setCoverage = new TreeMap<>();

  static final String SET_CHANGES_APPLIED = "channel.set_changes_applied";
  static final String VALIDATORS_ADDED = "channel.validators_added";
  static final String VALIDATORS_REMOVED = "channel.validators_removed";
  static final String BLOCKS_SEALED_BY_JOINERS = "channel.blocks_sealed_by_joiners";

  private final NavigableMap<Hash, ?> genesisValidators;

  ChannelChecks(ChannelSpec spec) {
    this(spec, true);
  }

  /**
   * With {@code conformance} false, only what the final blocks show is checked: a scripted fork
   * uses that to show the fork a wrong rule leads to, which the conformance check would stop at the
   * wrong acceptance before it.
   */
  ChannelChecks(ChannelSpec spec, boolean conformance) {
    this.spec = spec;
    this.conformance = conformance ? new ProposalConformance(spec.suite()) : null;
    this.checkedHeights = new long[spec.members().size()];
    this.genesisValidators = spec.genesis().validators().fingerprintIndex();
  }

  long heightMax() {
    return finalBlocks.isEmpty() ? 0 : finalBlocks.lastKey();
  }

  /** The validator set after the highest final block any honest member holds. */
  ValidatorSet currentSet() {
    return nextSets.isEmpty() ? spec.genesis().validators() : nextSets.lastEntry().getValue();
  }

  /** The validator set of {@code height} (at most one above the highest final block). */
  ValidatorSet setOf(long height) {
    return height <= 1 ? spec.genesis().validators() : nextSets.get(height - 1);
  }

  /** The set-change counters above; each present, zero when nothing changed. */
  TreeMap<String, Long> setCoverage() {
    TreeMap<String, Long> coverage = new TreeMap<>();
    for (String name :
        List.of(
            SET_CHANGES_APPLIED, VALIDATORS_ADDED, VALIDATORS_REMOVED, BLOCKS_SEALED_BY_JOINERS)) {
      coverage.put(name, setCoverage.getOrDefault(name, 0L));
    }
    return coverage;
  }

  @Override
  public Check afterEvent(WorldView world, List<Observation> observations) {
    List<NodeId> members = spec.members();
    for (int i = 0; i < members.size(); i++) {
      NodeId node = members.get(i);
      Optional<ValidatorProcess> honest = ChannelScenarios.honest(world, node);
      if (honest.isPresent()) {
        Check check = checkNode(i, node, honest.get());
        if (!check.isAccepted()) {
          return check;
        }
      }
    }
    return Check.accepted();
  }

  private Check checkNode(int index, NodeId node, ValidatorProcess process) {
    if (process.ledger() == null) {
      return Check.accepted();
    }
    if (!process.contractBreaches().isEmpty()) {
      return Check.rejected("channel.shell_contract", node + ": " + process.contractBreaches());
    }
    if (process.halted().isPresent()) {
      return Check.rejected("channel.honest_halt", node + ": " + process.halted().get());
    }
    Check conforming = conformance == null ? Check.accepted() : conformance.check(node, process);
    if (!conforming.isAccepted()) {
      return conforming;
    }
    long height = process.ledger().height();
    long checked = checkedHeights[index];
    if (height < checked) {
      return Check.rejected(
          "channel.height_regression", node + " is at " + height + " after " + checked);
    }
    for (long h = checked + 1; h <= height; h++) {
      Check check = checkBlock(node, process.ledger(), h);
      if (!check.isAccepted()) {
        return check;
      }
      checkedHeights[index] = h;
    }
    return Check.accepted();
  }

  private Check checkBlock(NodeId node, ChannelLedger ledger, long height) {
    CertifiedBlock block = ledger.block(height);
    Check sealed =
        BlockCertificates.verify(
            spec.suite(),
            block.block().header(),
            block.certificate(),
            ledger.setOf(height),
            spec.genesis().sealFromEveryInstitution());
    if (!sealed.isAccepted()) {
      return Check.rejected("channel.bad_certificate", node + " h" + height + ": " + sealed);
    }
    // One block per height by its place in the chain: the same block may be final in different
    // rounds at different validators (a re-proposed prepared block), each with its own certificate.
    Hash hash = block.block().header().chainHash(spec.suite());
    Hash known = finalBlocks.get(height);
    if (known == null) {
      finalBlocks.put(height, hash);
      digests.put(height, ledger.digestAfter(height));
      recordSets(ledger, block);
      return Check.accepted();
    }
    if (!known.equals(hash)) {
      return Check.rejected(
          "channel.two_final_blocks",
          spec.name()
              + " h"
              + height
              + ": "
              + known.shortHex()
              + " and "
              + hash.shortHex()
              + " (at "
              + node
              + ")");
    }
    if (!digests.get(height).equals(ledger.digestAfter(height))) {
      return Check.rejected(
          "channel.state_diverged", node + " after h" + height + " has another state digest");
    }
    if (!nextSets.get(height).equals(ledger.setOf(height + 1))) {
      return Check.rejected(
          "channel.sets_diverged", node + " derives another validator set for h" + (height + 1));
    }
    return Check.accepted();
  }

  private void recordSets(ChannelLedger ledger, CertifiedBlock block) {
    long height = block.block().header().height();
    ValidatorSet before = ledger.setOf(height);
    ValidatorSet after = ledger.setOf(height + 1);
    nextSets.put(height, after);
    if (!after.equals(before)) {
      setCoverage.merge(SET_CHANGES_APPLIED, 1L, Long::sum);
      setCoverage.merge(VALIDATORS_ADDED, missingFrom(before, after), Long::sum);
      setCoverage.merge(VALIDATORS_REMOVED, missingFrom(after, before), Long::sum);
    }
    if (block.certificate().seals().stream()
        .anyMatch(seal -> !genesisValidators.containsKey(seal.validator()))) {
      setCoverage.merge(BLOCKS_SEALED_BY_JOINERS, 1L, Long::sum);
    }
  }

  /** How many validators of {@code of} are not in {@code in}. */
  private static long missingFrom(ValidatorSet in, ValidatorSet of) {
    return of.validators().stream()
        .filter(v -> in.byFingerprint(v.fingerprint()).isEmpty())
        .count();
  }
}
