package io.entente.app.governance;

import io.entente.app.governance.GovernanceState.ProposalStatus;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import io.entente.core.crypto.SuiteId;

/**
 * The contents of governance transactions (inside the {@link
 * io.entente.core.chain.UserRequestPayload} that names the acting user) and the result bytes of
 * receipts that carry no decision. Each starts with a format version byte.
 *
 * <pre>
 *   propose: u8 version (1) · change (kind byte and fields, see {@link Change})
 *   vote:    u8 version (1) · i64 proposal id · bool yes
 *   outcome: u8 version (1) · i64 proposal id · u8 proposal status
 * </pre>
 */
public final class GovernanceRequests {
  private GovernanceRequests() {}

  private static final int FORMAT_VERSION = 1;

  /** A vote on proposal {@code proposalId}. */
  public record Vote(long proposalId, boolean yes) {}

  /** What a proposal or vote did to its proposal, when it emitted no decision. */
  public record Outcome(long proposalId, ProposalStatus status) {}

  public static Bytes propose(Change change) {
    Writer writer = new Writer(1024);
    writer.u8(FORMAT_VERSION);
    Change.write(writer, change);
    return writer.toBytes();
  }

  public static Change decodePropose(Bytes content, SuiteId suite) {
    return Encodings.decode(
        content,
        "proposal",
        reader -> {
          Encodings.version(reader, FORMAT_VERSION, "proposal");
          return Change.read(reader, suite);
        });
  }

  public static Bytes vote(long proposalId, boolean yes) {
    return new Writer(16).u8(FORMAT_VERSION).i64(proposalId).bool(yes).toBytes();
  }

  public static Vote decodeVote(Bytes content) {
    return Encodings.decode(
        content,
        "vote",
        reader -> {
          Encodings.version(reader, FORMAT_VERSION, "vote");
          return new Vote(reader.i64("proposal id"), reader.bool("yes"));
        });
  }

  static Bytes outcome(long proposalId, ProposalStatus status) {
    return new Writer(16).u8(FORMAT_VERSION).i64(proposalId).u8(status.code()).toBytes();
  }

  public static Outcome decodeOutcome(Bytes result) {
    return Encodings.decode(
        result,
        "outcome",
        reader -> {
          Encodings.version(reader, FORMAT_VERSION, "outcome");
          long id = reader.i64("proposal id");
          return new Outcome(id, readStatus(reader));
        });
  }

  private static ProposalStatus readStatus(Reader reader) {
    return GovernanceState.ProposalStatus.read(reader);
  }
}
