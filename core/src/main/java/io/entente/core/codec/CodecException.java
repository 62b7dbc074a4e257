package io.entente.core.codec;

import java.util.List;

/**
 * Input that is not the canonical encoding of a value: truncated, oversized, trailing bytes,
 * out-of-range or non-canonical fields. {@code reason} is stable and machine-readable.
 */
public final class CodecException extends RuntimeException {
  private final String reason;

  public CodecException(String reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  public static final String TRUNCATED = "truncated";
  public static final String TRAILING_BYTES = "trailing-bytes";
  public static final String OVERSIZED = "oversized";
  public static final String TOO_MANY_ITEMS = "too-many-items";
  public static final String BAD_TAG = "bad-type-tag";
  public static final String BAD_VERSION = "unsupported-codec-version";
  public static final String BAD_FLAG = "bad-flag";
  public static final String BAD_UTF8 = "bad-utf8";
  public static final String NOT_SORTED = "not-sorted";
  public static final String OUT_OF_RANGE = "out-of-range";
  public static final String BAD_LENGTH = "bad-length";

  /** Well-formed fields whose values break the type's rules (its constructor rejected them). */
  public static final String INVALID_VALUE = "invalid-value";

  /** Every reason a decoder gives: for metric labels and for tests of arbitrary input. */
  public static final List<String> REASONS =
      List.of(
          TRUNCATED,
          TRAILING_BYTES,
          OVERSIZED,
          TOO_MANY_ITEMS,
          BAD_TAG,
          BAD_VERSION,
          BAD_FLAG,
          BAD_UTF8,
          NOT_SORTED,
          OUT_OF_RANGE,
          BAD_LENGTH,
          INVALID_VALUE);
}
