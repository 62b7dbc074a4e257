package io.entente.app.colending;

import static io.entente.app.colending.Fixture.AGREEMENT;
import static io.entente.app.colending.Fixture.LEAD_CERT;
import static io.entente.app.colending.Fixture.OUTSIDER_CERT;
import static io.entente.app.colending.Fixture.PARTNER_CERT;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Receipt;
import io.entente.core.check.Check;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission refuses syntax and authorization problems only; a refusal changes nothing. */
class AdmissionTest {
  private final Fixture f = Fixture.active();

  private String reason(io.entente.core.chain.Transaction transaction) {
    Check check = f.app.admit(f.state, transaction);
    assertThat(check).isInstanceOf(Check.Rejected.class);
    return ((Check.Rejected) check).reason();
  }

  @Test
  void syntaxAndAuthorizationProblemsAreRefused() {
    assertThat(reason(f.attest(OUTSIDER_CERT, Samples.deposit("R1", 1))))
        .isEqualTo(Admission.UNKNOWN_SUBMITTER);
    assertThat(
            reason(
                f.tx(
                    LEAD_CERT,
                    ColendingApplication.ATTEST,
                    "alice",
                    "submitter",
                    Bytes.of(new byte[] {1, 2, 3}))))
        .isEqualTo(Admission.MALFORMED);
    assertThat(reason(f.tx(LEAD_CERT, "no-such-type", "alice", "submitter", Bytes.EMPTY)))
        .isEqualTo(Admission.UNKNOWN_TYPE);
    assertThat(
            reason(
                f.tx(
                    LEAD_CERT,
                    ColendingApplication.ATTEST,
                    "vic",
                    "viewer",
                    Requests.AttestationBatch.CODEC.encode(
                        new Requests.AttestationBatch(List.of(Samples.deposit("R1", 1)))))))
        .isEqualTo(Admission.ROLE);
    EventRecord elsewhere =
        new EventRecord(
            "other",
            EventType.RESERVE_DEPOSIT,
            "R1",
            Action.REPORT,
            "",
            "",
            Fixture.DAY,
            "CNY",
            1,
            Components.ZERO,
            null,
            Direction.NONE,
            "",
            "",
            "");
    assertThat(reason(f.attest(LEAD_CERT, elsewhere))).isEqualTo(Admission.UNKNOWN_AGREEMENT);
    AgreementTerms again = Samples.terms();
    assertThat(
            reason(
                f.tx(
                    PARTNER_CERT,
                    ColendingApplication.AGREEMENT_PROPOSE,
                    "bob",
                    "submitter",
                    AgreementTerms.CODEC.encode(again))))
        .isEqualTo(Admission.WRONG_INSTITUTION);
    assertThat(
            reason(
                f.tx(
                    LEAD_CERT,
                    ColendingApplication.AGREEMENT_PROPOSE,
                    "alice",
                    "submitter",
                    AgreementTerms.CODEC.encode(again))))
        .isEqualTo(Admission.AGREEMENT_EXISTS);
  }

  @Test
  void aBatchWithOneBadRecordIsRejectedWholeAndChangesNothing() {
    EventRecord elsewhere =
        new EventRecord(
            "other",
            EventType.RESERVE_DEPOSIT,
            "R2",
            Action.REPORT,
            "",
            "",
            Fixture.DAY,
            "CNY",
            1,
            Components.ZERO,
            null,
            Direction.NONE,
            "",
            "",
            "");
    var result = f.block(f.attest(LEAD_CERT, Samples.deposit("R1", 5), elsewhere));
    assertThat(result.receipts().get(0).status()).isEqualTo(Receipt.Status.REJECTED);
    assertThat(result.events()).isEmpty();
    assertThat(f.recon(EventType.RESERVE_DEPOSIT, "R1")).isNull();
    assertThat(result.writes().writes())
        .extracting(w -> new String(w.key().unsafeArray(), java.nio.charset.StandardCharsets.UTF_8))
        .as("only the block clock")
        .containsExactly("clock");
  }

  @Test
  void businessDifferencesAreNeverRefused() {
    // No reserve, a wrong split, a currency other than the agreement's: all admitted.
    EventRecord odd =
        new EventRecord(
            AGREEMENT,
            EventType.DISBURSEMENT,
            "D1",
            Action.REPORT,
            "",
            "L1",
            Fixture.DAY,
            "USD",
            100,
            Components.principal(100),
            Components.principal(100),
            Direction.NONE,
            "",
            "",
            "");
    assertThat(f.app.admit(f.state, f.attest(LEAD_CERT, odd)).isAccepted()).isTrue();
    f.ok(f.attest(LEAD_CERT, odd));
    assertThat(f.recon(EventType.DISBURSEMENT, "D1").splitBreak).isNotEmpty();
  }
}
