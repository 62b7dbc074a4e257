package io.entente.app.colending;

import io.entente.core.bytes.Hash;
import io.entente.core.codec.Codec;
import io.entente.core.codec.Reader;
import io.entente.core.codec.SimpleCodec;
import io.entente.core.codec.Writer;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The contents of the co-lending transactions (inside the user-request wrapper), one record per
 * transaction type, each with its canonical codec.
 */
public final class Requests {
  private Requests() {}

  private static final int SMALL_BYTES_MAX = 4 * 1024;

  /** {@code agreement-accept}: the partner accepts exactly the terms with this hash. */
  public record AgreementAccept(String agreement, Hash termsHash) {
    public static final Codec<AgreementAccept> CODEC =
        new SimpleCodec<>(
            ColendingTags.AGREEMENT_ACCEPT,
            1,
            SMALL_BYTES_MAX,
            (w, v) -> Fields.writeRef(w.hash(v.termsHash), v.agreement),
            r -> {
              Hash hash = r.hash("terms hash");
              return new AgreementAccept(Fields.readRef(r, "agreement"), hash);
            });

    public AgreementAccept {
      Fields.ref(agreement, "agreement");
      Objects.requireNonNull(termsHash, "termsHash");
    }
  }

  /** {@code attest}: one or many event records under one signature, applied in order. */
  public record AttestationBatch(List<EventRecord> records) {
    public static final Codec<AttestationBatch> CODEC =
        new SimpleCodec<>(
            ColendingTags.ATTESTATION_BATCH,
            1,
            ColendingLimits.CONTENT_BYTES_MAX,
            (w, v) ->
                w.list(
                    v.records,
                    ColendingLimits.RECORDS_PER_BATCH_MAX,
                    (ww, record) -> EventRecord.CODEC.writeTo(ww, record)),
            r ->
                new AttestationBatch(
                    r.list(
                        ColendingLimits.RECORDS_PER_BATCH_MAX,
                        "records",
                        EventRecord.CODEC::readFrom)));

    public AttestationBatch {
      records = List.copyOf(records);
      if (records.isEmpty() || records.size() > ColendingLimits.RECORDS_PER_BATCH_MAX) {
        throw new IllegalArgumentException("a batch has 1 to 10000 records");
      }
      for (EventRecord record : records) {
        if (record.type() == EventType.DISBURSEMENT_REQUEST) {
          throw new IllegalArgumentException("a disbursement request is its own transaction");
        }
      }
    }
  }

  /**
   * {@code disbursement-request} (lead only): hold the partner's portion of {@code principal} on
   * the available reserve, or be refused at once.
   */
  public record HoldRequest(
      String agreement, String holdRef, String loanRef, long principal, int valueDate) {
    public static final Codec<HoldRequest> CODEC =
        new SimpleCodec<>(
            ColendingTags.HOLD_REQUEST,
            1,
            SMALL_BYTES_MAX,
            (w, v) -> {
              Fields.writeRef(w, v.agreement);
              Fields.writeRef(w, v.holdRef);
              Fields.writeRef(w, v.loanRef);
              w.i64(v.principal);
              Fields.writeDay(w, v.valueDate);
            },
            r ->
                new HoldRequest(
                    Fields.readRef(r, "agreement"),
                    Fields.readRef(r, "hold_ref"),
                    Fields.readRef(r, "loan_ref"),
                    r.i64("principal"),
                    Fields.readDay(r, "value date")));

    public HoldRequest {
      Fields.ref(agreement, "agreement");
      Fields.ref(holdRef, "hold_ref");
      Fields.ref(loanRef, "loan_ref");
      Fields.fen(principal, "principal");
    }
  }

  /** How a proposal would resolve a break. Append only. */
  public enum ProposalKind {
    /** The proposer's correcting attestation, applied as its CORRECT when approved. */
    CORRECTION,
    /** An agreed record (or, for breaks without a record, an acknowledgement) both accept. */
    ADJUSTMENT
  }

