package io.entente.node.ui;

import io.entente.node.api.NodeBackend;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * The routes of the Ledger page under {@code /ui/ledger} (GET only; the caller has checked the
 * session):
 *
 * <ul>
 *   <li>{@code /ui/ledger[?channel=C&from=H]}: the latest blocks of each channel, or of C from H
 *       down;
 *   <li>{@code /ui/ledger/C/block/H}: block H of C with its seals and transactions;
 *   <li>{@code /ui/ledger/C/tx/ID}: the provenance of transaction ID, verified in the browser;
 *   <li>{@code /ui/ledger/C/tx/ID/bundle}: its audit bundle for {@code entente verify}.
 * </ul>
 *
 * A channel the user's institution is not a member of is answered as one the node does not serve.
 */
final class LedgerPages {
  private LedgerPages() {}

  /** What a ledger route answers. */
  sealed interface Result permits Page, Download, NotFound {}

  /** A page from {@code template}; the caller adds the frame. */
  record Page(String title, String template, Map<String, Object> parameters) implements Result {}

  /** A file to save. */
  record Download(String fileName, byte[] body) implements Result {}

  record NotFound(String message) implements Result {}

  private static final int QUERY_CHARS_MAX = 256;

  static Result route(NodeBackend backend, String institution, String path, String query) {
    String rest = path.substring(UiHandler.LEDGER.length());
    if (rest.isEmpty() || rest.equals("/")) {
      return overview(backend, institution, query);
    }
    String[] parts = rest.substring(1).split("/", -1);
    if (parts.length < 3 || !LedgerView.mayRead(backend, institution, parts[0])) {
      return new NotFound("No such page, or no channel of your institution.");
    }
    String channel = parts[0];
    if (parts.length == 3 && parts[1].equals("block")) {
      OptionalLong height = height(parts[2]);
      return height.isEmpty()
          ? new NotFound("No such block.")
          : BlockView.of(backend, channel, height.getAsLong())
              .<Result>map(
                  view ->
                      new Page(
                          "Block " + height.getAsLong() + " of " + channel,
                          "ledger-block.jte",
                          Map.of("view", view)))
              .orElse(new NotFound("No such block (yet)."));
    }
    if (parts.length == 3 && parts[1].equals("tx")) {
      return ProvenanceView.of(backend, channel, parts[2])
          .<Result>map(
              view ->
                  new Page(
                      "Transaction " + parts[2].substring(0, 16) + "…",
                      "ledger-tx.jte",
                      Map.of("view", view)))
          .orElse(new NotFound("No committed transaction with that id in " + channel + "."));
    }
    if (parts.length == 4 && parts[1].equals("tx") && parts[3].equals("bundle")) {
      return ProvenanceView.bundle(backend, channel, parts[2])
          .<Result>map(
              bytes ->
                  new Download(
                      "audit-" + channel + "-" + parts[2].substring(0, 16) + ".bin",
                      bytes.toByteArray()))
          .orElse(new NotFound("No audit bundle for that transaction."));
    }
    return new NotFound("No such page.");
  }

  private static Result overview(NodeBackend backend, String institution, String query) {
    Map<String, String> parameters = query(query);
    Optional<String> channel = Optional.ofNullable(parameters.get("channel"));
    OptionalLong from =
        parameters.containsKey("from") ? height(parameters.get("from")) : OptionalLong.empty();
    if (channel.isPresent() && !LedgerView.mayRead(backend, institution, channel.get())) {
      return new NotFound("No channel of your institution is named so.");
    }
    return new Page(
        "Ledger", "ledger.jte", Map.of("view", LedgerView.of(backend, institution, channel, from)));
  }

  private static Map<String, String> query(String query) {
    Map<String, String> fields = new TreeMap<>();
    if (query == null || query.isEmpty() || query.length() > QUERY_CHARS_MAX) {
      return fields;
    }
    UrlEncoded.decodeTo(query, fields::putIfAbsent, StandardCharsets.UTF_8);
    return fields;
  }

  /** A height of 1 or more written in decimal, or empty. */
  private static OptionalLong height(String text) {
    if (text == null || !text.matches("[1-9][0-9]{0,17}")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(text));
  }
}
