package io.entente.node.api;

import io.entente.core.chain.CertifiedBlock;
import io.entente.node.api.ApiJson.ApplicationEventJson;
import io.entente.node.api.ApiJson.BlockJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /v1/channels/{channel}/events}: server-sent events of committed blocks and the
 * application events their execution emitted, in height order, from {@code from_height} (or from
 * the {@code Last-Event-ID} a reconnecting client sends, plus one; by default from the next block).
 *
 * <p>For each height h the stream sends h's application events ({@code event: application}, no id),
 * then the block ({@code event: block}, {@code id: h}). The id therefore marks a height whose
 * events and block have all arrived, and resuming from {@code Last-Event-ID + 1} loses nothing and
 * repeats at most the events of one height.
 *
 * <p>Blocks already committed are read from storage at the client's pace; live blocks arrive
 * through a registration with a bounded buffer of {@link ApiLimits#STREAM_BUFFER_BLOCKS}. The
 * runtime never waits for a client: when the buffer is full the stream ends with an {@code event:
 * error} that tells the client where to resume. Idle streams get a comment every {@link
 * ApiLimits#STREAM_KEEPALIVE}; at most {@link ApiLimits#STREAMS_MAX} streams are open at once.
 */
final class EventStream {
  static final String ENDED_CLIENT_TOO_SLOW = "client-too-slow";
  static final String ENDED_SERVER_STOPPING = "server-stopping";
  static final String ENDED_CHANNEL_GONE = "channel-gone";

  private final NodeBackend backend;
  private final NodeMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final java.util.Set<Buffer> buffers = java.util.concurrent.ConcurrentHashMap.newKeySet();

  EventStream(NodeBackend backend, NodeMetrics metrics) {
    this.backend = backend;
    this.metrics = metrics;
  }

  /**
   * What a stream sends for one height: its text (events, with an {@code id: <height>} line on the
   * last one), or an empty text to send nothing for it.
   */
  @FunctionalInterface
  interface Renderer {
    String render(long height, CertifiedBlock block, List<ApplicationEvent> events);
  }

  Reply events(Call call) {
    return open(call, this::blockAndEvents);
  }

  /** A stream of the channel of the call's path, rendered per height by {@code renderer}. */
  Reply open(Call call, Renderer renderer) {
    String channel = call.path("channel");
    ChannelStatus status =
        backend.channelStatus(channel).orElseThrow(() -> ReadEndpoints.unknownChannel(channel));
    long from = fromHeight(call, status.height());
    if (open.incrementAndGet() > ApiLimits.STREAMS_MAX) {
      open.decrementAndGet();
      throw ApiProblem.unavailable(
          "too-many-streams",
          "Too many event streams",
          "this node has " + ApiLimits.STREAMS_MAX + " event streams open; retry later",
          ApiLimits.BUSY_RETRY_AFTER);
    }
    metrics.streamOpened();
    return new Reply.Stream(
        sink -> {
          String ended = ENDED_CHANNEL_GONE;
          try {
            ended = run(channel, from, sink, renderer);
            return ended;
          } finally {
            open.decrementAndGet();
            metrics.streamClosed(ended);
          }
        });
  }

  /** Ends every open stream (they notice within one poll); called when the server stops. */
  void stop() {
    stopping.set(true);
    buffers.forEach(Buffer::wake);
  }

  private static long fromHeight(Call call, long height) {
    Optional<String> from = call.query("from_height");
    if (from.isPresent()) {
      return ReadEndpoints.height(from.get(), "from_height");
    }
    Optional<String> lastEventId = call.header("Last-Event-ID");
    if (lastEventId.isPresent()) {
      long last;
      try {
        last = Long.parseLong(lastEventId.get().trim());
      } catch (NumberFormatException e) {
        throw ApiProblem.invalidField("Last-Event-ID", "expected a height");
      }
      if (last < 0 || last == Long.MAX_VALUE) {
        throw ApiProblem.invalidField("Last-Event-ID", "expected a height");
      }
      return last + 1;
    }
    return height + 1;
  }

  String run(String channel, long from, Reply.StreamSink sink) throws IOException {
    return run(channel, from, sink, this::blockAndEvents);
  }

  String run(String channel, long from, Reply.StreamSink sink, Renderer renderer)
      throws IOException {
    Buffer buffer = new Buffer(ApiLimits.STREAM_BUFFER_BLOCKS);
    buffers.add(buffer);
    Optional<NodeBackend.Registration> registration = backend.subscribe(channel, buffer);
    if (registration.isEmpty()) {
      buffers.remove(buffer);
      return ENDED_CHANNEL_GONE;
    }
    try {
      sink.write(": channel " + channel + " from height " + from + "\n\n");
      return loop(channel, from, buffer, sink, renderer);
    } finally {
      registration.get().close();
      buffers.remove(buffer);
    }
  }

  private String loop(
      String channel, long from, Buffer buffer, Reply.StreamSink sink, Renderer renderer)
      throws IOException {
    long next = from;
    while (!stopping.get()) {
      // Every block is read from storage below, so buffered offers only matter for waking up and
      // for overflow: an overflow means the runtime committed a buffer's worth of blocks while this
      // client took one write, however far behind it started.
      buffer.clear();
      if (buffer.overflowed()) {
        sink.write(
            error(
                ENDED_CLIENT_TOO_SLOW,
                "the client fell "
                    + ApiLimits.STREAM_BUFFER_BLOCKS
                    + " blocks behind; reconnect with from_height="
                    + next,
                next));
        return ENDED_CLIENT_TOO_SLOW;
      }
      Optional<CertifiedBlock> block = backend.block(channel, next);
      Optional<List<ApplicationEvent>> events =
          block.isPresent() ? backend.events(channel, next) : Optional.empty();
      if (block.isPresent() && events.isPresent()) {
        String text = renderer.render(next, block.get(), events.get());
        if (!text.isEmpty()) {
          sink.write(text);
        }
        next++;
        continue;
      }
      if (backend.channelStatus(channel).isEmpty()) {
        sink.write(error(ENDED_CHANNEL_GONE, "the node stopped serving " + channel, next));
        return ENDED_CHANNEL_GONE;
      }
      if (!buffer.awaitAny(ApiLimits.STREAM_KEEPALIVE.toMillis())) {
        sink.write(": keep-alive\n\n");
      }
    }
    sink.write(
        error(
            ENDED_SERVER_STOPPING,
            "the node is stopping; reconnect with from_height=" + next,
            next));
    return ENDED_SERVER_STOPPING;
  }

  private String blockAndEvents(long height, CertifiedBlock block, List<ApplicationEvent> events) {
    StringBuilder out = new StringBuilder();
    for (ApplicationEvent event : events) {
      out.append("event: application\ndata: ")
          .append(
              new String(
                  Json.write(ApplicationEventJson.of(event)),
                  java.nio.charset.StandardCharsets.UTF_8))
          .append("\n\n");
    }
    out.append("event: block\nid: ")
        .append(height)
        .append("\ndata: ")
        .append(
            new String(
                Json.write(BlockJson.of(backend.suite(), block)),
                java.nio.charset.StandardCharsets.UTF_8))
        .append("\n\n");
    return out.toString();
  }

  private static String error(String reason, String detail, long resumeFrom) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", ApiProblem.TYPE_PREFIX + reason);
    body.put("detail", detail);
    body.put("resumeFromHeight", resumeFrom);
    return "event: error\ndata: "
        + new String(Json.write(body), java.nio.charset.StandardCharsets.UTF_8)
        + "\n\n";
  }

  /**
   * The bounded hand-off from the runtime's thread to the stream's: {@link #offer} never blocks.
   * Once full it stays overflowed and refuses everything, and the runtime drops the registration.
   */
  static final class Buffer implements NodeBackend.CommitListener {
    private final BlockingQueue<Optional<CommittedBlock>> queue;
    private final AtomicBoolean overflowed = new AtomicBoolean();

    private final int capacity;

    Buffer(int capacity) {
      // One slot more than the blocks it holds, for a wake-up.
      this.queue = new ArrayBlockingQueue<>(capacity + 1);
      this.capacity = capacity;
    }

    @Override
    public boolean offer(CommittedBlock committed) {
      if (overflowed.get()) {
        return false;
      }
      if (queue.size() >= capacity || !queue.offer(Optional.of(committed))) {
        overflowed.set(true);
        wake();
        return false;
      }
      return true;
    }

    boolean overflowed() {
      return overflowed.get();
    }

    /** Drops what is buffered (the overflow mark stays). */
    void clear() {
      queue.clear();
    }

    /**
     * Waits until something arrives (a block or a wake-up); false on timeout. The block itself is
     * read again from storage, so only its arrival matters here.
     */
    boolean awaitAny(long timeoutMs) throws IOException {
      try {
        return queue.poll(timeoutMs, TimeUnit.MILLISECONDS) != null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("event stream interrupted");
      }
    }

    /** Wakes a waiting stream without delivering a block. */
    void wake() {
      queue.offer(Optional.empty());
    }
  }
}
