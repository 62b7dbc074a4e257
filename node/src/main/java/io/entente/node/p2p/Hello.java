package io.entente.node.p2p;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.SuiteId;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The first frame each way after the TLS handshake: the protocol versions the sender speaks, its
 * suite and its identity as it believes it to be. The receiver checks the identity against what the
 * TLS certificate proved and picks the highest common version.
 *
 * <pre>
 *   u16 version min | u16 version max | u8 suite code
 *   u8 institution id length | institution id (UTF-8) | 32 bytes node key fingerprint
 * </pre>
 */
record Hello(VersionRange versions, SuiteId suite, PeerId node) {

  byte[] encode() {
    byte[] institution = node.institutionId().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(2 + 2 + 1 + 1 + institution.length + Hash.LENGTH_BYTES);
    out.putShort((short) versions.min());
    out.putShort((short) versions.max());
    out.put((byte) suite.code());
    out.put((byte) institution.length);
    out.put(institution);
    out.put(node.nodeKey().value().unsafeArray());
    return out.array();
  }

  /** The hello in {@code payload}, or empty if it does not decode exactly. */
  static Optional<Hello> decode(byte[] payload) {
    try {
      ByteBuffer in = ByteBuffer.wrap(payload);
      int min = Short.toUnsignedInt(in.getShort());
      int max = Short.toUnsignedInt(in.getShort());
      SuiteId suite = SuiteId.fromCode(Byte.toUnsignedInt(in.get()));
      int institutionBytes = Byte.toUnsignedInt(in.get());
      if (institutionBytes > CoreLimits.IDENTIFIER_BYTES_MAX) {
        return Optional.empty();
      }
      byte[] institution = new byte[institutionBytes];
      in.get(institution);
      byte[] key = new byte[Hash.LENGTH_BYTES];
      in.get(key);
      if (in.hasRemaining()) {
        return Optional.empty();
      }
      String institutionId =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(institution))
              .toString();
      return Optional.of(
          new Hello(
              new VersionRange(min, max),
              suite,
              new PeerId(institutionId, new Hash(Bytes.wrapUnsafe(key)))));
    } catch (RuntimeException | CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
