package io.entente.node.traffic;

import io.entente.app.colending.Action;
import io.entente.app.colending.AgreementTerms;
import io.entente.app.colending.ColendingApplication;
import io.entente.app.colending.ColendingLimits;
import io.entente.app.colending.Components;
import io.entente.app.colending.Direction;
import io.entente.app.colending.EventRecord;
import io.entente.app.colending.EventType;
import io.entente.app.colending.Requests;
import io.entente.app.colending.SplitTable;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.codec.Reader;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Signed co-lending transactions as a bank's gateway sends them (pre-signed with the institution's
 * client key, each a user request naming the gateway's system user): the agreement's proposal by
 * the lead and acceptance by the partner, an opening reserve deposit, and attestation batches of a
 * deterministic record mix that both banks report identically, so every record matches. Used by the
 * benchmark and by the tests that drive real nodes.
 *
 * <p>Everything depends only on the constructor's values and the arguments: the same record number
 * gives the same record, and the same records the same idempotency key, so a batch made twice (on
 * another thread, or after a restart) is the same request.
 */
public final class ColendingTraffic {
  /** The user a gateway names in its requests. */
  public static final String GATEWAY_USER = "gateway";

  /** The role of a reporting request (propose, attest). */
  public static final String SUBMITTER = "submitter";

  /** The role accepting an agreement needs. */
  public static final String APPROVER = "approver";

  /** Records per group of the mix: disbursement, repayment, fee, deposit. */
  public static final int MIX_GROUP = 4;

  /** How long before its signing a transaction is valid (clocks of client and node differ). */
  static final long VALID_BEFORE_MS = 60_000;

  /** How long after its signing a transaction is valid: retries within it stay the same. */
  static final long VALID_AFTER_MS = 3_600_000;

  private static final long DAY_MS = 24L * 60 * 60 * 1000;
  private static final long SHANGHAI_OFFSET_MS = 8L * 60 * 60 * 1000;
  private static final long OPENING_DEPOSIT_FEN = 100_000_000_000L;
  private static final String CURRENCY = "CNY";
  private static final int EVENT_FIELDS_MAX = 32;
  private static final int EVENT_FIELD_BYTES_MAX = 1024;

  /** A bank as its gateway signs: institution, client key and the id of its certificate. */
  public record Bank(String institution, Signer signer, Hash certificateId) {
    public Bank {
      Objects.requireNonNull(institution, "institution");
      Objects.requireNonNull(signer, "signer");
      Objects.requireNonNull(certificateId, "certificateId");
    }
  }

  private final CryptoSuite suite;
  private final String channel;
  private final Bank lead;
  private final Bank partner;
  private final AgreementTerms terms;
  private final String run;
  private final int valueDate;

