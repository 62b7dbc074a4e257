package io.entente.node.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.colending.generator.AgreementTerms;
import io.entente.node.bench.ApiSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * One agreement per partner, made through the API as banks make them: the lead's gateway proposes,
 * the partner's checker accepts. What is already done (read through the API first) is skipped.
 */
final class DemoAgreements {
  static final String ACTIVE = "ACTIVE";
  static final String PROPOSED = "PROPOSED";

  private DemoAgreements() {}

  /** The terms the lead proposes for a generator agreement: its splits and tolerance. */
  static ObjectNode terms(AgreementTerms terms) {
    ObjectNode json = DemoApi.JSON.createObjectNode();
    json.put("id", terms.agreement());
    json.put("partner", DemoActivity.institution(terms.partnerBank()));
    json.put("currency", terms.currency());
    ObjectNode split = json.putObject("split_bp");
    split.put("principal", terms.principalBp());
    split.put("interest", terms.interestBp());
    split.put("penalty", terms.penaltyBp());
    split.put("fee", terms.feeBp());
    json.put("reserve_warn", "500000.00");
    json.put("reserve_critical", "200000.00");
    json.put("counterpart_sla_ms", 300_000);
    json.put("date_tolerance_days", terms.dateToleranceDays());
    json.put("hold_ttl_ms", 1_800_000);
    json.put("partner_principal_cap", "1000000000.00");
    json.put("lead_floor_bp", 3000);
    json.put("close_grace_ms", 1_800_000);
    return json;
  }

  /** Makes every agreement active, saying for each what it did. */
  static void ensure(
      DemoCluster cluster, DemoActivity activity, Map<String, ApiSession> gateways, PrintWriter out)
      throws IOException, InterruptedException {
    ApiSession lead = gateways.get(DemoCluster.LEAD);
    for (AgreementTerms terms : activity.agreements()) {
      String channel = DemoActivity.channel(terms);
      String partner = DemoActivity.institution(terms.partnerBank());
      String path = DemoApi.agreementPath(channel, terms.agreement());
      String status = status(lead, path);
      if (ACTIVE.equals(status)) {
        out.printf("  agreement %s (%s): already active%n", terms.agreement(), channel);
        continue;
      }
      if (status == null) {
        DemoApi.Answer proposed =
            await(
                DemoApi.action(
                    lead,
                    DemoApi.agreementsPath(channel),
                    terms(terms),
                    "demo-propose-" + terms.agreement()));
        if (!proposed.committed()) {
          throw new IOException(
              "lead-bank's proposal of " + terms.agreement() + " was not committed: " + proposed);
        }
        out.printf(
            "  agreement %s (%s): proposed by lead-bank's gateway%n", terms.agreement(), channel);
      }
      ApiSession checker = cluster.session(partner, "checker");
      JsonNode seen = awaitStatus(checker, path, partner, PROPOSED, ACTIVE);
      if (!ACTIVE.equals(seen.path("status").asText())) {
        ObjectNode accept =
            DemoApi.JSON.createObjectNode().put("terms_hash", seen.path("terms_hash").asText());
        DemoApi.Answer accepted =
            await(
                DemoApi.action(
                    checker, path + "/accept", accept, "demo-accept-" + terms.agreement()));
        if (!accepted.committed()) {
          throw new IOException(
              partner
                  + "'s acceptance of "
                  + terms.agreement()
                  + " was not committed: "
                  + accepted);
        }
        out.printf(
            "  agreement %s (%s): accepted by %s's checker%n", terms.agreement(), channel, partner);
      }
      awaitStatus(lead, path, DemoCluster.LEAD, ACTIVE);
      awaitStatus(gateways.get(partner), path, partner, ACTIVE);
      out.flush();
    }
  }

  /** The agreement's status on the session's node, or null when the node does not know it. */
  static String status(ApiSession session, String path) throws IOException, InterruptedException {
    DemoApi.Answer answer = DemoApi.get(session, path);
    if (answer.status() == 404) {
      return null;
    }
    if (answer.status() != 200) {
      throw new IOException("GET " + path + ": " + answer);
    }
    return answer.body().path("status").asText();
  }

  /** Waits (with a deadline) until the agreement shows one of {@code statuses} on a node. */
  private static JsonNode awaitStatus(
      ApiSession session, String path, String institution, String... statuses)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + DemoLimits.AGREEMENT_DEADLINE_MS * 1_000_000;
    DemoApi.Answer last = null;
    while (System.nanoTime() < deadline) {
      last = DemoApi.get(session, path);
      if (last.status() == 200) {
        String status = last.body().path("status").asText();
        for (String wanted : statuses) {
          if (wanted.equals(status)) {
            return last.body();
          }
        }
      } else if (last.status() != 404) {
        throw new IOException("GET " + path + " on " + institution + "'s node: " + last);
      }
      Thread.sleep(DemoLimits.TICK_MS); // polling a condition, bounded by the deadline above
    }
    throw new IOException(
        path
            + " did not become "
            + String.join(" or ", statuses)
            + " on "
            + institution
            + "'s node within "
            + DemoLimits.AGREEMENT_DEADLINE_MS
            + " ms; last answer: "
            + last
            + " (see the node logs under logs/)");
  }

  static DemoApi.Answer await(java.util.concurrent.CompletableFuture<DemoApi.Answer> answer)
      throws IOException, InterruptedException {
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
  }
}