  /**
   * {@code break-propose}: a proposal to resolve a break. {@code proposalId} is the action's
   * idempotency key: the same proposal again is a no-op.
   */
  public record BreakProposal(
      String breakId, String proposalId, ProposalKind kind, String reason, EventRecord record) {
    public static final Codec<BreakProposal> CODEC =
        new SimpleCodec<>(
            ColendingTags.BREAK_PROPOSAL,
            1,
            SMALL_BYTES_MAX,
            (w, v) -> {
              Fields.writeRef(w, v.breakId);
              Fields.writeRef(w, v.proposalId);
              Fields.writeEnum(w, v.kind);
              Fields.writeReason(w, v.reason);
              w.optional(v.record, EventRecord.CODEC::writeTo);
            },
            r ->
                new BreakProposal(
                    Fields.readRef(r, "break id"),
                    Fields.readRef(r, "proposal id"),
                    Fields.readEnum(r, ProposalKind.values(), "kind"),
                    Fields.readReason(r, "reason"),
                    r.optional("record", EventRecord.CODEC::readFrom)));

    public BreakProposal {
      Fields.ref(breakId, "break id");
      Fields.ref(proposalId, "proposal id");
      Objects.requireNonNull(kind, "kind");
      Fields.text(reason, ColendingLimits.REASON_BYTES_MAX, "reason");
      if (reason.isBlank()) {
        throw new IllegalArgumentException("a proposal needs a reason");
      }
      if (kind == ProposalKind.CORRECTION && record == null) {
        throw new IllegalArgumentException("a correction proposal carries the corrected record");
      }
    }
  }

  /** {@code break-approve} and {@code break-reject}: a decision on the open proposal. */
  public record BreakDecision(String breakId, String proposalId, String reason) {
    public static final Codec<BreakDecision> CODEC =
        new SimpleCodec<>(
            ColendingTags.BREAK_DECISION,
            1,
            SMALL_BYTES_MAX,
            (w, v) -> {
              Fields.writeRef(w, v.breakId);
              Fields.writeRef(w, v.proposalId);
              Fields.writeReason(w, v.reason);
            },
            r ->
                new BreakDecision(
                    Fields.readRef(r, "break id"),
                    Fields.readRef(r, "proposal id"),
                    Fields.readReason(r, "reason")));

    public BreakDecision {
      Fields.ref(breakId, "break id");
      Fields.ref(proposalId, "proposal id");
      Fields.text(reason, ColendingLimits.REASON_BYTES_MAX, "reason");
    }
  }

  /** {@code day-close}: close the agreement's statement days up to and including {@code day}. */
  public record DayClose(String agreement, int day) {
    public static final Codec<DayClose> CODEC =
        new SimpleCodec<>(
            ColendingTags.DAY_CLOSE,
            1,
            SMALL_BYTES_MAX,
            (w, v) -> Fields.writeDay(Fields.writeRefThen(w, v.agreement), v.day),
            r -> new DayClose(Fields.readRef(r, "agreement"), Fields.readDay(r, "day")));

    public DayClose {
      Fields.ref(agreement, "agreement");
    }
  }

  /** One entry of a reserve-account statement. */
  public record StatementEntry(
      String entryRef, String paymentRef, long amount, boolean credit, int date) {
    static final Comparator<StatementEntry> ORDER = Comparator.comparing(StatementEntry::entryRef);

    public StatementEntry {
      Fields.ref(entryRef, "entry ref");
      Fields.optionalRef(paymentRef, "payment_ref");
      Fields.fen(amount, "amount");
    }

    void write(Writer writer) {
      Fields.writeRef(writer, entryRef);
      Fields.writeRef(writer, paymentRef);
      writer.i64(amount).bool(credit);
      Fields.writeDay(writer, date);
    }

    static StatementEntry read(Reader reader) {
      return new StatementEntry(
          Fields.readRef(reader, "entry ref"),
          Fields.readRef(reader, "payment_ref"),
          reader.i64("amount"),
          reader.bool("credit"),
          Fields.readDay(reader, "date"));
    }
  }

