package io.entente.consensus.app;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.ValidatorSetChange;
import io.entente.core.check.Check;
import io.entente.core.codec.CodecException;
import io.entente.core.crypto.CryptoSuite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A small deterministic application for the simulator and tests: named counters. A transaction of
 * type {@value #ADD} carries {@code key=delta} (UTF-8, delta a signed 64-bit number) and adds the
 * delta to the counter; a query names a key and gets its value. It also admits validator-set
 * changes ({@link ValidatorSetChange}), whose inclusion in a block is their effect.
 */
public final class CounterApplication implements Application {
  public static final String NAME = "counter";
  public static final String ADD = "add";
  public static final String MALFORMED = "counter-malformed";
  public static final String OVERFLOW = "counter-overflow";
  public static final String UNKNOWN = "unknown-transaction-type";
  public static final String NO_SUCH_KEY = "no-such-key";

  private final CryptoSuite suite;

  public CounterApplication(CryptoSuite suite) {
    this.suite = suite;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** {@code key=delta} as a counter payload. */
  public static Bytes payload(String key, long delta) {
    return Bytes.of((key + "=" + delta).getBytes(StandardCharsets.UTF_8));
  }

  private record Add(String key, long delta) {}

  private static Optional<Add> parse(Bytes payload) {
    String text = new String(payload.unsafeArray(), StandardCharsets.UTF_8);
    int equals = text.indexOf('=');
    if (equals <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Add(text.substring(0, equals), Long.parseLong(text.substring(equals + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public Check admit(StateView state, Transaction transaction) {
    TxBody body = transaction.body();
    if (ValidatorSetChange.isPlain(body)) {
      try {
        ValidatorSetChange.CODEC.decode(body.payload());
        return Check.accepted();
      } catch (CodecException e) {
        return Check.rejected(ValidatorSetChange.MALFORMED, e.getMessage());
      }
    }
    if (!body.application().equals(NAME) || !body.type().equals(ADD)) {
      return Check.rejected(UNKNOWN, body.application() + "/" + body.type());
    }
    return Check.require(parse(body.payload()).isPresent(), MALFORMED, () -> "expected key=delta");
  }

  @Override
  public BlockResult execute(
      StateView state, BlockContext context, List<Transaction> transactions) {
    TreeMap<Bytes, Long> changed = new TreeMap<>();
    List<Receipt> receipts = new ArrayList<>();
    List<BlockResult.Event> events = new ArrayList<>();
    for (int index = 0; index < transactions.size(); index++) {
      Transaction transaction = transactions.get(index);
      receipts.add(executeOne(state, changed, events, index, transaction));
    }
    List<WriteSet.Write> writes = new ArrayList<>();
    changed.forEach(
        (key, value) -> writes.add(new WriteSet.Write(key, Optional.of(encode(value)))));
    return new BlockResult(receipts, events, new WriteSet(writes), OptionalLong.empty());
  }

  private Receipt executeOne(
      StateView state,
      TreeMap<Bytes, Long> changed,
      List<BlockResult.Event> events,
      int index,
      Transaction transaction) {
    var id = transaction.id(suite);
    Check admitted = admit(state, transaction);
    if (admitted instanceof Check.Rejected rejected) {
      return new Receipt(
          id, index, Receipt.Status.REJECTED, rejected.reason(), rejected.detail(), Bytes.EMPTY);
    }
    if (ValidatorSetChange.isPlain(transaction.body())) {
      return new Receipt(id, index, Receipt.Status.ACCEPTED, "", "", Bytes.EMPTY);
    }
    Add add = parse(transaction.body().payload()).orElseThrow();
    Bytes key = Bytes.of(add.key().getBytes(StandardCharsets.UTF_8));
    long before = changed.containsKey(key) ? changed.get(key) : current(state, key);
    long after;
    try {
      after = Math.addExact(before, add.delta());
    } catch (ArithmeticException e) {
      return new Receipt(
          id, index, Receipt.Status.REJECTED, OVERFLOW, add.key() + " would overflow", Bytes.EMPTY);
    }
    changed.put(key, after);
    events.add(new BlockResult.Event(index, "counter-changed", key));
    return new Receipt(id, index, Receipt.Status.ACCEPTED, "", "", encode(after));
  }

  private static long current(StateView state, Bytes key) {
    return state.get(key).map(CounterApplication::decode).orElse(0L);
  }

  static Bytes encode(long value) {
    return Bytes.of(Long.toString(value).getBytes(StandardCharsets.UTF_8));
  }

  static long decode(Bytes value) {
    return Long.parseLong(new String(value.unsafeArray(), StandardCharsets.UTF_8));
  }

  @Override
  public QueryResult query(StateView state, Caller caller, Bytes request) {
    Optional<Bytes> value = state.get(request);
    return value.isPresent()
        ? new QueryResult(Check.accepted(), value.get())
        : new QueryResult(
            Check.rejected(NO_SUCH_KEY, "no counter for " + caller.user()), Bytes.EMPTY);
  }
}
