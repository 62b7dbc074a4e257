package io.entente.simulation.channel;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.ChainBuilder;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.GovernanceAnchor;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.GovernanceUpdate;
import io.entente.core.chain.GovernanceView;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The governance channel as a governed channel sees it: a certified history whose blocks are sealed
 * by the governance validators' own keys (the run's suite verifies them like any seal), with one
 * numbered decision per validator-set change of the governed channel and, now and then, a change of
 * the governance channel's own validators before a decision. The governance channel's consensus is
 * not simulated here (the sweeps of single channels cover it); what is exercised is the import
 * path: {@link GovernanceUpdate} transactions carried into the channel late, duplicated and out of
 * order, checked against the channel's {@link GovernanceView} and applied in order, once.
 *
 * <p>Each decision's update carries the governance set changes since the view the channel holds
 * after importing the decisions before it, which is the oracle's own view: imports happen strictly
 * in order, so that view is known when the decision is made. The oracle checks every update it
 * makes against that view, so a broken update is a bug here rather than a finding about the
 * channel.
 *
 * <p>One instance belongs to one run and is not thread-safe. It outlives the administrator's
 * process, as the governance channel outlives any relay.
 */
final class GovernanceOracle {
  static final String CHANNEL = "governance";
  static final int VALIDATORS = 4;
  static final int SPARE_KEYS = 2;

  private final CryptoSuite suite;
  private final String governed;
  private final ChainBuilder chain;
  private final List<Signer> keys;
  private final List<ValidatorSet> decided = new ArrayList<>();
  private final List<GovernanceUpdate> updates = new ArrayList<>();
  private final java.util.TreeMap<Long, Transaction> signed = new java.util.TreeMap<>();
  private GovernanceView view;
  private int governanceSetChanges;
  private int notes;

  /**
   * @param suite the run's suite (it verifies the seals of the keys {@code keys} hands out)
   * @param governed the channel whose validators the decisions set
   */
  GovernanceOracle(
      CryptoSuite suite, ChannelScenarios.Keys keys, RandomGenerator random, String governed) {
    this.suite = suite;
    this.governed = governed;
    this.keys = new ArrayList<>();
    List<Validator> validators = new ArrayList<>();
    for (int i = 0; i < VALIDATORS + SPARE_KEYS; i++) {
      Signer signer = keys.newSigner(random);
      this.keys.add(signer);
      if (i < VALIDATORS) {
        validators.add(validator(i, signer));
      }
    }
    this.chain =
        new ChainBuilder(
            new Genesis(CHANNEL, SuiteId.STANDARD, 0, 1, ValidatorSet.of(validators), false),
            this.keys);
    this.view = GovernanceView.of(anchor());
  }

  private static Validator validator(int index, Signer signer) {
    return new Validator(index % 2 == 0 ? "bank-a" : "bank-b", signer.publicKey());
  }

  /** What the governed channel's genesis names as its governance. */
  GovernanceAnchor anchor() {
    return new GovernanceAnchor(CHANNEL, chain.genesis().validators(), false);
  }

  /** How many decisions were made. */
  int decisions() {
    return decided.size();
  }

  /** The set the last decision named, or {@code genesis} before any. */
  ValidatorSet lastDecided(ValidatorSet genesis) {
    return decided.isEmpty() ? genesis : decided.get(decided.size() - 1);
  }

  /** The sets the decisions named, in decision order. */
  List<ValidatorSet> decided() {
    return List.copyOf(decided);
  }

  /** How many times the governance channel changed its own validators. */
  int governanceSetChanges() {
    return governanceSetChanges;
  }

  /**
   * Makes the next decision: the governed channel's validators become {@code next}. With {@code
   * changeGovernanceSetFirst}, the governance channel first swaps one of its validators for a key
   * it has not used, so the update must carry that change for the channel to check the seals.
   */
  void decide(ValidatorSet next, boolean changeGovernanceSetFirst, RandomGenerator random) {
    if (changeGovernanceSetFirst) {
      changeGovernanceSet(random);
    }
    long sequence = decided.size() + 1L;
    GovernanceDecision decision =
        new GovernanceDecision(sequence, new GovernanceDecision.ChannelValidators(governed, next));
    chain.append(
        List.of(note("vote-" + sequence)), List.of(GovernanceDecision.CODEC.encode(decision)));
    long height = chain.blocks().size();
    chain.append(List.of(note("commit-" + sequence)));
    GovernanceUpdate update = chain.governanceUpdate(height, 0, view.setFromHeight());
    Check check = view.check(suite, update);
    if (!check.isAccepted()) {
      throw new IllegalStateException("the oracle made an update its own view refuses: " + check);
    }
    view = view.after(update);
    decided.add(next);
    updates.add(update);
  }

  /**
   * The update transaction of decision {@code sequence} (1-based), signed by {@code submitter} the
   * first time it is asked for, so every copy a relay sends is the same transaction.
   */
  Transaction transaction(long sequence, Signer submitter) {
    return signed.computeIfAbsent(
        sequence,
        number ->
            Transaction.sign(
                suite,
                submitter,
                new TxBody(
                    governed,
                    GovernanceUpdate.APPLICATION,
                    GovernanceUpdate.TYPE,
                    GovernanceUpdate.CODEC.encode(updates.get((int) (number - 1))),
                    suite.fingerprint(submitter.publicKey()),
                    "governance-decision-" + number,
                    0,
                    ChannelScenarios.TX_VALID_UNTIL_MS)));
  }

  private void changeGovernanceSet(RandomGenerator random) {
    ValidatorSet current = chain.validators();
    List<Signer> unused = new ArrayList<>();
    for (Signer key : keys) {
      if (current.byFingerprint(suite.fingerprint(key.publicKey())).isEmpty()) {
        unused.add(key);
      }
    }
    List<Validator> validators = new ArrayList<>(current.validators());
    Validator out = validators.remove(random.nextInt(validators.size()));
    Signer in = unused.get(random.nextInt(unused.size()));
    validators.add(new Validator(out.institution(), in.publicKey()));
    TxBody body =
        new TxBody(
            CHANNEL,
            ValidatorSetChange.APPLICATION,
            ValidatorSetChange.TYPE,
            new ValidatorSetChange(ValidatorSet.of(validators)).toPayload(),
            suite.fingerprint(keys.get(0).publicKey()),
            "governance-set-" + governanceSetChanges,
            0,
            ChannelScenarios.TX_VALID_UNTIL_MS);
    chain.append(List.of(Transaction.sign(suite, keys.get(0), body)));
    governanceSetChanges++;
  }

  private Transaction note(String key) {
    TxBody body =
        new TxBody(
            CHANNEL,
            "governance",
            "note",
            Bytes.of(key.getBytes(StandardCharsets.UTF_8)),
            suite.fingerprint(keys.get(0).publicKey()),
            key + "-" + notes++,
            0,
            ChannelScenarios.TX_VALID_UNTIL_MS);
    return Transaction.sign(suite, keys.get(0), body);
  }
}
