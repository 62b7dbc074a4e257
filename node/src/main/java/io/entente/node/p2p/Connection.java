package io.entente.node.p2p;

import io.entente.core.pki.Certificate;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One authenticated connection with a peer, after its hello. The thread that made it runs {@link
 * #readLoop}; a writer thread drains the bounded outbound queue. Either side may end it; the first
 * cause recorded is the one reported.
 *
 * <p>A deliberate close sends a goodbye frame and half-closes the TCP connection (no TLS
 * close_notify: BouncyCastle's close also closes the socket at once); the reader drains until the
 * peer closes, so the goodbye is not lost to a reset. Frames are length-prefixed and the goodbye
 * says the stream ends there, so a truncation cannot pass for a complete frame.
 */
final class Connection {
  private static final byte[] EMPTY = new byte[0];

  /** Why a connection ended, and whether a goodbye frame should tell the peer. */
  record CloseCause(String reason, String detail, boolean sendGoodbye) {}

  /** Starts a named thread (the network tracks its threads so that it can join them). */
  @FunctionalInterface
  interface ThreadStarter {
    Thread start(String name, Runnable body);
  }

  private final PeerId peer;
  private final Direction direction;
  private final String remote;
  private final int version;
  private final Certificate certificate;
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final P2pSettings settings;
  private final Counters counters;
  private final ArrayBlockingQueue<byte[]> queue;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicReference<CloseCause> cause = new AtomicReference<>();
  private final CountDownLatch readerDone = new CountDownLatch(1);
  private volatile Thread writer;
  private volatile Thread reader;
  private volatile boolean refusingFrames;

  Connection(
      PeerId peer,
      Direction direction,
      String remote,
      int version,
      Certificate certificate,
      Socket socket,
      DataInputStream in,
      OutputStream out,
      P2pSettings settings,
      Counters counters) {
    this.peer = peer;
    this.direction = direction;
    this.remote = remote;
    this.version = version;
    this.certificate = certificate;
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.settings = settings;
    this.counters = counters;
    this.queue = new ArrayBlockingQueue<>(settings.queueFramesMax());
  }

  PeerId peer() {
    return peer;
  }

  Direction direction() {
    return direction;
  }

  String remote() {
    return remote;
  }

  int version() {
    return version;
  }

  Certificate certificate() {
    return certificate;
  }

  /**
   * From now on no data frame of this connection reaches the handler (its certificate was revoked);
   * the close is the caller's to begin.
   */
  void refuseFrames() {
    refusingFrames = true;
  }

  boolean isRefusingFrames() {
    return refusingFrames;
  }

  boolean isClosing() {
    return cause.get() != null;
  }

  /** The first recorded cause of the close; null while open. */
  CloseCause closeCause() {
    return cause.get();
  }

  /** Queues {@code frame} if both the frame and the byte bound of the queue allow. */
  SendResult offer(byte[] frame) {
    if (isClosing()) {
      return SendResult.NOT_CONNECTED;
    }
    if (queuedBytes.addAndGet(frame.length) > settings.queueBytesMax() || !queue.offer(frame)) {
      queuedBytes.addAndGet(-frame.length);
      return SendResult.QUEUE_FULL;
    }
    return SendResult.ACCEPTED;
  }

  void startWriter(ThreadStarter threads) {
    writer = threads.start("out-" + peer, this::writeLoop);
  }

  private void writeLoop() {
    try {
      while (!isClosing()) {
        byte[] frame;
        try {
          frame = queue.poll(settings.pingIntervalMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          continue; // a close wakes the writer; the loop condition sees it
        }
        if (frame == null) {
          Frames.write(out, Frames.PING, EMPTY);
          out.flush();
          continue;
        }
        queuedBytes.addAndGet(-frame.length);
        Frames.write(out, Frames.DATA, frame);
        counters.framesSent.increment();
        counters.bytesSent.add(frame.length);
        if (queue.isEmpty()) {
          out.flush();
        }
      }
      CloseCause closing = cause.get();
      if (closing.sendGoodbye()) {
        Frames.write(out, Frames.GOODBYE, new Goodbye(closing.reason(), closing.detail()).encode());
        out.flush();
        // Half-close: the reader drains until the peer closes too, so no unread input makes TCP
        // reset the connection and destroy the goodbye before the peer reads it.
        socket.shutdownOutput();
      }
    } catch (IOException e) {
      beginClose(P2pReasons.CONNECTION_LOST, "writing to " + remote + ": " + e, false);
      closeSocket(); // ends the reader's blocked read
    }
  }

  /**
   * Reads frames and hands data frames to {@code handler} until the connection ends; returns after
   * the connection is closed. After a close began here or elsewhere, it reads on (delivering
   * nothing) until the peer closes or says goodbye.
   */
  void readLoop(InboundHandler handler, System.Logger log) {
    reader = Thread.currentThread();
    try {
      while (true) {
        Frames.Frame frame = Frames.read(in, settings.frameBytesMax());
        if (frame.kind() == Frames.GOODBYE) {
          Goodbye goodbye = Goodbye.decode(frame.payload());
          beginClose(P2pReasons.REMOTE_GOODBYE, goodbye.reason() + ": " + goodbye.detail(), false);
          break;
        }
        if (isClosing()) {
          continue; // draining after our goodbye
        }
        switch (frame.kind()) {
          case Frames.DATA -> deliver(handler, frame.payload(), log);
          case Frames.PING -> {}
          default ->
              throw new Frames.FrameException(
                  P2pReasons.FRAME_MALFORMED,
                  "a " + Frames.kindName(frame.kind()) + " frame after the hello");
        }
      }
    } catch (Frames.FrameException e) {
      if (!isClosing()) {
        (e.reason().equals(P2pReasons.FRAME_OVERSIZED)
                ? counters.framesOversized
                : counters.framesMalformed)
            .increment();
      }
      beginClose(e.reason(), e.getMessage(), true);
    } catch (SocketTimeoutException e) {
      beginClose(
          P2pReasons.IDLE_TIMEOUT,
          "nothing received for " + settings.idleTimeoutMs() + " ms",
          true);
    } catch (IOException e) {
      beginClose(P2pReasons.CONNECTION_LOST, "reading from " + remote + ": " + e, false);
    } finally {
      readerDone.countDown();
    }
    finishClose(P2pLimits.CLOSE_GRACE_MS);
  }

  private void deliver(InboundHandler handler, byte[] payload, System.Logger log) {
    counters.framesReceived.increment();
    counters.bytesReceived.add(payload.length);
    if (refusingFrames) {
      counters.framesRefusedRevoked.increment();
      return;
    }
    try {
      handler.onFrame(peer, payload);
    } catch (RuntimeException e) {
      counters.handlerFailures.increment();
      log.log(System.Logger.Level.ERROR, "p2p inbound handler failed on a frame from " + peer, e);
    }
  }

  /**
   * Records the cause (the first one wins) and wakes the writer, which sends the goodbye if asked
   * and half-closes. Never blocks; the connection's own threads finish the close.
   */
  void beginClose(String reason, String detail, boolean sendGoodbye) {
    if (cause.compareAndSet(null, new CloseCause(reason, detail, sendGoodbye))) {
      try {
        socket.setSoTimeout(P2pLimits.CLOSE_GRACE_MS); // bounds the drain of later reads
      } catch (IOException e) {
        // the socket is closed already
      }
      Thread current = writer;
      if (current != null) {
        current.interrupt();
      }
    }
  }

  /**
   * Waits up to {@code graceMs} for the writer to finish and the reader to see the peer close, then
   * closes the socket, which ends any read or write still blocked.
   */
  void finishClose(long graceMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
    try {
      Thread currentWriter = writer;
      if (currentWriter != null && currentWriter != Thread.currentThread()) {
        currentWriter.join(Math.max(1, remainingMs(deadline)));
      }
      if (reader != Thread.currentThread()) {
        readerDone.await(remainingMs(deadline), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeSocket();
  }

  private static long remainingMs(long deadlineNanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  /** Empties the queue of a closed connection; returns how many frames were never sent. */
  int discardQueued() {
    int discarded = 0;
    while (queue.poll() != null) {
      discarded++;
    }
    queuedBytes.set(0);
    return discarded;
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway; nothing more to do with this socket
    }
  }
}
