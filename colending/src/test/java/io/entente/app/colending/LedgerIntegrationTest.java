package io.entente.app.colending;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.Application;
import io.entente.consensus.ledger.BlockChecks;
import io.entente.consensus.ledger.ChannelLedger;
import io.entente.consensus.ledger.LedgerApplication;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.ChainBuilder;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.chain.Validator;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The co-lending application as a channel runs it: behind the ledger application, on certified
 * blocks admitted by the same checks validators apply, with real signatures. Two ledgers fed the
 * same blocks agree on every state digest, and the position both banks reported reads back.
 */
class LedgerIntegrationTest {
  private static final SuiteId ID = SuiteId.STANDARD;
  private static final CryptoSuite SUITE = CryptoSuite.of(ID);
  private static final String CHANNEL = "webank--huarui";

  private final Signer leadClient = TestKeys.signer(ID, 20);
  private final Signer partnerClient = TestKeys.signer(ID, 21);
  private final Hash leadId = SUITE.fingerprint(leadClient.publicKey());
  private final Hash partnerId = SUITE.fingerprint(partnerClient.publicKey());
  private final Function<Hash, Optional<PublicKey>> clientKeys =
      id ->
          id.equals(leadId)
              ? Optional.of(leadClient.publicKey())
              : id.equals(partnerId) ? Optional.of(partnerClient.publicKey()) : Optional.empty();
  private int keys;

  private ChannelLedger ledger(Genesis genesis) {
    TreeMap<Hash, String> certificates = new TreeMap<>();
    certificates.put(leadId, Samples.LEAD);
    certificates.put(partnerId, Samples.PARTNER);
    return new ChannelLedger(
        genesis,
        SUITE,
        new LedgerApplication(
            SUITE,
            genesis.governance(),
            new ColendingApplication(
                SUITE, new Parties(Samples.LEAD, Samples.PARTNER, certificates)),
            id -> Optional.empty()));
  }

  private Transaction tx(Signer client, String type, String user, String role, Bytes content) {
    TxBody body =
        new TxBody(
            CHANNEL,
            ColendingApplication.NAME,
            type,
            new UserRequestPayload(user, role, content).encode(),
            SUITE.fingerprint(client.publicKey()),
            "key-" + keys++,
            Samples.START_MS - 60_000,
            Samples.START_MS + 3_600_000);
    return Transaction.sign(SUITE, client, body);
  }

  private Transaction attest(Signer client, EventRecord... records) {
    return tx(
        client,
        ColendingApplication.ATTEST,
        "clerk",
        "submitter",
        Requests.AttestationBatch.CODEC.encode(new Requests.AttestationBatch(List.of(records))));
  }

  @Test
  void twoLedgersOnTheSameCertifiedBlocksAgreeAndThePositionReadsBack() {
    List<Signer> validators = new ArrayList<>();
    List<Validator> set = new ArrayList<>();
    for (int number = 0; number < 4; number++) {
      Signer signer = TestKeys.signer(ID, number);
      validators.add(signer);
      set.add(TestKeys.validator(signer, number % 2 == 0 ? Samples.LEAD : Samples.PARTNER));
    }
    Genesis genesis = new Genesis(CHANNEL, ID, Samples.START_MS, 1, ValidatorSet.of(set), true);
    ChainBuilder chain = new ChainBuilder(genesis, validators);
    ChannelLedger one = ledger(genesis);
    ChannelLedger two = ledger(genesis);
    AgreementTerms terms = Samples.terms();

    List<List<Transaction>> blocks =
        List.of(
            List.of(
                tx(
                    leadClient,
                    ColendingApplication.AGREEMENT_PROPOSE,
                    "alice",
                    "submitter",
                    AgreementTerms.CODEC.encode(terms))),
            List.of(
                tx(
                    partnerClient,
                    ColendingApplication.AGREEMENT_ACCEPT,
                    "bob",
                    "approver",
                    Requests.AgreementAccept.CODEC.encode(
                        new Requests.AgreementAccept(
                            Samples.AGREEMENT, Agreements.termsHash(terms))))),
            List.of(
                attest(leadClient, Samples.deposit("DEP0", 1000_00)),
                attest(partnerClient, Samples.deposit("DEP0", 1000_00))),
            List.of(
                attest(leadClient, Samples.disbursement("D1", "L1", 100_00)),
                attest(partnerClient, Samples.disbursement("D1", "L1", 100_00))));
    for (List<Transaction> transactions : blocks) {
      CertifiedBlock block = chain.append(transactions);
      assertThat(BlockChecks.admit(SUITE, clientKeys, one, block.block()))
          .isEqualTo(Check.accepted());
      List<Receipt> receipts = one.appendReporting(block).result().receipts();
      assertThat(receipts).extracting(Receipt::status).containsOnly(Receipt.Status.ACCEPTED);
      two.appendReporting(block);
      assertThat(two.state().digest()).isEqualTo(one.state().digest());
    }

    Application.QueryResult answer =
        one.application()
            .query(
                one.state(),
                new Application.Caller(Samples.PARTNER, "bob"),
                Requests.QueryRequest.CODEC.encode(
                    Requests.QueryRequest.position(Samples.AGREEMENT)));
    assertThat(answer.check()).isEqualTo(Check.accepted());
    PositionView position = PositionView.CODEC.decode(answer.result());
    assertThat(position.available()).isEqualTo(position.postedReserve());
    assertThat(position.postedReserve()).isEqualTo(1000_00 - 70_00);
    assertThat(position.disbursedToday()).isEqualTo(70_00);
  }
}
