package io.entente.app.colending;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.app.Application;
import io.entente.consensus.app.BlockResult;
import io.entente.consensus.app.MemoryState;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.codec.Reader;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A channel of one lead and one partner in memory: builds transactions, executes blocks on a {@link
 * MemoryState} and reads state back. Time is explicit block time; nothing reads a clock.
 */
final class Fixture {
  static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);
  static final String LEAD = Samples.LEAD;
  static final String PARTNER = Samples.PARTNER;
  static final String OUTSIDER = "luoyang";
  static final String AGREEMENT = Samples.AGREEMENT;
  static final Hash LEAD_CERT = certificate(1);
  static final Hash PARTNER_CERT = certificate(2);
  static final Hash OUTSIDER_CERT = certificate(3);

  static final long START_MS = Samples.START_MS;
  static final long HOUR_MS = Samples.HOUR_MS;
  static final long SLA_MS = Samples.SLA_MS;
  static final long HOLD_TTL_MS = Samples.HOLD_TTL_MS;
  static final int DAY = Samples.DAY;

  final ColendingApplication app;
  final MemoryState state = new MemoryState(SUITE, SUITE.hash());
  long nowMs = START_MS;
  long height;
  private int nonce;
  final List<BlockResult> results = new ArrayList<>();

  Fixture() {
    TreeMap<Hash, String> certificates = new TreeMap<>();
    certificates.put(LEAD_CERT, LEAD);
    certificates.put(PARTNER_CERT, PARTNER);
    app = new ColendingApplication(SUITE, new Parties(LEAD, PARTNER, certificates));
  }

  static Hash certificate(int number) {
    byte[] value = new byte[32];
    Arrays.fill(value, (byte) number);
    return new Hash(Bytes.wrapUnsafe(value));
  }

  /** A fixture whose agreement is proposed and accepted. */
  static Fixture active() {
    Fixture f = new Fixture();
    AgreementTerms terms = Samples.terms();
    f.ok(
        f.tx(
            LEAD_CERT,
            ColendingApplication.AGREEMENT_PROPOSE,
            "alice",
            "submitter",
            AgreementTerms.CODEC.encode(terms)));
    f.ok(
        f.tx(
            PARTNER_CERT,
            ColendingApplication.AGREEMENT_ACCEPT,
            "bob",
            "approver",
            Requests.AgreementAccept.CODEC.encode(
                new Requests.AgreementAccept(AGREEMENT, Agreements.termsHash(terms)))));
    return f;
  }

  Transaction tx(Hash certificate, String type, String user, String role, Bytes content) {
    Bytes payload = new UserRequestPayload(user, role, content).encode();
    TxBody body =
        new TxBody(
            "loans-webank-huarui",
            ColendingApplication.NAME,
            type,
            payload,
            certificate,
            "key-" + (nonce++),
            0,
            1000);
    return new Transaction(body, new Signature(Bytes.wrapUnsafe(new byte[64])));
  }

  Transaction attest(Hash certificate, EventRecord... records) {
    return tx(
        certificate,
        ColendingApplication.ATTEST,
        "clerk",
        "submitter",
        Requests.AttestationBatch.CODEC.encode(new Requests.AttestationBatch(List.of(records))));
  }

  /** Executes one block at the current time (advanced by a second) and applies its writes. */
  BlockResult block(Transaction... transactions) {
    nowMs += 1000;
    return blockAt(nowMs, transactions);
  }

  BlockResult blockAt(long timeMs, Transaction... transactions) {
    nowMs = timeMs;
    height++;
    BlockResult result =
        app.execute(
            state,
            new Application.BlockContext("loans-webank-huarui", height, timeMs),
            List.of(transactions));
    state.apply(result.writes());
    results.add(result);
    return result;
  }

  Receipt ok(Transaction transaction) {
    Receipt receipt = block(transaction).receipts().get(0);
    assertThat(receipt.status())
        .as(receipt.code() + " " + receipt.detail())
        .isEqualTo(Receipt.Status.ACCEPTED);
    return receipt;
  }

  Receipt refused(Transaction transaction) {
    Receipt receipt = block(transaction).receipts().get(0);
    assertThat(receipt.status()).isEqualTo(Receipt.Status.REJECTED);
    return receipt;
  }

  <T> T read(Store.Key<T> key) {
    return new Store(state).get(key);
  }

  Position position() {
    return read(Position.key(AGREEMENT));
  }

  Recon recon(EventType type, String ref) {
    return read(Recon.key(new RecordKey(AGREEMENT, type, ref)));
  }

  Break breakOf(String id) {
    return read(Break.key(id));
  }

  List<String> eventTypes() {
    List<String> types = new ArrayList<>();
    for (BlockResult result : results) {
      for (BlockResult.Event event : result.events()) {
        types.add(event.type());
      }
    }
    return types;
  }

  /** The string fields of an event's data. */
  static List<String> fields(BlockResult.Event event) {
    Reader reader = Reader.of(event.data());
    reader.u8("tag");
    reader.u8("version");
    List<String> fields = reader.list(32, "fields", r -> r.string(1024, "field"));
    reader.expectEnd("event");
    return fields;
  }
}
