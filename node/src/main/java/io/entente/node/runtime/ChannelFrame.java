package io.entente.node.runtime;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import io.entente.node.p2p.P2pLimits;
import java.util.Optional;

/**
 * What one p2p frame carries between nodes: the channel it belongs to and one {@link
 * io.entente.consensus.wire.ChannelWire} message. A format byte comes first so the frame can change
 * without confusing an older node (the hello's version ranges decide what a peer speaks).
 */
public record ChannelFrame(String channel, Bytes wire) {
  /** The frame format written by this node. */
  public static final int FORMAT = 1;

  /** Bytes of the channel name, the format byte and the length prefixes around the wire message. */
  static final int OVERHEAD_BYTES_MAX = 1 + 2 + CoreLimits.IDENTIFIER_BYTES_MAX + 4;

  /** The largest wire message a frame carries: what the p2p frame limit leaves. */
  public static final int WIRE_BYTES_MAX = P2pLimits.FRAME_BYTES_MAX - OVERHEAD_BYTES_MAX;

  public byte[] encode() {
    return new Writer(wire.length() + OVERHEAD_BYTES_MAX)
        .u8(FORMAT)
        .string(channel, CoreLimits.IDENTIFIER_BYTES_MAX)
        .bytes(wire, WIRE_BYTES_MAX)
        .toByteArray();
  }

  /** The frame, or empty with nothing thrown when the bytes are not a frame of this format. */
  public static Optional<ChannelFrame> decode(byte[] frame) {
    try {
      Reader reader = new Reader(frame);
      int format = reader.u8("frame format");
      if (format != FORMAT) {
        return Optional.empty();
      }
      String channel = reader.string(CoreLimits.IDENTIFIER_BYTES_MAX, "channel");
      Bytes wire = reader.bytes(WIRE_BYTES_MAX, "wire message");
      reader.expectEnd("channel frame");
      return Optional.of(new ChannelFrame(channel, wire));
    } catch (CodecException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
