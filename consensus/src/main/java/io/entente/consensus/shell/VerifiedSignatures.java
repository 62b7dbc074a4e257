package io.entente.consensus.shell;

import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Client signatures this node has already found valid, so that a transaction checked when it
 * arrived (from a client or forwarded by a validator) is not checked again when a proposed block
 * carries it. The profile of {@code entente bench} showed each node spending about as much time on
 * the second check of every transaction as on the first.
 *
 * <p>A signature's validity is a function of (key, signed body, signature) alone, so an entry says
 * exactly what checking again would: it holds the id (the hash of the signed body), the signature
 * and the key that verified it, and a lookup hits only when all three are equal. Whether the key
 * still belongs to a known client is looked up every time by the caller, so a revocation between
 * arrival and block still refuses the transaction. Only valid signatures are kept.
 *
 * <p>Bounded: at most {@code capacity} entries, the oldest forgotten first; an entry is also
 * forgotten when its transaction is final. Pure and single-threaded (a {@link TreeMap} and a queue
 * in insertion order): the deterministic simulator runs it too.
 */
final class VerifiedSignatures {
  private record Verified(Signature signature, PublicKey key) {}

  private final int capacity;
  private final TreeMap<Hash, Verified> byId = new TreeMap<>();
  private final ArrayDeque<Hash> order = new ArrayDeque<>();

  VerifiedSignatures(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, not " + capacity);
    }
    this.capacity = capacity;
  }

  /** Whether {@code key} signed {@code transaction}'s body: from memory, or checked and kept. */
  Check verify(CryptoSuite suite, Transaction transaction, Hash id, PublicKey key) {
    if (isKnownValid(transaction, id, key)) {
      return Check.accepted();
    }
    Check check = transaction.verifySignature(suite, key);
    if (check.isAccepted()) {
      keep(id, transaction.signature(), key);
    }
    return check;
  }

  boolean isKnownValid(Transaction transaction, Hash id, PublicKey key) {
    Verified verified = byId.get(id);
    return verified != null
        && verified.signature().equals(transaction.signature())
        && verified.key().equals(key);
  }

  /**
   * Keeps the outcomes of checks made elsewhere (in parallel, see {@link
   * ShellEnvironment#verifySignatures}): each accepted one is remembered.
   */
  void keepAccepted(List<Pending> checked, List<Check> outcomes) {
    for (int i = 0; i < checked.size(); i++) {
      if (outcomes.get(i).isAccepted()) {
        Pending pending = checked.get(i);
        keep(pending.id(), pending.transaction().signature(), pending.key());
      }
    }
  }

  /** A check not yet made: what {@link ShellEnvironment#verifySignatures} is asked to do. */
  record Pending(Transaction transaction, Hash id, PublicKey key) {
    ShellEnvironment.SignatureCheck asCheck() {
      return new ShellEnvironment.SignatureCheck(
          key, TxBody.CODEC.encode(transaction.body()), transaction.signature());
    }
  }

  static List<ShellEnvironment.SignatureCheck> asChecks(List<Pending> pending) {
    List<ShellEnvironment.SignatureCheck> checks = new ArrayList<>(pending.size());
    for (Pending one : pending) {
      checks.add(one.asCheck());
    }
    return checks;
  }

  private void keep(Hash id, Signature signature, PublicKey key) {
    byId.put(id, new Verified(signature, key));
    // An id forgotten at commit and kept again is queued twice; its older place then evicts it
    // early, which costs one check more, never a wrong answer.
    order.addLast(id);
    while (order.size() > capacity) {
      byId.remove(order.removeFirst());
    }
  }

  /** Forgets a transaction once it is final: nothing checks its signature again. */
  void forget(Hash id) {
    byId.remove(id);
  }

  int size() {
    return byId.size();
  }
}
