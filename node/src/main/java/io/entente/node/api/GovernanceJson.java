package io.entente.node.api;

import io.entente.app.governance.Change;
import io.entente.app.governance.GovernanceState;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.Pem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON of governance records (docs/api.md, "Governance"). */
public final class GovernanceJson {
  private GovernanceJson() {}

  static Map<String, Object> proposal(GovernanceState.ProposalRecord proposal) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", proposal.id());
    json.put("kind", kind(proposal.change()));
    json.put("change", change(proposal.change()));
    json.put("status", lower(proposal.status().name()));
    json.put("proposer", proposal.proposer());
    json.put("proposerUser", proposal.proposerUser());
    json.put("createdHeight", proposal.createdHeight());
    json.put("createdAtMs", proposal.createdAtMs());
    json.put("expiresAtMs", proposal.expiresAtMs());
    json.put("voters", proposal.eligible());
    json.put("unanimous", proposal.unanimous());
    json.put("yes", proposal.yes());
    json.put("no", proposal.no());
    List<Map<String, Object>> votes = new ArrayList<>();
    for (GovernanceState.VoteRecord vote : proposal.votes()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("institution", vote.institution());
      item.put("user", vote.user());
      item.put("role", vote.role());
      item.put("vote", vote.yes() ? "yes" : "no");
      item.put("txId", vote.txId().toHex());
      item.put("height", vote.height());
      item.put("timeMs", vote.timeMs());
      votes.add(item);
    }
    json.put("votes", votes);
    json.put("outcomeCode", proposal.outcomeCode().isEmpty() ? null : proposal.outcomeCode());
    json.put("outcomeDetail", proposal.outcomeDetail().isEmpty() ? null : proposal.outcomeDetail());
    json.put("decision", proposal.decision() == 0 ? null : proposal.decision());
    return json;
  }

  static Map<String, Object> member(GovernanceState.MemberRecord record) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("institution", record.institution());
    json.put("role", record.member().role().label());
    json.put("status", record.active() ? "active" : "retired");
    json.put("caCertificate", certificate(record.member().caCertificate()));
    return json;
  }

  /** A node in service and its role in each open channel. */
  static Map<String, Object> node(
      GovernanceState.NodeRecord record, List<GovernanceState.ChannelRecord> channels) {
    Map<String, Object> json = new LinkedHashMap<>();
    String id = record.node().nodeId();
    json.put("nodeId", id);
    json.put("institution", record.node().institution());
    json.put("status", record.active() ? "active" : "retired");
    json.put("tlsKeyFingerprint", record.node().tlsKeyFingerprint().toHex());
    json.put("validatorKey", record.node().validatorKey().encoded().toHex());
    json.put(
        "validatorOf",
        channels.stream().filter(c -> c.validators().contains(id)).map(c -> c.name()).toList());
    json.put(
        "observerOf",
        channels.stream().filter(c -> c.observers().contains(id)).map(c -> c.name()).toList());
    return json;
  }

  /** The change's kind as the API names it ("admit-member", …). */
  public static String kind(Change change) {
    if (change instanceof Change.AdmitMember) {
      return "admit-member";
    } else if (change instanceof Change.RemoveMember) {
      return "remove-member";
    } else if (change instanceof Change.RegisterNode) {
      return "register-node";
    } else if (change instanceof Change.PromoteNode) {
      return "promote-node";
    } else if (change instanceof Change.DemoteNode) {
      return "demote-node";
    } else if (change instanceof Change.RemoveNode) {
      return "remove-node";
    } else if (change instanceof Change.RevokeCertificate) {
      return "revoke-certificate";
    } else if (change instanceof Change.DefineChannel) {
      return "define-channel";
    } else if (change instanceof Change.RotateCa) {
      return "rotate-ca";
    } else {
      return "set-parameters";
    }
  }

  private static Map<String, Object> change(Change change) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (change instanceof Change.AdmitMember admit) {
      json.put("institution", admit.member().institution());
      json.put("role", admit.member().role().label());
      json.put("caCertificate", certificate(admit.member().caCertificate()));
      json.put(
          "clientCertificates", admit.clients().stream().map(GovernanceJson::certificate).toList());
    } else if (change instanceof Change.RemoveMember remove) {
      json.put("institution", remove.institution());
    } else if (change instanceof Change.RegisterNode register) {
      json.put("nodeId", register.node().nodeId());
      json.put("institution", register.node().institution());
      json.put("tlsKeyFingerprint", register.node().tlsKeyFingerprint().toHex());
      json.put("validatorKey", register.node().validatorKey().encoded().toHex());
    } else if (change instanceof Change.NodeChange node) {
      json.put("nodeId", node.nodeId());
      json.put("channel", node.channel());
    } else if (change instanceof Change.RemoveNode remove) {
      json.put("nodeId", remove.nodeId());
    } else if (change instanceof Change.RevokeCertificate revoke) {
      json.put("issuer", revoke.revocation().issuer());
      json.put("serial", revoke.revocation().serial().toString(16));
    } else if (change instanceof Change.DefineChannel define) {
      json.put("name", define.definition().name());
      json.put("members", define.definition().members());
      json.put("genesisHash", define.definition().genesisHash().toHex());
    } else if (change instanceof Change.RotateCa rotate) {
      json.put("institution", rotate.institution());
      json.put("caCertificate", certificate(rotate.caCertificate()));
    } else if (change instanceof Change.SetParameters parameters) {
      Map<String, Object> settings = new LinkedHashMap<>();
      parameters.settings().forEach(setting -> settings.put(setting.name(), setting.value()));
      json.put("parameters", settings);
    }
    return json;
  }

  private static Map<String, Object> certificate(Certificate certificate) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("subject", certificate.subject());
    json.put("serial", certificate.serial().toString(16));
    json.put("pem", Pem.encode(certificate));
    return json;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