  /**
   * {@code reserve-statement}: a bank statement of the reserve account (what the camt.053 edge maps
   * to): the closing booked balance (CLBD) of {@code valueDate} in fen, and its entries sorted by
   * entry reference.
   */
  public record ReserveStatement(
      String agreement,
      String account,
      int valueDate,
      long closingBookedFen,
      List<StatementEntry> entries) {
    public static final Codec<ReserveStatement> CODEC =
        new SimpleCodec<>(
            ColendingTags.RESERVE_STATEMENT,
            1,
            ColendingLimits.CONTENT_BYTES_MAX,
            (w, v) -> {
              Fields.writeRef(w, v.agreement);
              Fields.writeRef(w, v.account);
              Fields.writeDay(w, v.valueDate);
              w.i64(v.closingBookedFen);
              w.list(v.entries, ColendingLimits.STATEMENT_ENTRIES_MAX, (ww, e) -> e.write(ww));
            },
            r ->
                new ReserveStatement(
                    Fields.readRef(r, "agreement"),
                    Fields.readRef(r, "account"),
                    Fields.readDay(r, "value date"),
                    r.i64("closing booked balance"),
                    r.sortedList(
                        ColendingLimits.STATEMENT_ENTRIES_MAX,
                        "entries",
                        StatementEntry::read,
                        StatementEntry.ORDER)));

    public ReserveStatement {
      Fields.ref(agreement, "agreement");
      Fields.ref(account, "account");
      if (Math.abs(closingBookedFen) > ColendingLimits.AMOUNT_FEN_MAX) {
        throw new IllegalArgumentException("closing balance out of range");
      }
      entries = List.copyOf(entries);
      for (int i = 1; i < entries.size(); i++) {
        if (StatementEntry.ORDER.compare(entries.get(i - 1), entries.get(i)) >= 0) {
          throw new IllegalArgumentException("entries are not sorted by entry ref, one each");
        }
      }
    }
  }

  /** What a query asks for. Append only. */
  public enum QueryKind {
    POSITION,
    BREAK,
    RECORDS,
    STATEMENT,
    /** The agreements of the caller's institution in the channel, with their status. */
    AGREEMENTS,
    /** One agreement: terms and status. */
    AGREEMENT,
    /** An agreement's breaks as a work queue: in the order they opened, so oldest first. */
    BREAKS
  }

