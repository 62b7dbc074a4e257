package io.entente.consensus.ledger;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.StateView;
import io.entente.consensus.app.WriteSet;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.GovernanceAnchor;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.GovernanceUpdate;
import io.entente.core.chain.GovernanceView;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.pki.Revocation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The application a channel's ledger runs: the channel's own ledger transactions around the
 * business application (co-lending, governance, or the test counter).
 *
 * <p>In a channel whose genesis has a {@link GovernanceAnchor}, governance decisions arrive as
 * {@link GovernanceUpdate} transactions (DESIGN §1, cross-channel facts). Admission checks the
 * update against the channel's {@link GovernanceView}, kept in this channel's own state, so the
 * check reads nothing but this channel's chain. Execution advances the view, records imported
 * revocations and answers with the decision as the receipt's result. A decision that sets this
 * channel's validators takes effect through the block's inclusion of the update ({@link
 * ValidatorSetChange#isChange}), like a plain change; such a channel refuses plain changes, so its
 * validators change only by governance. Imported revocations refuse later transactions from the
 * revoked submitter certificate.
 *
 * <p>The two key spaces are kept apart by construction: the ledger's keys start with a zero byte,
 * and the business application reads and writes through a view that puts a one byte in front of
 * every key it names, so no business key, however chosen, can reach the ledger's state.
 */
public final class LedgerApplication implements Application {
  public static final String NOT_ANCHORED = "governance-import-not-anchored";
  public static final String GOVERNANCE_ONLY = "validator-set-by-governance-only";
  public static final String SUBMITTER_REVOKED = "submitter-certificate-revoked";

  /** The first byte of every key this class owns. */
  static final byte LEDGER_KEY_PREFIX = 0;

  /** The first byte of every key of the business application, in front of the key it names. */
  static final byte BUSINESS_KEY_PREFIX = 1;

  static final Bytes VIEW_KEY = ledgerKey("governance-view");
  private static final String REVOKED_PREFIX = "revoked/";

  private final CryptoSuite suite;
  private final Optional<GovernanceAnchor> anchor;
  private final Application business;
  private final Function<Hash, Optional<Revocation>> submitterNames;

  /**
   * @param submitterNames the (issuer, serial) of a submitter certificate, by certificate id; empty
   *     for an unknown one (admission refuses those earlier)
   */
  public LedgerApplication(
      CryptoSuite suite,
      Optional<GovernanceAnchor> anchor,
      Application business,
      Function<Hash, Optional<Revocation>> submitterNames) {
    this.suite = suite;
    this.anchor = anchor;
    this.business = business;
    this.submitterNames = submitterNames;
  }

  /** The state key of the channel's {@link GovernanceView}, for readers of the stored state. */
  public static Bytes viewKey() {
    return VIEW_KEY;
  }

  @Override
  public String name() {
    return business.name();
  }

  public Application business() {
    return business;
  }

  /** The channel's governance view after the last executed block; empty without an anchor. */
  public Optional<GovernanceView> view(StateView state) {
    if (anchor.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        state
            .get(VIEW_KEY)
            .map(GovernanceView.CODEC::decode)
            .orElse(GovernanceView.of(anchor.get())));
  }

  @Override
  public Check admit(StateView state, Transaction transaction) {
    TxBody body = transaction.body();
    if (GovernanceUpdate.isUpdate(body)) {
      return admitUpdate(view(state), body);
    }
    if (anchor.isPresent() && ValidatorSetChange.isPlain(body)) {
      return Check.rejected(
          GOVERNANCE_ONLY, "this channel's validators change only by a governance decision");
    }
    return notRevoked(state, body).and(() -> business.admit(businessView(state), transaction));
  }

  private Check admitUpdate(Optional<GovernanceView> view, TxBody body) {
    if (view.isEmpty()) {
      return Check.rejected(NOT_ANCHORED, "this channel imports no governance decisions");
    }
    GovernanceUpdate update;
    try {
      update = GovernanceUpdate.CODEC.decode(body.payload());
    } catch (CodecException e) {
      return Check.rejected(GovernanceView.MALFORMED, e.getMessage());
    }
    return view.get().check(suite, update);
  }

  private Check notRevoked(StateView state, TxBody body) {
    if (anchor.isEmpty()) {
      return Check.accepted();
    }
    Optional<Revocation> name = submitterNames.apply(body.submitterCertificateId());
    return Check.require(
        name.isEmpty() || state.get(revokedKey(name.get())).isEmpty(),
        SUBMITTER_REVOKED,
        () -> "certificate " + name.get().serial() + " of " + name.get().issuer() + " is revoked");
  }

  @Override
  public BlockResult execute(
      StateView state, BlockContext context, List<Transaction> transactions) {
    Receipt[] receipts = new Receipt[transactions.size()];
    List<Transaction> businessTransactions = new ArrayList<>();
    List<Integer> businessIndexes = new ArrayList<>();
    TreeMap<Bytes, Optional<Bytes>> ledgerWrites = new TreeMap<>();
    List<BlockResult.Event> events = new ArrayList<>();
    Optional<GovernanceView> view = view(state);
    for (int index = 0; index < transactions.size(); index++) {
      Transaction transaction = transactions.get(index);
      if (GovernanceUpdate.isUpdate(transaction.body())) {
        Check check = admitUpdate(view, transaction.body());
        receipts[index] = receipt(transaction, index, check, ledgerWrites, events);
        if (check.isAccepted()) {
          GovernanceUpdate update = GovernanceUpdate.CODEC.decode(transaction.body().payload());
          view = Optional.of(view.get().after(update));
          ledgerWrites.put(VIEW_KEY, Optional.of(GovernanceView.CODEC.encode(view.get())));
        }
      } else if (ValidatorSetChange.isPlain(transaction.body()) && anchor.isPresent()) {
        receipts[index] = rejected(transaction, index, admit(state, transaction));
      } else {
        businessTransactions.add(transaction);
        businessIndexes.add(index);
      }
    }
    BlockResult inner = business.execute(businessView(state), context, businessTransactions);
    for (Receipt receipt : inner.receipts()) {
      int index = businessIndexes.get(receipt.index());
      receipts[index] =
          new Receipt(
              receipt.txId(),
              index,
              receipt.status(),
              receipt.code(),
              receipt.detail(),
              receipt.result());
    }
    for (BlockResult.Event event : inner.events()) {
      events.add(
          new BlockResult.Event(
              blockIndex(businessIndexes, event.index(), transactions.size()),
              event.type(),
              event.data()));
    }
    events.sort(Comparator.comparingInt(BlockResult.Event::index));
    return new BlockResult(
        List.of(receipts), events, merge(inner.writes(), ledgerWrites), inner.nextDeadlineMs());
  }

  /**
   * Where a business event goes in the block: at its transaction's place, or, for an event of no
   * transaction (a deadline that passed, which an application reports one past its last
   * transaction), one past the block's last transaction. Any other index is a broken application:
   * fail fast rather than file its event somewhere.
   */
  private static int blockIndex(List<Integer> businessIndexes, int index, int blockTransactions) {
    if (index >= 0 && index < businessIndexes.size()) {
      return businessIndexes.get(index);
    }
    if (index == businessIndexes.size()) {
      return blockTransactions;
    }
    throw new AssertionError(
        "an application event at index "
            + index
            + " of "
            + businessIndexes.size()
            + " transactions (the deadline index is "
            + businessIndexes.size()
            + ")");
  }

  /** The receipt of an update: its decision as the result, and the decision's effect recorded. */
  private Receipt receipt(
      Transaction transaction,
      int index,
      Check check,
      TreeMap<Bytes, Optional<Bytes>> ledgerWrites,
      List<BlockResult.Event> events) {
    if (!check.isAccepted()) {
      return rejected(transaction, index, check);
    }
    GovernanceDecision decision =
        GovernanceUpdate.CODEC.decode(transaction.body().payload()).decision();
    if (decision.effect() instanceof GovernanceDecision.Revoke revoke) {
      ledgerWrites.put(revokedKey(revoke.revocation()), Optional.of(Bytes.EMPTY));
    }
    Bytes result = GovernanceDecision.CODEC.encode(decision);
    events.add(new BlockResult.Event(index, "governance-decision-imported", result));
    return new Receipt(
        transaction.id(suite),
        index,
        Receipt.Status.ACCEPTED,
        "",
        "governance decision " + decision.sequence(),
        result);
  }

  private Receipt rejected(Transaction transaction, int index, Check check) {
    Check.Rejected rejected = (Check.Rejected) check;
    return new Receipt(
        transaction.id(suite),
        index,
        Receipt.Status.REJECTED,
        rejected.reason(),
        rejected.detail(),
        Bytes.EMPTY);
  }

  private static WriteSet merge(WriteSet business, TreeMap<Bytes, Optional<Bytes>> ledger) {
    TreeMap<Bytes, Optional<Bytes>> all = new TreeMap<>(ledger);
    for (WriteSet.Write write : business.writes()) {
      all.put(businessKey(write.key()), write.value());
    }
    List<WriteSet.Write> writes = new ArrayList<>(all.size());
    all.forEach((key, value) -> writes.add(new WriteSet.Write(key, value)));
    return new WriteSet(writes);
  }

  @Override
  public QueryResult query(StateView state, Caller caller, Bytes request) {
    return business.query(businessView(state), caller, request);
  }

  /** The business application's state: its keys, each behind {@link #BUSINESS_KEY_PREFIX}. */
  static StateView businessView(StateView state) {
    return key -> state.get(businessKey(key));
  }

  static Bytes businessKey(Bytes key) {
    byte[] prefixed = new byte[key.length() + 1];
    prefixed[0] = BUSINESS_KEY_PREFIX;
    System.arraycopy(key.unsafeArray(), 0, prefixed, 1, key.length());
    return Bytes.wrapUnsafe(prefixed);
  }

  static Bytes ledgerKey(String name) {
    byte[] text = name.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[text.length + 1];
    key[0] = LEDGER_KEY_PREFIX;
    System.arraycopy(text, 0, key, 1, text.length);
    return Bytes.of(key);
  }

  static Bytes revokedKey(Revocation revocation) {
    Writer writer = new Writer();
    writer.u8(LEDGER_KEY_PREFIX);
    writer.fixed(Bytes.of(REVOKED_PREFIX.getBytes(StandardCharsets.UTF_8)));
    Revocation.write(writer, revocation);
    return writer.toBytes();
  }
}
