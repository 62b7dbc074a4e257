package io.entente.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransactionTest {
  private static final long FROM = ChainSamples.TIME_MS;

  private static TxBody body(long validFromMs, long validUntilMs) {
    TxBody sample = ChainSamples.txBody();
    return new TxBody(
        sample.channel(),
        sample.application(),
        sample.type(),
        sample.payload(),
        sample.submitterCertificateId(),
        sample.idempotencyKey(),
        validFromMs,
        validUntilMs);
  }

  @Test
  void theValidityWindowIsNonEmptyAndAtMostTheLimit() {
    assertThat(body(FROM, FROM + CoreLimits.TX_VALIDITY_MS_MAX).validUntilMs())
        .isEqualTo(FROM + CoreLimits.TX_VALIDITY_MS_MAX);
    assertThatThrownBy(() -> body(FROM, FROM + CoreLimits.TX_VALIDITY_MS_MAX + 1))
        .hasMessageContaining("validity window");
    assertThatThrownBy(() -> body(FROM, FROM)).hasMessageContaining("not after");
    assertThatThrownBy(() -> body(Long.MAX_VALUE, 5)).hasMessageContaining("not after");
    assertThatThrownBy(() -> body(-1, 5)).hasMessageContaining("validFromMs");
  }

  @Test
  void aBodyIsValidFromItsStartUntilJustBeforeItsEnd() {
    TxBody body = body(FROM, FROM + 1_000);
    assertThat(body.checkValidAt(FROM - 1))
        .isInstanceOfSatisfying(
            Check.Rejected.class, r -> assertThat(r.reason()).isEqualTo(TxBody.NOT_YET_VALID));
    assertThat(body.checkValidAt(FROM).isAccepted()).isTrue();
    assertThat(body.checkValidAt(FROM + 999).isAccepted()).isTrue();
    assertThat(body.checkValidAt(FROM + 1_000))
        .isInstanceOfSatisfying(
            Check.Rejected.class, r -> assertThat(r.reason()).isEqualTo(TxBody.EXPIRED));
  }

  @Test
  void identifiersMustBeNonEmptyBoundedAndWellFormed() {
    TxBody sample = ChainSamples.txBody();
    assertThatThrownBy(
            () ->
                new TxBody(
                    "",
                    sample.application(),
                    sample.type(),
                    sample.payload(),
                    sample.submitterCertificateId(),
                    sample.idempotencyKey(),
                    FROM,
                    FROM + 1))
        .hasMessageContaining("channel is empty");
    assertThatThrownBy(
            () ->
                new TxBody(
                    "x".repeat(CoreLimits.IDENTIFIER_BYTES_MAX + 1),
                    sample.application(),
                    sample.type(),
                    sample.payload(),
                    sample.submitterCertificateId(),
                    sample.idempotencyKey(),
                    FROM,
                    FROM + 1))
        .hasMessageContaining("limit");
    assertThatThrownBy(
            () ->
                new TxBody(
                    "half \uD83D",
                    sample.application(),
                    sample.type(),
                    sample.payload(),
                    sample.submitterCertificateId(),
                    sample.idempotencyKey(),
                    FROM,
                    FROM + 1))
        .hasMessageContaining("well-formed");
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aSignedTransactionVerifiesForItsSignerOnly(SuiteId id) {
    CryptoSuite suite = CryptoSuite.of(id);
    Signer signer = TestKeys.signer(id, 1);
    Transaction transaction = Transaction.sign(suite, signer, ChainSamples.txBody());

    assertThat(transaction.verifySignature(suite, signer.publicKey()).isAccepted()).isTrue();
    assertThat(transaction.verifySignature(suite, TestKeys.signer(id, 2).publicKey()))
        .isInstanceOf(Check.Rejected.class);

    Transaction otherBody = new Transaction(body(FROM, FROM + 2), transaction.signature());
    assertThat(otherBody.verifySignature(suite, signer.publicKey()))
        .isInstanceOf(Check.Rejected.class);
  }

  @Test
  void theSignatureIsOverTheEncodedBodyWithItsTag() {
    CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
    Signer signer = TestKeys.signer(SuiteId.STANDARD, 1);
    Transaction transaction = Transaction.sign(suite, signer, ChainSamples.txBody());
    Bytes encodedBody = TxBody.CODEC.encode(transaction.body());
    assertThat(encodedBody.get(0)).isEqualTo((byte) TxBody.CODEC.tag());
    assertThat(suite.verify(signer.publicKey(), encodedBody, transaction.signature()).isAccepted())
        .isTrue();
  }

  @Test
  void theIdExcludesTheSignature() {
    CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
    TxBody body = ChainSamples.txBody();
    Transaction first = new Transaction(body, ChainSamples.signature(1));
    Transaction second = new Transaction(body, ChainSamples.signature(2));
    assertThat(first.id(suite)).isEqualTo(second.id(suite));
    assertThat(first.id(suite)).isEqualTo(suite.hash(TxBody.CODEC.encode(body)));
    assertThat(new Transaction(body(FROM, FROM + 2), ChainSamples.signature(1)).id(suite))
        .isNotEqualTo(first.id(suite));
  }

  @Test
  void theEncodedTransactionContainsTheEncodedBodyUnchanged() {
    Transaction transaction = ChainSamples.transaction();
    Bytes encoded = Transaction.CODEC.encode(transaction);
    Bytes body = TxBody.CODEC.encode(transaction.body());
    assertThat(Bytes.of(encoded.unsafeArray(), 2, body.length())).isEqualTo(body);
  }

  @Test
  void aSignerOfAnotherSuiteFailsFast() {
    assertThatThrownBy(
            () ->
                Transaction.sign(
                    CryptoSuite.of(SuiteId.STANDARD),
                    TestKeys.signer(SuiteId.GUOMI, 1),
                    ChainSamples.txBody()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBatchMustFitATransactionPayload() {
    Bytes record = Bytes.of(new byte[CoreLimits.RECORD_BYTES_MAX]);
    int fitting = (CoreLimits.RECORD_BATCH_BYTES_MAX - 6) / (4 + CoreLimits.RECORD_BYTES_MAX);
    List<Bytes> records = new ArrayList<>(java.util.Collections.nCopies(fitting, record));
    RecordBatch batch = new RecordBatch(records);
    assertThat(RecordBatch.CODEC.encode(batch).length())
        .isLessThanOrEqualTo(CoreLimits.TX_PAYLOAD_BYTES_MAX);

    records.add(record);
    assertThatThrownBy(() -> new RecordBatch(records)).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> new RecordBatch(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new RecordBatch(List.of(Bytes.of(new byte[CoreLimits.RECORD_BYTES_MAX + 1]))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
