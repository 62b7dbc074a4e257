package io.entente.colending.importing;

import io.entente.app.colending.Requests;
import io.entente.colending.dayfile.Batch;
import io.entente.core.bytes.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The idempotency keys an import sends with its requests, derived from what is submitted and
 * nothing else, so that importing the same file again, or resuming an interrupted import, sends the
 * same keys and the node answers the batches already taken as duplicates.
 *
 * <p>A key is a short type prefix and the first {@value #HEX_DIGITS} hex digits (224 bits) of a
 * SHA-256: the node allows a user's key {@value #KEY_CHARS_MAX} bytes (it prefixes {@code
 * <username>:} within the ledger's 128), so the full 64-digit hash does not fit.
 *
 * <ul>
 *   <li>{@code dfb1:} a day-file batch: the hash is {@link Batch#idempotencyKey()} (the batch's
 *       canonical lines, see {@code Batches}), so the key depends on the records and the batch size
 *       only.
 *   <li>{@code rst1:} a {@code reserve-statement}: the hash of {@value #STATEMENT_DOMAIN} and the
 *       canonical encoding of the content.
 * </ul>
 */
public final class ImportKeys {
  private ImportKeys() {}

  /** The node's limit on a user's idempotency key (ApiLimits.USER_IDEMPOTENCY_KEY_BYTES_MAX). */
  public static final int KEY_CHARS_MAX = 63;

  static final int HEX_DIGITS = 56;
  static final String STATEMENT_DOMAIN = "entente/colending/reserve-statement/v1\n";

  /** The key of one day-file batch. */
  public static String batch(Batch batch) {
    return "dfb1:" + batch.idempotencyKey().substring(0, HEX_DIGITS);
  }

  /** The key of one reserve statement. */
  public static String statement(Requests.ReserveStatement statement) {
    Bytes content = Requests.ReserveStatement.CODEC.encode(statement);
    MessageDigest sha256 = sha256();
    sha256.update(STATEMENT_DOMAIN.getBytes(StandardCharsets.UTF_8));
    sha256.update(content.unsafeArray());
    return "rst1:" + HexFormat.of().formatHex(sha256.digest()).substring(0, HEX_DIGITS);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
