package io.entente.node.p2p;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last frame of a deliberate close: why. The payload is a 1-byte reason length, the reason and
 * the detail, all UTF-8, cut to {@link P2pLimits#GOODBYE_BYTES_MAX}.
 */
record Goodbye(String reason, String detail) {

  byte[] encode() {
    byte[] reasonBytes = cut(reason.getBytes(StandardCharsets.UTF_8), 255);
    byte[] detailBytes =
        cut(detail.getBytes(StandardCharsets.UTF_8), P2pLimits.GOODBYE_BYTES_MAX - 1 - 255);
    byte[] out = new byte[1 + reasonBytes.length + detailBytes.length];
    out[0] = (byte) reasonBytes.length;
    System.arraycopy(reasonBytes, 0, out, 1, reasonBytes.length);
    System.arraycopy(detailBytes, 0, out, 1 + reasonBytes.length, detailBytes.length);
    return out;
  }

  /** Decodes leniently: a goodbye only ends a connection, so a garbled one is still a goodbye. */
  static Goodbye decode(byte[] payload) {
    if (payload.length == 0) {
      return new Goodbye("unspecified", "");
    }
    int reasonBytes = Math.min(Byte.toUnsignedInt(payload[0]), payload.length - 1);
    String reason = new String(payload, 1, reasonBytes, StandardCharsets.UTF_8);
    String detail =
        new String(
            payload, 1 + reasonBytes, payload.length - 1 - reasonBytes, StandardCharsets.UTF_8);
    return new Goodbye(reason, detail);
  }

  private static byte[] cut(byte[] bytes, int max) {
    return bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
  }
}
