package io.entente.node.ui;

import static org.assertj.core.api.Assertions.assertThat;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.entente.node.api.ChannelHealth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The Consortium page's node health, round changes and equivocation evidence as rendered from a
 * channel's health (the browser tests cover a live node, where no validator equivocates).
 */
class ConsortiumViewTest {
  private static final long NOW = 1_800_000_000_000L;

  private static String render(ChannelHealth health) {
    return render(health, new GovernancePanel(true, List.of(), List.of()));
  }

  private static String render(ChannelHealth health, GovernancePanel governance) {
    TemplateEngine templates =
        TemplateEngine.createPrecompiled(
            null,
            ContentType.Html,
            UiHandler.class.getClassLoader(),
            "io.entente.node.ui.templates");
    Frame frame = new Frame("Consortium", "lead-bank", "admin", "admin", "token", List.of());
    ConsortiumView view = new ConsortiumView(List.of(), List.of(ConsortiumView.nodes(health, NOW)));
    StringOutput html = new StringOutput();
    templates.render(
        "consortium.jte", Map.of("frame", frame, "view", view, "governance", governance), html);
    return html.toString();
  }

  private static ChannelHealth.NodeHealth node(
      String id,
      boolean self,
      boolean connected,
      OptionalLong height,
      long lag,
      OptionalLong seen) {
    return new ChannelHealth.NodeHealth(
        id, id.substring(0, id.lastIndexOf("-node")), self, true, connected, height, lag, seen);
  }

  @Test
  void nodesAreShownWithTheirHeightLagAndWhenTheyWereLastHeard() {
    String html =
        render(
            new ChannelHealth(
                "lead--p",
                40,
                List.of(
                    node("lead-node-1", true, true, OptionalLong.of(40), 0, OptionalLong.empty()),
                    node(
                        "p-node-1",
                        false,
                        true,
                        OptionalLong.of(37),
                        3,
                        OptionalLong.of(NOW - 4_000)),
                    node("p-node-2", false, false, OptionalLong.empty(), 0, OptionalLong.empty())),
                List.of(new ChannelHealth.RoundChangeSeen(38, 1, NOW - 60_000)),
                List.of()));

    assertThat(html)
        .contains("lead-node-1 (this node)")
        .contains("4 s ago")
        .contains("not heard")
        .contains("not since this node started")
        .contains("<td class=\"num\">37</td>")
        .contains("<td class=\"num\">3</td>");
    assertThat(html).contains("id=\"rounds-lead--p\"").contains("<td class=\"num\">38</td>");
    assertThat(html)
        .contains("None: no validator was seen signing")
        .doesNotContain("role=\"alert\"");
  }

  @Test
  void membersAndProposalsAreListedAndACaNearExpiryIsFlagged() {
    GovernancePanel governance =
        new GovernancePanel(
            false,
            List.of(
                new GovernancePanel.MemberRow(
                    "lead-bank", "lead", "CN=lead-bank CA", "2027-01-01T00:00:00Z", true),
                new GovernancePanel.MemberRow(
                    "partner-a", "partner", "CN=partner-a CA", "2036-01-01T00:00:00Z", false)),
            List.of(
                new GovernancePanel.ProposalRow(
                    3,
                    "admit-member",
                    "partner-c as partner",
                    "open",
                    "lead-bank (admin)",
                    "1 yes, 0 no of 3",
                    "2026-12-01T00:00:00Z",
                    "")));
    String html =
        render(new ChannelHealth("lead--p", 0, List.of(), List.of(), List.of()), governance);

    assertThat(html).contains("id=\"members\"").contains("partner-a").contains("CN=lead-bank CA");
    assertThat(html).containsOnlyOnce("rotate soon");
    assertThat(html)
        .contains("id=\"proposals\"")
        .contains("admit-member")
        .contains("partner-c as partner")
        .contains("1 yes, 0 no of 3");
  }

  @Test
  void equivocationEvidenceIsAnAlertNamingTheNodeAndTheMessages() {
    String key = "ab".repeat(32);
    String html =
        render(
            new ChannelHealth(
                "lead--p",
                12,
                List.of(
                    node("lead-node-1", true, true, OptionalLong.of(12), 0, OptionalLong.empty())),
                List.of(),
                List.of(
                    new ChannelHealth.EvidenceSeen(key, Optional.of("p-node-2"), "PREPARE", 13, 2),
                    new ChannelHealth.EvidenceSeen(key, Optional.empty(), "COMMIT", 13, 2))));

    assertThat(html).contains("role=\"alert\"").contains("id=\"evidence-lead--p\"");
    assertThat(html).contains("p-node-2").contains("unknown node").contains(key);
    assertThat(html).contains("PREPARE").contains("COMMIT");
    assertThat(html).contains("None since this node started: every height was decided in round 0.");
  }
}
