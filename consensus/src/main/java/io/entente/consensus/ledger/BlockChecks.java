package io.entente.consensus.ledger;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.Block;
import io.entente.core.chain.GovernanceUpdate;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The application's admission checks on a proposed block's transactions, as a shell runs them.
 *
 * <p>A validator-set change (its payload is the absolute next set) is admitted only when it is one
 * step from the set of the height it would be decided at: at most one validator in and at most one
 * out, and not the same set. A change built on a stale view that no longer fits is rejected (and
 * dropped from mempools) instead of silently undoing another change or moving several validators at
 * once; it also keeps to one new, possibly lagging, validator per height (qbft.md pitfall 5).
 */
public final class BlockChecks {
  private BlockChecks() {}

  public static final String UNKNOWN_CLIENT = "tx-unknown-client";
  public static final String BAD_SIGNATURE = "tx-signature-invalid";
  public static final String DUPLICATE = "tx-duplicate";
  public static final String NOT_ONE_STEP = "validator-set-change-not-one-step";
  public static final String UPDATES_MORE_THAN_ONE = "governance-update-more-than-one";
  public static final String WRONG_CHANNEL = "tx-wrong-channel";

  /**
   * A proposer leaves out a transaction whose window closes within this margin of its clock: the
   * block's time is set a moment after the batch is chosen, and must lie inside every window.
   */
  static final long BUILD_WINDOW_MARGIN_MS = 1_000;

  /** Whether {@code key} signed a transaction's body; {@code id} is the transaction's id. */
  @FunctionalInterface
  public interface SignatureCheck {
    Check verify(Transaction transaction, Hash id, PublicKey key);
  }

  public static Check admit(
      CryptoSuite suite,
      Function<Hash, Optional<PublicKey>> clientKeys,
      ChannelLedger ledger,
      Block block) {
    return admit(suite, clientKeys, (t, id, key) -> t.verifySignature(suite, key), ledger, block);
  }

  /**
   * As {@link #admit(CryptoSuite, Function, ChannelLedger, Block)}, with the signatures checked
   * through {@code signatures} (a shell remembers the ones it checked when they arrived).
   */
  public static Check admit(
      CryptoSuite suite,
      Function<Hash, Optional<PublicKey>> clientKeys,
      SignatureCheck signatures,
      ChannelLedger ledger,
      Block block) {
    ValidatorSet current = ledger.setOf(block.header().height());
    // The channel first: a set change or an update is read as one for the channel it names.
    Check structure =
        sameChannel(block)
            .and(() -> ValidatorSetChange.check(current, block.transactions()))
            .and(() -> atMostOneUpdate(block.transactions()));
    if (!structure.isAccepted()) {
      return structure;
    }
    TreeSet<Hash> seen = new TreeSet<>();
    for (Transaction transaction : block.transactions()) {
      Check check = admitOne(suite, clientKeys, signatures, ledger, current, seen, transaction);
      if (!check.isAccepted()) {
        return check;
      }
    }
    return Check.accepted();
  }

  private static Check admitOne(
      CryptoSuite suite,
      Function<Hash, Optional<PublicKey>> clientKeys,
      SignatureCheck signatures,
      ChannelLedger ledger,
      ValidatorSet current,
      TreeSet<Hash> seen,
      Transaction transaction) {
    Hash id = transaction.id(suite);
    if (!seen.add(id) || ledger.isCommitted(id)) {
      return Check.rejected(DUPLICATE, id.shortHex() + " is in the chain or the block already");
    }
    PublicKey key = clientKeys.apply(transaction.body().submitterCertificateId()).orElse(null);
    if (key == null) {
      return Check.rejected(UNKNOWN_CLIENT, transaction.body().submitterCertificateId().shortHex());
    }
    return signatures
        .verify(transaction, id, key)
        .and(() -> ledger.application().admit(ledger.state(), transaction))
        .and(() -> changeFits(current, transaction));
  }

