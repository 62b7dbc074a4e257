package io.entente.node;

import java.io.IOException;
import java.net.ServerSocket;

/** Loopback ports for tests that start servers on configured ports. */
public final class FreePorts {
  private FreePorts() {}

  /** A base port with {@code count} free ports from it on, checked by binding each. */
  public static int block(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base;
      try (ServerSocket probe = new ServerSocket(0)) {
        base = probe.getLocalPort();
      }
      if (base + count > 65_000) {
        continue;
      }
      boolean free = true;
      for (int port = base; port < base + count && free; port++) {
        try (ServerSocket socket = new ServerSocket(port)) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no block of " + count + " free loopback ports found");
  }
}
