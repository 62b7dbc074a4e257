package io.entente.app.colending;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.codec.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes query answers ({@link Queries}) into public views, for the node's API and other readers
 * outside the package. Dates are ISO {@code yyyy-MM-dd} (Shanghai) or empty; amounts are fen.
 */
public final class QueryAnswers {
  private QueryAnswers() {}

  /** An agreement: its terms, PROPOSED or ACTIVE, the users who proposed and accepted it. */
  public record AgreementView(
      AgreementTerms terms, String status, String proposedBy, String acceptedBy, Hash termsHash) {}

  /** A page of agreements and the cursor of the next page (empty: no more). */
  public record AgreementPage(List<AgreementView> agreements, String nextCursor) {}

  /** A break's open proposal. {@code record} is null for an acknowledgement. */
  public record ProposalView(
      String proposalId,
      String institution,
      String user,
      String kind,
      String reason,
      EventRecord record,
      long atMs) {}

  /**
   * A break. {@code eventType} and {@code eventRef} are empty for agreement-level breaks; {@code
   * date} is a balance break's statement date, else empty; {@code proposal} is null when none is
   * open.
   */
  public record BreakView(
      String id,
      String agreement,
      BreakType type,
      String state,
      String eventType,
      String eventRef,
      String date,
      long openedMs,
      long openedHeight,
      long slaMs,
      String ageBucket,
      long amountAtStake,
      List<String> diffs,
      ProposalView proposal,
      String lastRejection,
      long resolvedMs,
      String resolution) {}

  /** A page of breaks in work-queue order and the cursor of the next page (empty: no more). */
  public record BreakPage(List<BreakView> breaks, String nextCursor) {}

  /** One bank's current attestation of a key. */
  public record SideView(EventRecord record, String user, long atMs, int version) {}

  /**
   * A reconciliation record: the key, its state, each bank's current attestation (null if none),
   * the agreed record (null unless adjusted or matched with a timing note), the open or past break
   * ids raised on it, and the statement date it is in.
   */
  public record RecordView(
      RecordKey key,
      String state,
      SideView lead,
      SideView partner,
      EventRecord agreed,
      boolean timingNote,
      long firstAttestedMs,
      List<String> breakIds,
      String statementDate) {}

  /** A page of a statement day's records in row order and the next cursor (empty: no more). */
  public record RecordPage(List<RecordView> records, String nextCursor) {}

  /** A closed statement and its CSV bytes (whose SHA-256 is {@code statement.csvSha256()}). */
  public record StatementFile(Statement statement, Bytes csv) {}

  public static AgreementView agreement(Bytes answer) {
    return view(AgreementState.CODEC.decode(answer));
  }

  public static AgreementPage agreements(Bytes answer) {
    Reader reader = header(answer, ColendingTags.AGREEMENT_PAGE);
    List<AgreementView> views =
        reader.list(
            ColendingLimits.QUERY_PAGE_MAX,
            "agreements",
            r -> view(AgreementState.CODEC.readFrom(r)));
    String next = Fields.readRef(reader, "next cursor");
    reader.expectEnd("agreement page");
    return new AgreementPage(views, next);
  }

  public static BreakView breakView(Bytes answer) {
    Reader reader = Reader.of(answer);
    BreakView view = readBreak(reader);
    reader.expectEnd("break");
    return view;
  }

  public static BreakPage breaks(Bytes answer) {
    Reader reader = header(answer, ColendingTags.BREAK_PAGE);
    List<BreakView> views =
        reader.list(ColendingLimits.QUERY_PAGE_MAX, "breaks", QueryAnswers::readBreak);
    String next = Fields.readRef(reader, "next cursor");
    reader.expectEnd("break page");
    return new BreakPage(views, next);
  }

  public static RecordPage records(Bytes answer) {
    Reader reader = header(answer, ColendingTags.RECORD_LIST, 2);
    List<RecordView> views =
        reader.list(
            ColendingLimits.QUERY_RECORDS_MAX, "records", r -> view(Recon.CODEC.readFrom(r)));
    String next = Fields.readRef(reader, "next cursor");
    reader.expectEnd("records");
    return new RecordPage(views, next);
  }

