package io.entente.node.api;

import static io.entente.node.api.ApiHarness.channelPath;
import static io.entente.node.api.ApiHarness.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server-sent events: blocks in height order with their application events, resumable from a
 * height. The timeout only guards against a hang.
 */
@Timeout(60)
class EventStreamTest {
  private ApiHarness api;
  private String alice;

  @BeforeEach
  void start() throws Exception {
    api = ApiHarness.start();
    alice = api.login("alice");
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  /** One server-sent event. */
  record Event(String name, String id, JsonNode data) {}

  private void commitBlockWithOneTransaction(String key) throws Exception {
    api.post(
        channelPath("/transactions"),
        alice,
        single(api.transaction(FakeBackend.CHANNEL, key, key)));
    api.backend.commitPending(FakeBackend.CHANNEL);
  }

  private HttpResponse<InputStream> open(String query) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(api.uri(channelPath("/events" + query)))
            .header("Authorization", "Bearer " + alice)
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<InputStream> response =
        api.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/event-stream");
    return response;
  }

  /** Reads events until {@code blocks} block events have arrived; comments are skipped. */
  private static List<Event> read(BufferedReader reader, int blocks) throws Exception {
    List<Event> events = new ArrayList<>();
    int seen = 0;
    String name = null;
    String id = null;
    String data = null;
    while (seen < blocks) {
      String line = reader.readLine();
      if (line == null) {
        throw new AssertionError("stream ended after " + events);
      }
      if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("data: ")) {
        data = line.substring(6);
      } else if (line.isEmpty() && name != null) {
        events.add(new Event(name, id, Json.MAPPER.readTree(data)));
        seen += name.equals("block") ? 1 : 0;
        name = null;
        id = null;
        data = null;
      }
    }
    return events;
  }

  @Test
  void deliversCommittedBlocksInOrderThenLiveOnes() throws Exception {
    commitBlockWithOneTransaction("a");
    commitBlockWithOneTransaction("b");
    HttpResponse<InputStream> response = open("?from_height=1");
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      List<Event> history = read(reader, 2);
      commitBlockWithOneTransaction("c");
      List<Event> live = read(reader, 1);

      List<Event> all = new ArrayList<>(history);
      all.addAll(live);
      assertThat(all)
          .extracting(Event::name)
          .containsExactly("application", "block", "application", "block", "application", "block");
      assertThat(all.stream().filter(e -> e.name().equals("block")).map(Event::id))
          .containsExactly("1", "2", "3");
      assertThat(all.get(0).data().get("type").asText()).isEqualTo("tx-committed");
      assertThat(all.get(1).data().get("height").asLong()).isEqualTo(1);
    }
  }

  @Test
  void resumesFromAHeight() throws Exception {
    commitBlockWithOneTransaction("a");
    commitBlockWithOneTransaction("b");
    commitBlockWithOneTransaction("c");
    HttpResponse<InputStream> response = open("?from_height=3");
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      List<Event> events = read(reader, 1);
      assertThat(events.get(events.size() - 1).id()).isEqualTo("3");
    }
  }

  @Test
  void aFullBufferRefusesOffersAndStaysOverflowed() {
    EventStream.Buffer buffer = new EventStream.Buffer(2);
    var block = new CommittedBlock(blockAt(), List.of());

    assertThat(buffer.offer(block)).isTrue();
    assertThat(buffer.offer(block)).isTrue();
    assertThat(buffer.offer(block)).isFalse();
    assertThat(buffer.overflowed()).isTrue();
    buffer.clear();
    assertThat(buffer.offer(block)).isFalse();
  }

  @Test
  void aSlowClientIsToldWhereToResumeAndItsRegistrationIsDropped() throws Exception {
    FakeBackend backend = FakeBackend.withChannel();
    EventStream stream = new EventStream(backend, NodeMetrics.create());
    List<String> written = new ArrayList<>();
    // While the client takes its first write, the runtime commits more than a buffer's worth.
    Reply.StreamSink slowClient =
        text -> {
          if (written.isEmpty()) {
            for (int i = 0; i <= ApiLimits.STREAM_BUFFER_BLOCKS; i++) {
              backend.commitPending(FakeBackend.CHANNEL);
            }
          }
          written.add(text);
        };

    String ended = stream.run(FakeBackend.CHANNEL, 1, slowClient);

    assertThat(ended).isEqualTo(EventStream.ENDED_CLIENT_TOO_SLOW);
    assertThat(written.get(written.size() - 1))
        .startsWith("event: error")
        .contains("client-too-slow")
        .contains("\"resumeFromHeight\":1");
    assertThat(backend.listeners(FakeBackend.CHANNEL)).isZero();
  }

  private static io.entente.core.chain.CertifiedBlock blockAt() {
    FakeBackend backend = FakeBackend.withChannel();
    return backend.commitPending(FakeBackend.CHANNEL);
  }
}
