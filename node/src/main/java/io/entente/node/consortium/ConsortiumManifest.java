package io.entente.node.consortium;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Validator;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.Member;
import io.entente.node.consortium.ConsortiumSpec.ChannelSpec;
import io.entente.node.consortium.ConsortiumSpec.NodeSpec;
import java.util.function.Function;

/**
 * {@code consortium.json}: what was written and where, for people and scripts. It holds no secret:
 * public keys, fingerprints, hashes, ports and relative paths only.
 */
final class ConsortiumManifest {
  /** The version of the consortium.json format. */
  static final int FORMAT_VERSION = 1;

  static final String PORT_RULE =
      "node k of the consortium (the lead's nodes first, then each partner's in order, nodes"
          + " numbered from 1; k counts from 0) listens for p2p on basePort + 2k and for the API on"
          + " basePort + 2k + 1";

  static final String GOVERNANCE_STATE_NOTE =
      "Genesis has no field for application state, so the governance channel's genesis does not"
          + " commit to this state: its hash is recorded here and in every node configuration."
          + " The governance application that executes it comes later.";

  private ConsortiumManifest() {}

  /** The public facts about a node that its keys determine. */
  record NodeInfo(Hash tlsKeyFingerprint, Validator validator) {}

  static String write(
      ConsortiumSpec spec,
      Function<String, Genesis> genesisOf,
      GovernanceGenesis state,
      Function<String, NodeInfo> nodeInfo) {
    ObjectNode root = JsonFields.object();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("suite", spec.suite().label());
    root.put("lead", spec.lead());
    root.put("nodesPerOrg", spec.nodesPerOrg());
    root.put("host", spec.host());
    root.put("basePort", spec.basePort());
    root.put("keyIterations", spec.keyIterations());
    root.put("portRule", PORT_RULE);
    institutions(root.putArray("institutions"), spec, state);
    nodes(root.putArray("nodes"), spec, nodeInfo);
    ArrayNode channels = root.putArray("channels");
    for (ChannelSpec channel : spec.channels()) {
      Genesis genesis = genesisOf.apply(channel.name());
      ObjectNode entry = channels.addObject();
      entry.put("name", channel.name());
      ArrayNode members = entry.putArray("members");
      channel.institutions().forEach(members::add);
      entry.put("sealFromEveryInstitution", channel.sealFromEveryInstitution());
      entry.put("validators", genesis.validators().size());
      entry.put("quorum", genesis.validators().quorum());
      String folder = Layout.channelFolder(channel.name());
      entry.put("genesis", folder + "/" + Layout.GENESIS_BIN);
      entry.put("genesisJson", folder + "/" + Layout.GENESIS_JSON);
      entry.put("genesisHash", genesis.hash().toHex());
    }
    ObjectNode governance = root.putObject("governanceState");
    String folder = Layout.channelFolder(ConsortiumSpec.GOVERNANCE_CHANNEL);
    governance.put("file", folder + "/" + Layout.GOVERNANCE_STATE_BIN);
    governance.put("json", folder + "/" + Layout.GOVERNANCE_STATE_JSON);
    governance.put("hash", state.hash().toHex());
    governance.put("note", GOVERNANCE_STATE_NOTE);
    return JsonFields.write(root);
  }

  private static void institutions(ArrayNode out, ConsortiumSpec spec, GovernanceGenesis state) {
    for (String institution : spec.institutions()) {
      Member member = state.member(institution).orElseThrow();
      ObjectNode entry = out.addObject();
      entry.put("id", institution);
      entry.put("role", member.role().label());
      entry.put("folder", institution);
      entry.put("caCertificate", institution + "/" + Layout.CA_DIR + "/" + Layout.CA_CERTIFICATE);
      entry.put("caCertificateId", member.caCertificate().id(spec.suite()).toHex());
      entry.put(
          "apiCaCertificate",
          institution + "/" + Layout.API_CA_DIR + "/" + Layout.API_CA_CERTIFICATE);
      entry.put(
          "adminClientCertificate",
          institution + "/" + Layout.ADMIN_DIR + "/" + Layout.CLIENT_CERTIFICATE);
      entry.put("credentials", institution + "/" + Layout.ADMIN_CREDENTIALS);
      ArrayNode users = entry.putArray("apiUsers");
      for (InitialUser user : InitialUser.ALL) {
        ArrayNode roles = users.addObject().put("username", user.username()).putArray("roles");
        user.roles().stream().sorted().forEach(role -> roles.add(role.label()));
      }
      ArrayNode nodes = entry.putArray("nodes");
      spec.nodesOf(institution).forEach(node -> nodes.add(node.nodeId()));
    }
  }

  private static void nodes(
      ArrayNode out, ConsortiumSpec spec, Function<String, NodeInfo> nodeInfo) {
    CryptoSuite crypto = CryptoSuite.of(spec.suite());
    for (NodeSpec node : spec.nodes()) {
      NodeInfo info = nodeInfo.apply(node.nodeId());
      ObjectNode entry = out.addObject();
      entry.put("nodeId", node.nodeId());
      entry.put("institution", node.institution());
      String home = node.institution() + "/" + node.folder();
      entry.put("home", home);
      entry.put("config", home + "/" + Layout.NODE_CONFIG);
      entry.putObject("p2p").put("host", spec.host()).put("port", node.p2pPort());
      entry.putObject("api").put("host", spec.host()).put("port", node.apiPort());
      entry.put("tlsKeyFingerprint", info.tlsKeyFingerprint().toHex());
      entry.put("validatorKey", info.validator().key().encoded().toHex());
      entry.put("validatorKeyFingerprint", crypto.fingerprint(info.validator().key()).toHex());
      ArrayNode channels = entry.putArray("channels");
      spec.channelsOf(node.institution()).forEach(channel -> channels.add(channel.name()));
    }
  }
}