  /**
   * @param agreement the agreement id (a co-lending reference)
   * @param run keeps the event and loan references of two runs on one agreement apart (a short
   *     reference, e.g. a base-36 time)
   * @param valueDate every record's value date, a Shanghai epoch day ({@link #shanghaiDay})
   */
  public ColendingTraffic(
      CryptoSuite suite,
      String channel,
      Bank lead,
      Bank partner,
      String agreement,
      String run,
      int valueDate) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.lead = Objects.requireNonNull(lead, "lead");
    this.partner = Objects.requireNonNull(partner, "partner");
    this.terms = terms(agreement, lead.institution(), partner.institution());
    this.run = Objects.requireNonNull(run, "run");
    this.valueDate = valueDate;
  }

  /**
   * Terms under which the mix never raises a break or an alert: a 70/30 principal split, alerts
   * only below zero, a day's SLA (so a killed node or a slow counterpart does not open ONE_SIDED
   * breaks) and a cap far above anything a run disburses.
   */
  public static AgreementTerms terms(String agreement, String lead, String partner) {
    return new AgreementTerms(
        agreement,
        lead,
        partner,
        CURRENCY,
        new SplitTable(7000, 6500, 6000, 5000),
        0,
        0,
        DAY_MS,
        0,
        60 * 60_000L,
        ColendingLimits.AMOUNT_FEN_MAX,
        3000,
        30 * 60_000L);
  }

  /** The Shanghai calendar day (days since 1970-01-01, UTC+8) of an instant. */
  public static int shanghaiDay(long epochMs) {
    return Math.toIntExact(Math.floorDiv(epochMs + SHANGHAI_OFFSET_MS, DAY_MS));
  }

  public AgreementTerms terms() {
    return terms;
  }

  public Bank lead() {
    return lead;
  }

  public Bank partner() {
    return partner;
  }

  public String channel() {
    return channel;
  }

  /** {@code agreement-propose} by the lead. */
  public Transaction propose(long nowMs) {
    Bytes content = AgreementTerms.CODEC.encode(terms);
    return sign(
        lead,
        ColendingApplication.AGREEMENT_PROPOSE,
        SUBMITTER,
        content,
        "propose-" + terms.id(),
        nowMs);
  }

  /** {@code agreement-accept} by the partner, as an approver, of exactly {@link #terms}. */
  public Transaction accept(long nowMs) {
    Hash termsHash = new Hash(Bytes.wrapUnsafe(sha256(AgreementTerms.CODEC.encode(terms))));
    Bytes content =
        Requests.AgreementAccept.CODEC.encode(new Requests.AgreementAccept(terms.id(), termsHash));
    return sign(
        partner,
        ColendingApplication.AGREEMENT_ACCEPT,
        APPROVER,
        content,
        "accept-" + terms.id(),
        nowMs);
  }

  /** The reserve deposit that funds the run, so the mix never takes available below zero. */
  public EventRecord openingDeposit() {
    return record(
        EventType.RESERVE_DEPOSIT, run + "-open", "", OPENING_DEPOSIT_FEN, Components.ZERO);
  }

  /**
   * Record {@code number} of the mix, in groups of {@value #MIX_GROUP}: a loan's disbursement, a
   * partial repayment of it (principal and interest), a service fee, a reserve deposit. A repayment
   * never clears its loan, so its partner portion does not depend on whether the disbursement was
   * applied first.
   */
  public EventRecord record(long number) {
    if (number < 0) {
      throw new IllegalArgumentException("record number " + number);
    }
    long group = number / MIX_GROUP;
    String ref = run + "-" + number;
    String loan = run + "-L" + group;
    long principal = 50_000 + (group % 97) * 100;
    return switch ((int) (number % MIX_GROUP)) {
      case 0 ->
          record(EventType.DISBURSEMENT, ref, loan, principal, Components.principal(principal));
      case 1 -> record(EventType.REPAYMENT, ref, loan, 10_500, new Components(10_000, 500, 0, 0));
      case 2 -> record(EventType.FEE, ref, "", 300, new Components(0, 0, 0, 300));
      case 3 -> record(EventType.RESERVE_DEPOSIT, ref, "", 40_000, Components.ZERO);
      default -> throw new AssertionError(number);
    };
  }

  /** Records {@code first} to {@code first + count - 1} of the mix. */
  public List<EventRecord> records(long first, int count) {
    List<EventRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(record(first + i));
    }
    return records;
  }

  /**
   * One {@code attest} transaction of {@code bank} carrying {@code records} in order. Its
   * idempotency key is derived from the records, so the same batch always has the same key.
   */
  public Transaction attest(Bank bank, List<EventRecord> records, long nowMs) {
    Bytes content = Requests.AttestationBatch.CODEC.encode(new Requests.AttestationBatch(records));
    String key = "attest-" + HexFormat.of().formatHex(sha256(content), 0, 16);
    return sign(bank, ColendingApplication.ATTEST, SUBMITTER, content, key, nowMs);
  }

  /**
   * {@code bank}'s attestations of records {@code first} to {@code first + count - 1}, {@code
   * perTransaction} records to each transaction (the last may carry fewer).
   */
  public List<Transaction> attestations(
      Bank bank, long first, int count, int perTransaction, long nowMs) {
    if (perTransaction < 1 || perTransaction > ColendingLimits.RECORDS_PER_BATCH_MAX) {
      throw new IllegalArgumentException("records per transaction: " + perTransaction);
    }
    List<Transaction> transactions = new ArrayList<>();
    for (int from = 0; from < count; from += perTransaction) {
      int size = Math.min(perTransaction, count - from);
      transactions.add(attest(bank, records(first + from, size), nowMs));
    }
    return transactions;
  }

  /**
   * The fields of a co-lending event's data (docs/colending.md, Events): for {@code record-matched}
   * the agreement, event type, event_ref and timing note.
   *
   * @throws io.entente.core.codec.CodecException if {@code data} is not the event-data encoding
   */
  public static List<String> eventFields(Bytes data) {
    Reader reader = new Reader(data.toByteArray());
    int tag = reader.u8("tag");
    int version = reader.u8("version");
    if (tag != 0x8A || version != 1) {
      throw new IllegalArgumentException("not co-lending event data: tag " + tag + " v" + version);
    }
    List<String> fields =
        reader.list(EVENT_FIELDS_MAX, "fields", r -> r.string(EVENT_FIELD_BYTES_MAX, "field"));
    reader.expectEnd("event data");
    return fields;
  }

  /** The event type a co-lending application emits when both banks' reports of a key agree. */
  public static final String RECORD_MATCHED = "record-matched";

  private EventRecord record(
      EventType type, String ref, String loan, long amount, Components components) {
    return new EventRecord(
        terms.id(),
        type,
        ref,
        Action.REPORT,
        "",
        loan,
        valueDate,
        CURRENCY,
        amount,
        components,
        null,
        Direction.NONE,
        "",
        "",
        "");
  }

  private Transaction sign(
      Bank bank, String type, String role, Bytes content, String key, long nowMs) {
    Bytes payload = new UserRequestPayload(GATEWAY_USER, role, content).encode();
    TxBody body =
        new TxBody(
            channel,
            ColendingApplication.NAME,
            type,
            payload,
            bank.certificateId(),
            key,
            nowMs - VALID_BEFORE_MS,
            nowMs + VALID_AFTER_MS);
    return Transaction.sign(suite, bank.signer(), body);
  }

  private static byte[] sha256(Bytes bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