  public static StatementFile statement(Bytes answer) {
    Reader reader = Reader.of(answer);
    Statement statement = Statement.CODEC.readFrom(reader);
    Bytes csv = reader.bytes(ColendingLimits.STATEMENT_CSV_BYTES_MAX, "csv");
    reader.expectEnd("statement");
    return new StatementFile(statement, csv);
  }

  /**
   * The string fields of a co-lending event's data (tag 0x8A), in the order docs/colending.md lists
   * per event type; IllegalArgumentException if it is not event data.
   */
  public static List<String> eventFields(Bytes data) {
    Reader reader = header(data, ColendingTags.EVENT_DATA);
    List<String> fields = reader.list(32, "fields", r -> r.string(1024, "field"));
    reader.expectEnd("event data");
    return fields;
  }

  /** The agreement an event is about: the second field of break events, else the first. */
  public static String eventAgreement(String type, List<String> fields) {
    int index = type.startsWith("break-") ? 1 : 0;
    return fields.size() > index ? fields.get(index) : "";
  }

  /** A Shanghai epoch day as {@code yyyy-MM-dd}. */
  public static String isoDate(int day) {
    return ShanghaiCalendar.iso(day);
  }

  /** A {@code yyyy-MM-dd} date as a Shanghai epoch day; IllegalArgumentException if malformed. */
  public static int parseDate(String isoDate) {
    return ShanghaiCalendar.parse(isoDate);
  }

  private static Reader header(Bytes answer, int tag) {
    return header(answer, tag, 1);
  }

  private static Reader header(Bytes answer, int tag, int expectedVersion) {
    Reader reader = Reader.of(answer);
    int actualTag = reader.u8("tag");
    int version = reader.u8("version");
    if (actualTag != tag || version != expectedVersion) {
      throw new IllegalArgumentException("unexpected answer tag " + actualTag + " v" + version);
    }
    return reader;
  }

  private static AgreementView view(AgreementState state) {
    return new AgreementView(
        state.terms(),
        state.status().name(),
        state.proposedBy(),
        state.acceptedBy(),
        Agreements.termsHash(state.terms()));
  }

  private static BreakView readBreak(Reader reader) {
    String bucket = reader.string(16, "age bucket");
    Break b = Break.CODEC.readFrom(reader);
    Break.Proposal p = b.proposal;
    ProposalView proposal =
        p == null
            ? null
            : new ProposalView(
                p.proposalId(),
                p.institution(),
                p.user(),
                p.kind().name(),
                p.reason(),
                p.record(),
                p.atMs());
    return new BreakView(
        b.id,
        b.agreement,
        b.type,
        b.state.name(),
        b.key == null ? "" : b.key.type().name(),
        b.key == null ? "" : b.key.eventRef(),
        b.day == Recon.NO_DAY ? "" : ShanghaiCalendar.iso(b.day),
        b.openedMs,
        b.openedHeight,
        b.slaMs,
        bucket,
        b.amountAtStake,
        List.copyOf(b.diffs),
        proposal,
        b.lastRejection,
        b.resolvedMs,
        b.resolution);
  }

  private static RecordView view(Recon recon) {
    List<String> breakIds = new ArrayList<>();
    for (String id :
        List.of(recon.pairingBreak, recon.splitBreak, recon.duplicateBreak, recon.netBreak)) {
      if (!id.isEmpty()) {
        breakIds.add(id);
      }
    }
    return new RecordView(
        recon.key,
        recon.state.name(),
        side(recon.lead),
        side(recon.partner),
        recon.agreed,
        recon.timingNote,
        recon.firstAttestedMs,
        breakIds,
        recon.statementDay == Recon.NO_DAY ? "" : ShanghaiCalendar.iso(recon.statementDay));
  }

  private static SideView side(Recon.Side side) {
    return side == null
        ? null
        : new SideView(side.record(), side.user(), side.atMs(), side.version());
  }
}
