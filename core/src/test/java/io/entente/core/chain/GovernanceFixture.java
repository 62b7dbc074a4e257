package io.entente.core.chain;

import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A governance channel built block by block with real keys, whose decisions are the results of
 * accepted receipts, as the governance application gives them: the source of the updates that tests
 * of importing channels feed in. Validators 0–3 seal the governance genesis; 4–7 are spare keys for
 * set changes.
 */
public final class GovernanceFixture {
  public static final String GOVERNANCE = "governance";
  public static final long TIME_MS = 1_767_225_600_000L;

  private final SuiteId id;
  private final CryptoSuite suite;
  private final List<Signer> signers = new ArrayList<>();
  private final ChainBuilder chain;
  private long nextSequence = 1;
  private int transactions;

  public GovernanceFixture(SuiteId id) {
    this.id = id;
    this.suite = CryptoSuite.of(id);
    for (int number = 0; number < 8; number++) {
      signers.add(TestKeys.signer(id, number));
    }
    this.chain =
        new ChainBuilder(new Genesis(GOVERNANCE, id, TIME_MS, 1, set(0, 1, 2, 3), false), signers);
  }

  /** Validators of the given key numbers; even numbers are the lead's, odd the partner's. */
  public ValidatorSet set(int... numbers) {
    List<Validator> validators = new ArrayList<>();
    for (int number : numbers) {
      validators.add(TestKeys.validator(signers.get(number), number % 2 == 0 ? "lead" : "partner"));
    }
    return ValidatorSet.of(validators);
  }

  public Signer signer(int number) {
    return signers.get(number);
  }

  public ChainBuilder chain() {
    return chain;
  }

  public GovernanceAnchor anchor() {
    return new GovernanceAnchor(GOVERNANCE, chain.genesis().validators(), false);
  }

  /**
   * Appends a block whose one transaction made the next decision with {@code effect}, then a block
   * that commits its receipt; returns the decision's block height.
   */
  public long decide(GovernanceDecision.Effect effect) {
    GovernanceDecision decision = new GovernanceDecision(nextSequence++, effect);
    chain.append(
        List.of(transaction("governance", "vote", utf8("vote"))),
        List.of(GovernanceDecision.CODEC.encode(decision)));
    long height = chain.blocks().size();
    appendEmpty();
    return height;
  }

  /** Appends a block with one plain set change of the governance channel itself. */
  public long changeSet(ValidatorSet next) {
    chain.append(
        List.of(
            transaction(
                ValidatorSetChange.APPLICATION,
                ValidatorSetChange.TYPE,
                new ValidatorSetChange(next).toPayload())));
    return chain.blocks().size();
  }

  public void appendEmpty() {
    chain.append(List.of(transaction("governance", "note", utf8("note"))));
  }

  /** The update for the decision made at {@code height}, with the set changes from a height on. */
  public GovernanceUpdate update(long height, long setFromHeight) {
    return chain.governanceUpdate(height, 0, setFromHeight);
  }

  private Transaction transaction(String application, String type, Bytes payload) {
    TxBody body =
        new TxBody(
            GOVERNANCE,
            application,
            type,
            payload,
            suite.hash(utf8("governance admin certificate")),
            "governance-" + transactions++,
            TIME_MS,
            TIME_MS + 3_600_000);
    return Transaction.sign(suite, signers.get(0), body);
  }

  public SuiteId suite() {
    return id;
  }

  public static Bytes utf8(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
