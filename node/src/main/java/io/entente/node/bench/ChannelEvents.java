package io.entente.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.core.bytes.Bytes;
import io.entente.node.traffic.ColendingTraffic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A reader of a node's channel event stream ({@code GET /v1/channels/{c}/events}, server-sent
 * events): each block's application events, then the block. The benchmark reads it to see when a
 * record's match became visible through a node; the multi-process tests read it to count matches.
 */
public final class ChannelEvents implements AutoCloseable {
  /** What the stream says, in order; called on the reading thread. */
  public interface Listener {
    /** An application event of block {@code height}, its data already decoded to fields. */
    void application(long height, String type, List<String> fields);

    /** Every event of block {@code height} has arrived; false ends the reading. */
    boolean block(long height);
  }

  private final InputStream body;

  private ChannelEvents(InputStream body) {
    this.body = body;
  }

  /** Opens the stream of {@code channel} from {@code fromHeight} on (at least 1). */
  public static ChannelEvents open(ApiSession session, String channel, long fromHeight)
      throws IOException, InterruptedException {
    HttpRequest request =
        session.authorized("/v1/channels/" + channel + "/events?from_height=" + fromHeight).build();
    HttpResponse<InputStream> response =
        session.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String detail = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      response.body().close();
      throw new IOException("event stream of " + channel + ": " + response.statusCode() + detail);
    }
    return new ChannelEvents(response.body());
  }

  /**
   * Reads until the listener says stop, the stream ends (the node stopped, or this reader was
   * closed) or the stream reports an error, which is thrown.
   */
  public void read(Listener listener) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    String event = "";
    String data = "";
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.startsWith("event: ")) {
        event = line.substring("event: ".length());
      } else if (line.startsWith("data: ")) {
        data = line.substring("data: ".length());
      } else if (line.isEmpty() && !event.isEmpty()) {
        if (!dispatch(event, data, listener)) {
          return;
        }
        event = "";
        data = "";
      }
    }
  }

  private static boolean dispatch(String event, String data, Listener listener) throws IOException {
    JsonNode json = ApiSession.JSON.readTree(data);
    switch (event) {
      case "application" -> {
        if (json.get("application").asText().equals("colending")) {
          Bytes bytes = Bytes.wrapUnsafe(Base64.getDecoder().decode(json.get("data").asText()));
          listener.application(
              json.get("height").asLong(),
              json.get("type").asText(),
              ColendingTraffic.eventFields(bytes));
        }
        return true;
      }
      case "block" -> {
        return listener.block(json.get("height").asLong());
      }
      case "error" -> throw new IOException("the event stream ended: " + data);
      default -> {
        return true;
      }
    }
  }

  /** Ends the stream; a {@link #read} in progress returns or throws. */
  @Override
  public void close() throws IOException {
    body.close();
  }
}