  /**
   * A query: the position of an agreement; a break by id; the records in an agreement's statement
   * day (optionally only one reconciliation state and one event type); a closed statement; the
   * caller's agreements; one agreement; an agreement's breaks (optionally in one state).
   *
   * @param state a {@code Recon.State} name (RECORDS) or a break state name (BREAKS) to filter by,
   *     or empty
   * @param type an event type to filter by, or null
   * @param limit for AGREEMENTS and BREAKS, the most entries to return (0: {@value
   *     ColendingLimits#QUERY_PAGE_MAX}); for RECORDS, the most records (0: {@value
   *     ColendingLimits#QUERY_RECORDS_MAX}); 0 otherwise
   * @param cursor for AGREEMENTS, BREAKS and RECORDS, where to continue (the previous answer's next
   *     cursor), or empty to start at the beginning
   */
  public record QueryRequest(
      QueryKind kind,
      String agreement,
      String breakId,
      int day,
      String state,
      EventType type,
      int limit,
      String cursor) {
    public static final Codec<QueryRequest> CODEC =
        new SimpleCodec<>(
            ColendingTags.QUERY_REQUEST,
            2,
            SMALL_BYTES_MAX,
            (w, v) -> {
              Fields.writeEnum(w, v.kind);
              Fields.writeRef(w, v.agreement);
              Fields.writeRef(w, v.breakId);
              Fields.writeDay(w, v.day);
              Fields.writeRef(w, v.state);
              w.optional(v.type, Fields::writeEnum);
              w.u32(v.limit);
              Fields.writeRef(w, v.cursor);
            },
            r ->
                new QueryRequest(
                    Fields.readEnum(r, QueryKind.values(), "kind"),
                    Fields.readRef(r, "agreement"),
                    Fields.readRef(r, "break id"),
                    Fields.readDay(r, "day"),
                    Fields.readRef(r, "state"),
                    r.optional("type", rr -> Fields.readEnum(rr, EventType.values(), "type")),
                    r.u32("limit"),
                    Fields.readRef(r, "cursor")));

    public QueryRequest {
      Objects.requireNonNull(kind, "kind");
      Fields.optionalRef(agreement, "agreement");
      Fields.optionalRef(breakId, "break id");
      Fields.optionalRef(state, "state");
      Fields.optionalRef(cursor, "cursor");
      boolean namesBreak = kind == QueryKind.BREAK;
      boolean namesAgreement = kind != QueryKind.BREAK && kind != QueryKind.AGREEMENTS;
      if (namesBreak == breakId.isEmpty() || namesAgreement == agreement.isEmpty()) {
        throw new IllegalArgumentException(
            "a break query names a break, an agreements query nothing, others an agreement");
      }
      boolean paged =
          kind == QueryKind.AGREEMENTS || kind == QueryKind.BREAKS || kind == QueryKind.RECORDS;
      int limitMax =
          kind == QueryKind.RECORDS
              ? ColendingLimits.QUERY_RECORDS_MAX
              : ColendingLimits.QUERY_PAGE_MAX;
      if (limit < 0 || limit > limitMax || (!paged && limit != 0)) {
        throw new IllegalArgumentException(
            "limit is 0 to " + limitMax + ", for paged queries only");
      }
      if (!paged && !cursor.isEmpty()) {
        throw new IllegalArgumentException("a cursor is for paged queries only");
      }
    }

    /** A query without paging (or the first page of RECORDS). */
    public QueryRequest(
        QueryKind kind, String agreement, String breakId, int day, String state, EventType type) {
      this(kind, agreement, breakId, day, state, type, 0, "");
    }

    public static QueryRequest position(String agreement) {
      return new QueryRequest(QueryKind.POSITION, agreement, "", 0, "", null);
    }

    public static QueryRequest breakById(String breakId) {
      return new QueryRequest(QueryKind.BREAK, "", breakId, 0, "", null);
    }

    public static QueryRequest records(String agreement, int day, String state, EventType type) {
      return records(agreement, day, state, type, 0, "");
    }

    /** A page of a day's records: at most {@code limit} (0: the most), from {@code cursor}. */
    public static QueryRequest records(
        String agreement, int day, String state, EventType type, int limit, String cursor) {
      return new QueryRequest(QueryKind.RECORDS, agreement, "", day, state, type, limit, cursor);
    }

    public static QueryRequest statement(String agreement, int day) {
      return new QueryRequest(QueryKind.STATEMENT, agreement, "", day, "", null);
    }

    public static QueryRequest agreements(int limit, String cursor) {
      return new QueryRequest(QueryKind.AGREEMENTS, "", "", 0, "", null, limit, cursor);
    }

    public static QueryRequest agreement(String agreement) {
      return new QueryRequest(QueryKind.AGREEMENT, agreement, "", 0, "", null);
    }

    /**
     * @param state a break state name (OPEN, PROPOSED, RESOLVED, CLOSED) or empty for all
     */
    public static QueryRequest breaks(String agreement, String state, int limit, String cursor) {
      return new QueryRequest(QueryKind.BREAKS, agreement, "", 0, state, null, limit, cursor);
    }
  }
}