  private static Check sameChannel(Block block) {
    String channel = block.header().channel();
    long timeMs = block.header().timestampMs();
    for (Transaction transaction : block.transactions()) {
      TxBody body = transaction.body();
      if (!body.channel().equals(channel)) {
        return Check.rejected(WRONG_CHANNEL, "a transaction of '" + body.channel() + "'");
      }
      Check window = body.checkValidAt(timeMs);
      if (!window.isAccepted()) {
        return window;
      }
    }
    return Check.accepted();
  }

  /**
   * Whether a proposer may take {@code body} into a block it builds at {@code nowMs}: its window is
   * open then and stays open past the margin.
   */
  static boolean openAt(TxBody body, long nowMs) {
    return body.checkValidAt(nowMs).isAccepted()
        && body.validUntilMs() - nowMs > BUILD_WINDOW_MARGIN_MS;
  }

  /**
   * A block imports at most one governance decision: decisions are imported in order and each is
   * checked against the state before the block, so a second one could never pass.
   */
  static Check atMostOneUpdate(List<Transaction> transactions) {
    long updates = transactions.stream().filter(t -> GovernanceUpdate.isUpdate(t.body())).count();
    return Check.require(
        updates <= 1, UPDATES_MORE_THAN_ONE, () -> updates + " governance updates in one block");
  }

  /**
   * Accepted for any transaction but a validator-set change; a change only when its next set is one
   * step from {@code current} (see the class comment).
   */
  public static Check changeFits(ValidatorSet current, Transaction transaction) {
    if (!ValidatorSetChange.isChange(transaction.body())) {
      return Check.accepted();
    }
    ValidatorSet next;
    try {
      next = ValidatorSetChange.proposed(transaction.body()).orElseThrow();
    } catch (CodecException e) {
      return Check.rejected(ValidatorSetChange.MALFORMED, e.getMessage());
    }
    NavigableMap<Hash, Validator> now = current.fingerprintIndex();
    NavigableMap<Hash, Validator> then = next.fingerprintIndex();
    long added = then.keySet().stream().filter(key -> !now.containsKey(key)).count();
    long removed = now.keySet().stream().filter(key -> !then.containsKey(key)).count();
    return Check.require(
        added <= 1 && removed <= 1 && added + removed >= 1,
        NOT_ONE_STEP,
        () -> added + " validators in and " + removed + " out");
  }

  /**
   * What a proposer takes out of its mempool batch: every transaction but set changes that do not
   * fit the set being decided, and of those that fit only the oldest, since a block changes the set
   * at most once ({@link ValidatorSetChange#check}); at most one governance update, one the channel
   * still admits (another node's relay of the same decision may have made it stale); and only
   * transactions whose validity window is open at the block's time.
   */
  public static List<Transaction> buildable(
      ChannelLedger ledger, List<Transaction> batch, long nowMs) {
    ValidatorSet current = ledger.setOf(ledger.height() + 1);
    long blockTimeMs =
        ledger.height() == 0
            ? nowMs
            : Math.max(nowMs, ledger.block(ledger.height()).block().header().timestampMs() + 1);
    List<Transaction> buildable = new ArrayList<>();
    boolean changeTaken = false;
    boolean updateTaken = false;
    for (Transaction transaction : batch) {
      if (!openAt(transaction.body(), blockTimeMs)) {
        continue;
      }
      boolean update = GovernanceUpdate.isUpdate(transaction.body());
      if (update
          && (updateTaken
              || !ledger.application().admit(ledger.state(), transaction).isAccepted())) {
        continue;
      }
      if (ValidatorSetChange.isChange(transaction.body())) {
        if (changeTaken || !changeFits(current, transaction).isAccepted()) {
          continue;
        }
        changeTaken = true;
      }
      updateTaken |= update;
      buildable.add(transaction);
    }
    return buildable;
  }
}
