package io.entente.node.consortium;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.core.chain.Genesis;
import io.entente.core.chain.Validator;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.governance.ChannelDefinition;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.Member;
import io.entente.core.governance.NodeEntry;
import io.entente.core.pki.Pem;
import io.entente.core.pki.Revocation;
import java.time.Instant;
import java.util.function.Function;

/**
 * The human-readable JSON written next to each canonical file. It is for people and tools; the
 * canonical {@code .bin} files are what nodes load and what the hashes cover.
 */
final class ConsortiumJson {
  private ConsortiumJson() {}

  static String genesis(Genesis genesis, Function<Validator, String> nodeIdOf) {
    ObjectNode root = JsonFields.object();
    root.put("channel", genesis.channel());
    root.put("hash", genesis.hash().toHex());
    root.put(
        "encoding",
        Layout.GENESIS_BIN
            + ": the canonical encoding (Genesis codec version "
            + (genesis.governance().isPresent() ? 2 : 1)
            + "); the hash is the suite's hash of it");
    root.put("suite", genesis.suite().label());
    root.put("genesisTimeMs", genesis.genesisTimeMs());
    root.put("genesisTime", Instant.ofEpochMilli(genesis.genesisTimeMs()).toString());
    root.put("rulesVersion", genesis.rulesVersion());
    root.put("sealFromEveryInstitution", genesis.sealFromEveryInstitution());
    root.put("validatorCount", genesis.validators().size());
    root.put("quorum", genesis.validators().quorum());
    root.put("maxFaulty", genesis.validators().maxFaulty());
    ArrayNode validators = root.putArray("validators");
    for (Validator validator : genesis.validators().validators()) {
      validators
          .addObject()
          .put("institution", validator.institution())
          .put("nodeId", nodeIdOf.apply(validator))
          .put("key", validator.key().encoded().toHex())
          .put("fingerprint", validator.fingerprint().toHex());
    }
    genesis
        .governance()
        .ifPresent(
            anchor -> {
              ObjectNode governance = root.putObject("governanceAnchor");
              governance.put("channel", anchor.channel());
              governance.put("sealFromEveryInstitution", anchor.sealFromEveryInstitution());
              ArrayNode anchorValidators = governance.putArray("validators");
              for (Validator validator : anchor.validators().validators()) {
                anchorValidators
                    .addObject()
                    .put("institution", validator.institution())
                    .put("nodeId", nodeIdOf.apply(validator))
                    .put("fingerprint", validator.fingerprint().toHex());
              }
            });
    return JsonFields.write(root);
  }

  static String governanceState(GovernanceGenesis state) {
    CryptoSuite crypto = CryptoSuite.of(state.suite());
    ObjectNode root = JsonFields.object();
    root.put("hash", state.hash().toHex());
    root.put(
        "encoding",
        Layout.GOVERNANCE_STATE_BIN
            + ": the canonical encoding (GovernanceGenesis codec version "
            + GovernanceGenesis.CODEC.version()
            + "); the hash is the suite's hash of it");
    root.put("suite", state.suite().label());
    ArrayNode members = root.putArray("members");
    for (Member member : state.members()) {
      members
          .addObject()
          .put("institution", member.institution())
          .put("role", member.role().label())
          .put("caCertificateId", member.caCertificate().id(state.suite()).toHex())
          .put("caSubject", member.caCertificate().subject())
          .put("caCertificate", Pem.encode(member.caCertificate()));
    }
    ArrayNode nodes = root.putArray("nodes");
    for (NodeEntry node : state.nodes()) {
      nodes
          .addObject()
          .put("nodeId", node.nodeId())
          .put("institution", node.institution())
          .put("tlsKeyFingerprint", node.tlsKeyFingerprint().toHex())
          .put("validatorKey", node.validatorKey().encoded().toHex())
          .put("validatorKeyFingerprint", crypto.fingerprint(node.validatorKey()).toHex());
    }
    ArrayNode revocations = root.putArray("revocations");
    for (Revocation revocation : state.revocations()) {
      revocations
          .addObject()
          .put("issuer", revocation.issuer())
          .put("serial", revocation.serial().toString(16));
    }
    ArrayNode channels = root.putArray("channels");
    for (ChannelDefinition channel : state.channels()) {
      ObjectNode entry = channels.addObject();
      entry.put("name", channel.name());
      ArrayNode channelMembers = entry.putArray("members");
      channel.members().forEach(channelMembers::add);
      entry.put("genesisHash", channel.genesisHash().toHex());
    }
    return JsonFields.write(root);
  }
}
