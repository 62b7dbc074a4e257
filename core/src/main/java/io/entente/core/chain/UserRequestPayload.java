package io.entente.core.chain;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import java.util.Objects;

/**
 * The payload of a transaction the node signs for a user (DESIGN §1: the node signs with its
 * institution's client key, naming the user in the payload). Canonical and binary like everything
 * signed:
 *
 * <pre>
 *   u8     format version (1)
 *   string username   (u32 length, UTF-8, at most 64 bytes)
 *   string role       (the role the user acted as: submitter or approver)
 *   bytes  content    (u32 length; the request's payload as the client sent it)
 * </pre>
 *
 * <p>It lives in the core so applications can read it. An application may require the wrapper on
 * every transaction it executes, pre-signed gateway envelopes included: a gateway then names its
 * own system user.
 *
 * <p>Applications read the user and role from here to enforce, for example, that the user who
 * proposes an action is not the one who approves it.
 */
public record UserRequestPayload(String username, String role, Bytes content) {
  public static final int FORMAT_VERSION = 1;

  /** Role labels are short identifiers. */
  private static final int ROLE_BYTES_MAX = 32;

  public UserRequestPayload {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    if (content.length() > CoreLimits.USER_REQUEST_CONTENT_BYTES_MAX) {
      throw new IllegalArgumentException(
          "content of "
              + content.length()
              + " bytes exceeds "
              + CoreLimits.USER_REQUEST_CONTENT_BYTES_MAX);
    }
  }

  public Bytes encode() {
    Writer writer = new Writer(content.length() + 128);
    writer.u8(FORMAT_VERSION);
    writer.string(username, CoreLimits.USERNAME_BYTES_MAX);
    writer.string(role, ROLE_BYTES_MAX);
    writer.bytes(content, CoreLimits.USER_REQUEST_CONTENT_BYTES_MAX);
    Bytes encoded = writer.toBytes();
    if (encoded.length() > CoreLimits.TX_PAYLOAD_BYTES_MAX) {
      throw new IllegalStateException("a user request payload exceeds a transaction payload");
    }
    return encoded;
  }

  /** Decodes a payload written by {@link #encode}; throws a codec exception on anything else. */
  public static UserRequestPayload decode(Bytes encoded) {
    Reader reader = Reader.of(encoded);
    int version = reader.u8("format version");
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("unknown user request format " + version);
    }
    String username = reader.string(CoreLimits.USERNAME_BYTES_MAX, "username");
    String role = reader.string(ROLE_BYTES_MAX, "role");
    Bytes content = reader.bytes(CoreLimits.USER_REQUEST_CONTENT_BYTES_MAX, "content");
    reader.expectEnd("user request payload");
    return new UserRequestPayload(username, role, content);
  }
}
