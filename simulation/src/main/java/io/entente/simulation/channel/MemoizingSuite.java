package io.entente.simulation.channel;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * A run's suite that remembers its last {@link ChannelLimits#VERIFICATIONS_REMEMBERED_MAX}
 * signature verifications and delegates everything else. In a simulated channel every validator
 * verifies every message it receives, again on every re-send, and again inside every justification
 * and certificate that carries it; verification is a pure function of (key, message, signature), so
 * the remembered verdict is the one the delegate would give, and a run draws and does exactly what
 * it would without this.
 *
 * <p>One instance belongs to one run (one world, one thread): it is not thread-safe. Entries are
 * found by signature and used only when key and message are equal too; the oldest used entry is
 * forgotten first.
 */
final class MemoizingSuite implements CryptoSuite {
  private record Verified(PublicKey key, Bytes message, Check verdict) {}

  private final CryptoSuite delegate;
  private final LinkedHashMap<Bytes, Verified> bySignature = new LinkedHashMap<>(1024, 0.75f, true);

  MemoizingSuite(CryptoSuite delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  CryptoSuite delegate() {
    return delegate;
  }

  @Override
  public Check verify(PublicKey key, Bytes message, Signature signature) {
    Verified known = bySignature.get(signature.value());
    if (known != null && known.key().equals(key) && known.message().equals(message)) {
      return known.verdict();
    }
    Check verdict = delegate.verify(key, message, signature);
    bySignature.put(signature.value(), new Verified(key, message, verdict));
    if (bySignature.size() > ChannelLimits.VERIFICATIONS_REMEMBERED_MAX) {
      Iterator<Bytes> oldest = bySignature.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return verdict;
  }

  @Override
  public SuiteId id() {
    return delegate.id();
  }

  @Override
  public Hash hash(Bytes... parts) {
    return delegate.hash(parts);
  }

  @Override
  public Hash fingerprint(PublicKey key) {
    return delegate.fingerprint(key);
  }

  @Override
  public KeyPair generateKeyPair(SecureRandom random) {
    return delegate.generateKeyPair(random);
  }

  @Override
  public Signature sign(PrivateKey key, Bytes message) {
    return delegate.sign(key, message);
  }

  @Override
  public Signer signer(PrivateKey key) {
    return delegate.signer(key);
  }

  @Override
  public Aead aead() {
    return delegate.aead();
  }

  @Override
  public String toString() {
    return delegate + ", verifications remembered";
  }
}
