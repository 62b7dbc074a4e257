package io.entente.node.p2p;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The frame format inside TLS: a 4-byte big-endian length, then that many bytes: a 1-byte kind and
 * the payload. The length is checked against the kind's limit before anything else is read or
 * allocated.
 *
 * <pre>
 *   u32 length (= 1 + payload bytes) | u8 kind | payload
 *   kind 1 HELLO    versions, suite and identity (once, first, each way)
 *   kind 2 DATA     an application frame (up to the frame limit)
 *   kind 3 PING     empty; sent by an idle writer to keep the link provably alive
 *   kind 4 GOODBYE  a reason and its detail, sent before a deliberate close
 * </pre>
 */
final class Frames {
  static final byte HELLO = 1;
  static final byte DATA = 2;
  static final byte PING = 3;
  static final byte GOODBYE = 4;

  static final int LENGTH_BYTES = 4;
  static final int KIND_BYTES = 1;

  private Frames() {}

  /** A frame as read: its kind and payload. */
  record Frame(byte kind, byte[] payload) {}

  /** A frame that breaks the format; the connection closes with {@code reason}. */
  static final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    FrameException(String reason, String detail) {
      super(detail);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  static void write(OutputStream out, byte kind, byte[] payload) throws IOException {
    int length = KIND_BYTES + payload.length;
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.write(kind);
    out.write(payload);
  }

  /**
   * Reads one frame.
   *
   * @param dataBytesMax the largest DATA payload accepted
   * @throws java.io.EOFException at the end of the stream
   * @throws FrameException for a frame over its kind's limit (frame-oversized) or one that breaks
   *     the format (frame-malformed); nothing after its header has been read
   */
  static Frame read(DataInputStream in, int dataBytesMax) throws IOException, FrameException {
    long length = Integer.toUnsignedLong(in.readInt());
    if (length < KIND_BYTES) {
      throw new FrameException(P2pReasons.FRAME_MALFORMED, "a frame of length 0 has no kind");
    }
    if (length > (long) KIND_BYTES + dataBytesMax) {
      throw new FrameException(
          P2pReasons.FRAME_OVERSIZED,
          "a frame of " + (length - KIND_BYTES) + " payload bytes, the limit is " + dataBytesMax);
    }
    byte kind = in.readByte();
    int payloadBytes = (int) (length - KIND_BYTES);
    int limit = payloadLimit(kind, dataBytesMax);
    if (payloadBytes > limit) {
      throw new FrameException(
          limit < 0 ? P2pReasons.FRAME_MALFORMED : P2pReasons.FRAME_OVERSIZED,
          limit < 0
              ? "unknown frame kind " + (kind & 0xff)
              : "a " + kindName(kind) + " frame of " + payloadBytes + " bytes, limit " + limit);
    }
    byte[] payload = new byte[payloadBytes];
    in.readFully(payload);
    return new Frame(kind, payload);
  }

  /** The payload limit of a kind, or -1 for an unknown kind. */
  private static int payloadLimit(byte kind, int dataBytesMax) {
    return switch (kind) {
      case HELLO -> P2pLimits.HELLO_BYTES_MAX;
      case DATA -> dataBytesMax;
      case PING -> 0;
      case GOODBYE -> P2pLimits.GOODBYE_BYTES_MAX;
      default -> -1;
    };
  }

  static String kindName(byte kind) {
    return switch (kind) {
      case HELLO -> "hello";
      case DATA -> "data";
      case PING -> "ping";
      case GOODBYE -> "goodbye";
      default -> "kind-" + (kind & 0xff);
    };
  }
}
