package io.entente.app.colending;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.StateView;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.List;

/**
 * The co-lending application (docs/colending.md). Every transaction's payload is a user request
 * (acting user, role, content); the content is the canonical encoding named by the type:
 *
 * <ul>
 *   <li>{@value #AGREEMENT_PROPOSE}: {@link AgreementTerms}, by the lead;
 *   <li>{@value #AGREEMENT_ACCEPT}: {@link Requests.AgreementAccept}, by the partner (approver);
 *   <li>{@value #ATTEST}: {@link Requests.AttestationBatch}, by either bank;
 *   <li>{@value #DISBURSEMENT_REQUEST}: {@link Requests.HoldRequest}, by the lead;
 *   <li>{@value #BREAK_PROPOSE}, {@value #BREAK_APPROVE}, {@value #BREAK_REJECT}: the break
 *       workflow;
 *   <li>{@value #DAY_CLOSE}: {@link Requests.DayClose}; {@value #RESERVE_STATEMENT}: {@link
 *       Requests.ReserveStatement}.
 * </ul>
 */
public final class ColendingApplication implements Application {
  public static final String NAME = "colending";

  public static final String AGREEMENT_PROPOSE = "agreement-propose";
  public static final String AGREEMENT_ACCEPT = "agreement-accept";
  public static final String ATTEST = "attest";
  public static final String DISBURSEMENT_REQUEST = "disbursement-request";
  public static final String BREAK_PROPOSE = "break-propose";
  public static final String BREAK_APPROVE = "break-approve";
  public static final String BREAK_REJECT = "break-reject";
  public static final String DAY_CLOSE = "day-close";
  public static final String RESERVE_STATEMENT = "reserve-statement";

  private final CryptoSuite suite;
  private final Parties parties;

  public ColendingApplication(CryptoSuite suite, Parties parties) {
    this.suite = suite;
    this.parties = parties;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Check admit(StateView state, Transaction transaction) {
    if (ValidatorSetChange.isChange(transaction.body())) {
      return admitSetChange(transaction);
    }
    if (!transaction.body().application().equals(NAME)) {
      return Check.rejected(Admission.UNKNOWN_TYPE, transaction.body().application());
    }
    Store store = new Store(state);
    return Admission.check(parties, lookup(store), transaction).check();
  }

  private static Check admitSetChange(Transaction transaction) {
    try {
      ValidatorSetChange.CODEC.decode(transaction.body().payload());
      return Check.accepted();
    } catch (CodecException e) {
      return Check.rejected(ValidatorSetChange.MALFORMED, e.getMessage());
    }
  }

  static Admission.Lookup lookup(Store store) {
    return new Admission.Lookup() {
      @Override
      public AgreementState agreement(String id) {
        return store.get(AgreementState.key(id));
      }

      @Override
      public Break breakById(String id) {
        return store.get(Break.key(id));
      }
    };
  }

  @Override
  public BlockResult execute(
      StateView state, BlockContext context, List<Transaction> transactions) {
    Store store = new Store(state);
    Context cx = new Context(store, context.timestampMs(), context.height());
    // Deadlines first: what fell due by this block's time happened before its transactions.
    cx.begin(transactions.size());
    Deadlines.run(cx);
    checkAlerts(cx);
    store.put(Indexes.LAST_BLOCK_MS, new Indexes.Counter(context.timestampMs()));
    cx.commit();
    List<Receipt> receipts = new ArrayList<>(transactions.size());
    for (int index = 0; index < transactions.size(); index++) {
      cx.begin(index);
      receipts.add(executeOne(cx, index, transactions.get(index)));
    }
    cx.begin(transactions.size());
    Deadlines.trim(cx);
    cx.commit();
    return new BlockResult(receipts, cx.events(), store.writeSet(), Deadlines.next(store));
  }

  private Receipt executeOne(Context cx, int index, Transaction transaction) {
    var id = transaction.id(suite);
    if (ValidatorSetChange.isChange(transaction.body())) {
      Check check = admitSetChange(transaction);
      return receipt(id, index, check, Bytes.EMPTY);
    }
    Check check;
    Bytes result = Bytes.EMPTY;
    Admission.Outcome outcome =
        transaction.body().application().equals(NAME)
            ? Admission.check(parties, lookup(cx.store), transaction)
            : new Admission.Outcome(
                Check.rejected(Admission.UNKNOWN_TYPE, transaction.body().application()), null);
    if (outcome.check() instanceof Check.Rejected) {
      check = outcome.check();
    } else {
      Handlers.Result handled = Handlers.handle(cx, outcome.admitted());
      check = handled.check();
      result = handled.result();
    }
    if (check instanceof Check.Rejected) {
      cx.rollback();
      return receipt(id, index, check, Bytes.EMPTY);
    }
    checkAlerts(cx);
    cx.commit();
    return receipt(id, index, check, result);
  }

  private static Receipt receipt(
      io.entente.core.bytes.Hash id, int index, Check check, Bytes result) {
    if (check instanceof Check.Rejected rejected) {
      String detail = Fields.truncate(rejected.detail(), ColendingLimits.RECEIPT_DETAIL_BYTES_MAX);
      return new Receipt(
          id, index, Receipt.Status.REJECTED, rejected.reason(), detail, Bytes.EMPTY);
    }
    return new Receipt(id, index, Receipt.Status.ACCEPTED, "", "", result);
  }

  /** Alerts and the shortfall break for every agreement the transaction touched. */
  private static void checkAlerts(Context cx) {
    for (String agreement : new ArrayList<>(cx.touched)) {
      AgreementState state = cx.store.get(AgreementState.key(agreement));
      if (state != null && state.active()) {
        Alerts.check(cx, state.terms());
      }
    }
  }

  @Override
  public QueryResult query(StateView state, Caller caller, Bytes request) {
    return Queries.answer(new Store(state), caller, request);
  }
}
