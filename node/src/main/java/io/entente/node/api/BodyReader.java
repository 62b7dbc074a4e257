package io.entente.node.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body within a deadline. Jetty's idle timeout alone does not bound a read: a
 * client that sends one byte every little while keeps the connection busy and a worker thread
 * blocked for as long as it likes. Here the body is read by demand callbacks and the worker waits
 * for the whole of it at most {@link #deadline}, so a slow client costs a thread for a bounded
 * time.
 */
final class BodyReader {
  private BodyReader() {}

  /** The body was longer than the limit. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  /**
   * How long a body of {@code bytes} may take to arrive: {@link ApiLimits#BODY_READ_TIME_BASE} plus
   * its length at {@link ApiLimits#BODY_READ_BYTES_PER_SECOND_MIN}.
   */
  static Duration deadline(long bytes) {
    long millis = Math.max(0, bytes) * 1000 / ApiLimits.BODY_READ_BYTES_PER_SECOND_MIN;
    return ApiLimits.BODY_READ_TIME_BASE.plusMillis(millis);
  }

  /**
   * The whole body, at most {@code maxBytes}, read within {@code deadline}.
   *
   * @throws TooLarge if the body is longer than {@code maxBytes}
   * @throws TimeoutException if it did not all arrive in time; answer with {@code Connection:
   *     close}, since the rest of the body is left unread
   * @throws ExecutionException if reading failed (the client went away)
   */
  static byte[] read(Request request, int maxBytes, Duration deadline)
      throws TooLarge, TimeoutException, ExecutionException, InterruptedException {
    CompletableFuture<byte[]> body = new CompletableFuture<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Runnable reader =
        new Runnable() {
          @Override
          public void run() {
            while (!body.isDone()) {
              Content.Chunk chunk = request.read();
              if (chunk == null) {
                request.demand(this);
                return;
              }
              if (Content.Chunk.isFailure(chunk)) {
                body.completeExceptionally(chunk.getFailure());
                return;
              }
              ByteBuffer buffer = chunk.getByteBuffer();
              int length = buffer.remaining();
              if (out.size() + (long) length > maxBytes) {
                chunk.release();
                body.completeExceptionally(new TooLarge());
                return;
              }
              byte[] bytes = new byte[length];
              buffer.get(bytes);
              out.write(bytes, 0, length);
              boolean last = chunk.isLast();
              chunk.release();
              if (last) {
                body.complete(out.toByteArray());
                return;
              }
            }
          }
        };
    reader.run();
    try {
      return body.get(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Stops the reader at its next callback; the answer closes the connection.
      body.completeExceptionally(e);
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TooLarge tooLarge) {
        throw tooLarge;
      }
      throw e;
    }
  }
}
