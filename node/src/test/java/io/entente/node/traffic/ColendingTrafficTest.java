package io.entente.node.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.EventRecord;
import io.entente.app.colending.Parties;
import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.MemoryState;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.TestKeys;
import io.entente.core.chain.Transaction;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The traffic a gateway would send, executed by the real co-lending application in memory: the
 * agreement is proposed and accepted, both banks' attestations of the mix are accepted and every
 * record matches without a break, and the same records always make the same request.
 */
class ColendingTrafficTest {
  private static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);
  private static final String CHANNEL = "lead--partner";
  private static final long NOW_MS = 1_764_000_000_000L;

  private final Signer leadKey = TestKeys.signer(SuiteId.STANDARD, 1);
  private final Signer partnerKey = TestKeys.signer(SuiteId.STANDARD, 2);
  private final ColendingTraffic.Bank lead =
      new ColendingTraffic.Bank("lead", leadKey, SUITE.fingerprint(leadKey.publicKey()));
  private final ColendingTraffic.Bank partner =
      new ColendingTraffic.Bank("partner", partnerKey, SUITE.fingerprint(partnerKey.publicKey()));
  private final ColendingTraffic traffic =
      new ColendingTraffic(
          SUITE, CHANNEL, lead, partner, "AGR-1", "run1", ColendingTraffic.shanghaiDay(NOW_MS));

  private final MemoryState state = new MemoryState(SUITE, SUITE.hash());
  private final ColendingApplication application;
  private long height;

  ColendingTrafficTest() {
    TreeMap<Hash, String> certificates = new TreeMap<>();
    certificates.put(lead.certificateId(), "lead");
    certificates.put(partner.certificateId(), "partner");
    application = new ColendingApplication(SUITE, new Parties("lead", "partner", certificates));
  }

  private BlockResult block(List<Transaction> transactions) {
    height++;
    BlockResult result =
        application.execute(
            state, new Application.BlockContext(CHANNEL, height, NOW_MS + height), transactions);
    state.apply(result.writes());
    for (Receipt receipt : result.receipts()) {
      assertThat(receipt.status())
          .as(receipt.code() + " " + receipt.detail())
          .isEqualTo(Receipt.Status.ACCEPTED);
    }
    return result;
  }

  private static List<String> matchedRefs(List<BlockResult> results) {
    List<String> refs = new ArrayList<>();
    for (BlockResult result : results) {
      for (BlockResult.Event event : result.events()) {
        if (event.type().equals(ColendingTraffic.RECORD_MATCHED)) {
          refs.add(ColendingTraffic.eventFields(event.data()).get(2));
        }
      }
    }
    return refs;
  }

  @Test
  void bothBanksAttestationsOfTheMixAreAcceptedAndEveryRecordMatchesWithoutABreak() {
    List<BlockResult> results = new ArrayList<>();
    results.add(block(List.of(traffic.propose(NOW_MS))));
    results.add(block(List.of(traffic.accept(NOW_MS))));
    List<EventRecord> opening = List.of(traffic.openingDeposit());
    results.add(
        block(
            List.of(
                traffic.attest(traffic.lead(), opening, NOW_MS),
                traffic.attest(traffic.partner(), opening, NOW_MS))));
    // One record per transaction from the lead, then the partner's in batches of 7, in one block
    // and over several: the partner portions never depend on the order.
    results.add(block(traffic.attestations(traffic.lead(), 0, 40, 1, NOW_MS)));
    results.add(block(traffic.attestations(traffic.partner(), 0, 40, 7, NOW_MS)));
    results.add(
        block(
            concat(
                traffic.attestations(traffic.partner(), 40, 20, 3, NOW_MS),
                traffic.attestations(traffic.lead(), 40, 20, 20, NOW_MS))));

    List<String> expected = new ArrayList<>();
    expected.add(traffic.openingDeposit().eventRef());
    traffic.records(0, 60).forEach(record -> expected.add(record.eventRef()));
    assertThat(matchedRefs(results)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(results)
        .flatMap(BlockResult::events)
        .extracting(BlockResult.Event::type)
        .noneMatch(type -> type.startsWith("break-") || type.equals("alert"));
  }

  @Test
  void theSameRecordsMakeTheSameRequestAndTheMixCyclesThroughItsEventTypes() {
    assertThat(traffic.attest(lead, traffic.records(0, 5), NOW_MS).body().idempotencyKey())
        .isEqualTo(traffic.attest(lead, traffic.records(0, 5), NOW_MS + 1).body().idempotencyKey())
        .isNotEqualTo(traffic.attest(lead, traffic.records(1, 5), NOW_MS).body().idempotencyKey());
    assertThat(traffic.records(0, 8))
        .extracting(record -> record.type().name())
        .containsExactly(
            "DISBURSEMENT",
            "REPAYMENT",
            "FEE",
            "RESERVE_DEPOSIT",
            "DISBURSEMENT",
            "REPAYMENT",
            "FEE",
            "RESERVE_DEPOSIT");
    assertThat(traffic.attestations(partner, 0, 10, 4, NOW_MS)).hasSize(3);
  }

  private static List<Transaction> concat(List<Transaction> first, List<Transaction> second) {
    List<Transaction> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
