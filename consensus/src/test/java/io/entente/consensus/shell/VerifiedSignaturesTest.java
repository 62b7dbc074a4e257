package io.entente.consensus.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The memory of checked signatures answers exactly as checking again would: a hit needs the same
 * body, signature and key; invalid signatures are never remembered; it stays within its capacity.
 */
class VerifiedSignaturesTest {
  private static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);
  private static final long TIME_MS = 1_700_000_000_000L;

  private final Signer client = TestKeys.signer(SuiteId.STANDARD, 1);
  private final Signer other = TestKeys.signer(SuiteId.STANDARD, 2);
  private final Hash clientId = SUITE.hash(Bytes.of("client".getBytes(StandardCharsets.UTF_8)));

  private TxBody body(String key) {
    return new TxBody(
        "x", "counter", "add", Bytes.of(new byte[] {1}), clientId, key, TIME_MS, TIME_MS + 60_000);
  }

  @Test
  void aValidSignatureIsRememberedForItsBodySignatureAndKeyOnly() {
    VerifiedSignatures verified = new VerifiedSignatures(8);
    Transaction signed = Transaction.sign(SUITE, client, body("a"));
    Hash id = signed.id(SUITE);

    assertThat(verified.verify(SUITE, signed, id, client.publicKey()).isAccepted()).isTrue();

    assertThat(verified.isKnownValid(signed, id, client.publicKey())).isTrue();
    assertThat(verified.isKnownValid(signed, id, other.publicKey())).isFalse();
    Transaction sameBodyOtherSignature = Transaction.sign(SUITE, other, body("a"));
    assertThat(verified.isKnownValid(sameBodyOtherSignature, id, client.publicKey())).isFalse();
  }

  @Test
  void anInvalidSignatureIsRefusedAsAFreshCheckRefusesItAndNotRemembered() {
    VerifiedSignatures verified = new VerifiedSignatures(8);
    Transaction signed = Transaction.sign(SUITE, client, body("a"));
    Hash id = signed.id(SUITE);
    verified.verify(SUITE, signed, id, client.publicKey());
    Transaction forged =
        new Transaction(signed.body(), Transaction.sign(SUITE, other, body("a")).signature());

    Check remembered = verified.verify(SUITE, forged, id, client.publicKey());

    assertThat(remembered).isEqualTo(forged.verifySignature(SUITE, client.publicKey()));
    assertThat(remembered.isAccepted()).isFalse();
    assertThat(verified.isKnownValid(forged, id, client.publicKey())).isFalse();
    assertThat(verified.isKnownValid(signed, id, client.publicKey())).isTrue();
  }

  @Test
  void outcomesCheckedElsewhereAreKeptOnlyWhenAccepted() {
    VerifiedSignatures verified = new VerifiedSignatures(8);
    Transaction good = Transaction.sign(SUITE, client, body("good"));
    Transaction bad =
        new Transaction(body("bad"), Transaction.sign(SUITE, other, body("bad")).signature());
    List<VerifiedSignatures.Pending> pending =
        List.of(
            new VerifiedSignatures.Pending(good, good.id(SUITE), client.publicKey()),
            new VerifiedSignatures.Pending(bad, bad.id(SUITE), client.publicKey()));
    ShellEnvironment<String> sequential = new NoEnvironment();

    verified.keepAccepted(
        pending, sequential.verifySignatures(SUITE, VerifiedSignatures.asChecks(pending)));

    assertThat(verified.isKnownValid(good, good.id(SUITE), client.publicKey())).isTrue();
    assertThat(verified.isKnownValid(bad, bad.id(SUITE), client.publicKey())).isFalse();
    assertThat(verified.size()).isEqualTo(1);
  }

  @Test
  void theOldestIsForgottenPastTheCapacityAndAFinalOneAtOnce() {
    VerifiedSignatures verified = new VerifiedSignatures(2);
    Transaction first = Transaction.sign(SUITE, client, body("1"));
    Transaction second = Transaction.sign(SUITE, client, body("2"));
    Transaction third = Transaction.sign(SUITE, client, body("3"));
    for (Transaction transaction : List.of(first, second, third)) {
      verified.verify(SUITE, transaction, transaction.id(SUITE), client.publicKey());
    }

    assertThat(verified.size()).isEqualTo(2);
    assertThat(verified.isKnownValid(first, first.id(SUITE), client.publicKey())).isFalse();
    assertThat(verified.isKnownValid(third, third.id(SUITE), client.publicKey())).isTrue();

    verified.forget(third.id(SUITE));
    assertThat(verified.isKnownValid(third, third.id(SUITE), client.publicKey())).isFalse();
    assertThat(verified.size()).isEqualTo(1);
  }

  /** Only the default signature checks are used. */
  private static final class NoEnvironment implements ShellEnvironment<String> {
    @Override
    public long nowMs() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String self() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void send(String to, Bytes wire) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setTimer(String name, long atMs) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void walAppend(long height, Bytes record) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean walDirty() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void walSync() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void commitBlock(
        io.entente.core.chain.CertifiedBlock block,
        io.entente.consensus.ledger.ChannelLedger.Appended executed) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void count(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int randomInt(int bound) {
      throw new UnsupportedOperationException();
    }
  }
}
