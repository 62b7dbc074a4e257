package io.entente.simulation.toy;

import io.entente.core.bytes.Bytes;
import java.nio.charset.StandardCharsets;

/** Toy messages are text: {@code kind:number}. */
final class Messages {
  private Messages() {}

  static Bytes of(String kind, long number) {
    return Bytes.wrapUnsafe((kind + ":" + number).getBytes(StandardCharsets.UTF_8));
  }

  static long number(Bytes message) {
    String text = text(message);
    return Long.parseLong(text.substring(text.indexOf(':') + 1));
  }

  static boolean is(Bytes message, String kind) {
    return text(message).startsWith(kind + ":");
  }

  private static String text(Bytes message) {
    return new String(message.unsafeArray(), StandardCharsets.UTF_8);
  }

  static Bytes number(long value) {
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (value >>> (56 - 8 * i));
    }
    return Bytes.wrapUnsafe(bytes);
  }

  static long number(byte[] bytes) {
    long value = 0;
    for (byte b : bytes) {
      value = (value << 8) | (b & 0xFF);
    }
    return value;
  }
}
