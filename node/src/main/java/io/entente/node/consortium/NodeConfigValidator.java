package io.entente.node.consortium;

import io.entente.core.chain.Genesis;
import io.entente.core.chain.Validator;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.governance.GovernanceGenesis;
import io.entente.core.governance.Member;
import io.entente.core.governance.NodeEntry;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.Purpose;
import io.entente.core.pki.TrustStore;
import io.entente.core.pki.Validation;
import io.entente.node.consortium.NodeConfig.ChannelConfig;
import io.entente.node.consortium.NodeConfig.Peer;
import io.entente.node.consortium.NodeConfig.TrustAnchor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The cross-file checks of a node configuration, none of which needs a password:
 *
 * <ul>
 *   <li>every named file exists;
 *   <li>the trust anchors are the governance state's member CAs, institution for institution;
 *   <li>the TLS and seal certificates are valid node certificates of the node's institution under
 *       those CAs, and their keys are the ones the governance state registers for this node;
 *   <li>the API certificate carries a P-256 key;
 *   <li>the client certificate, if the node has a client key, is a valid CLIENT certificate of the
 *       node's institution;
 *   <li>each channel's genesis has the configured hash, name and suite, this node's seal key is one
 *       of its validators, and its peers are exactly the other validators' nodes, with the TLS keys
 *       the governance state registers.
 * </ul>
 */
final class NodeConfigValidator {
  private NodeConfigValidator() {}

  static void validate(NodeConfig config, long atTimeMs) {
    requireFiles(config);
    GovernanceGenesis state = config.governanceGenesis();
    if (state.suite() != config.suite()) {
      throw new ConfigException(
          "the governance state is "
              + state.suite().label()
              + ", the node "
              + config.suite().label());
    }
    requireTrustMatchesMembers(config, state);
    TrustStore trust = config.trustStore();
    NodeEntry self =
        state.nodes().stream()
            .filter(node -> node.nodeId().equals(config.nodeId()))
            .findFirst()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "the governance state registers no node " + config.nodeId()));
    if (!self.institution().equals(config.institution())) {
      throw new ConfigException(
          "the governance state registers " + config.nodeId() + " for " + self.institution());
    }
    CryptoSuite crypto = CryptoSuite.of(config.suite());
    PublicKey tlsKey =
        nodeKey(trust, config, config.keys().tlsCertificate(), atTimeMs, "TLS certificate");
    if (!crypto.fingerprint(tlsKey).equals(self.tlsKeyFingerprint())) {
      throw new ConfigException(
          config.keys().tlsCertificate() + " certifies another TLS key than governance registers");
    }
    PublicKey sealKey =
        nodeKey(trust, config, config.keys().sealCertificate(), atTimeMs, "seal certificate");
    if (!sealKey.equals(self.validatorKey())) {
      throw new ConfigException(
          config.keys().sealCertificate() + " certifies another key than the validator key");
    }
    Certificate api = NodeConfig.readCertificate(config.keys().apiCertificate());
    if (api.publicKey(SuiteId.STANDARD).isEmpty()) {
      throw new ConfigException(config.keys().apiCertificate() + " does not carry a P-256 key");
    }
    if (config.keys().client().isPresent()) {
      Path file = config.keys().client().get().certificate();
      memberKey(trust, config, file, atTimeMs, Purpose.CLIENT, "client certificate");
    }
    for (ChannelConfig channel : config.channels()) {
      requireChannel(config, state, channel, sealKey);
    }
  }

  private static void requireFiles(NodeConfig config) {
    NodeConfig.KeyPaths keys = config.keys();
    List<Path> files =
        List.of(
            keys.passwordFile(),
            keys.tlsKey(),
            keys.tlsCertificate(),
            keys.sealKey(),
            keys.sealCertificate(),
            keys.apiKey(),
            keys.apiCertificate(),
            config.usersFile(),
            config.governanceState());
    for (Path file : files) {
      requireFile(file);
    }
    keys.client()
        .ifPresent(
            client -> {
              requireFile(client.key());
              requireFile(client.certificate());
            });
    config.trust().forEach(anchor -> requireFile(anchor.certificate()));
    config.channels().forEach(channel -> requireFile(channel.genesis()));
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("file " + file + " named in the node configuration does not exist");
    }
  }

  private static void requireTrustMatchesMembers(NodeConfig config, GovernanceGenesis state) {
    if (config.trust().size() != state.members().size()) {
      throw new ConfigException(
          "trust lists "
              + config.trust().size()
              + " member CAs, the governance state has "
              + state.members().size());
    }
    for (TrustAnchor anchor : config.trust()) {
      Optional<Member> member = state.member(anchor.institution());
      Certificate certificate = NodeConfig.readCertificate(anchor.certificate());
      if (member.isEmpty() || !member.get().caCertificate().equals(certificate)) {
        throw new ConfigException(
            anchor.certificate()
                + " is not the CA certificate governance registers for "
                + anchor.institution());
      }
    }
  }

  private static PublicKey nodeKey(
      TrustStore trust, NodeConfig config, Path file, long atTimeMs, String what) {
    return memberKey(trust, config, file, atTimeMs, Purpose.NODE, what);
  }

  /** The key of a certificate the node's own member CA issued for {@code purpose}. */
  private static PublicKey memberKey(
      TrustStore trust, NodeConfig config, Path file, long atTimeMs, Purpose purpose, String what) {
    Certificate certificate = NodeConfig.readCertificate(file);
    Validation validation = trust.validate(certificate, atTimeMs, purpose);
    if (validation instanceof Validation.Invalid invalid) {
      throw new ConfigException(
          "the "
              + what
              + " "
              + file
              + " is not valid: "
              + invalid.rejection().reason()
              + ": "
              + invalid.rejection().detail());
    }
    Validation.Valid valid = (Validation.Valid) validation;
    if (!valid.institutionId().equals(config.institution())) {
      throw new ConfigException(
          "the "
              + what
              + " "
              + file
              + " was issued by "
              + valid.institutionId()
              + "'s CA, not "
              + config.institution()
              + "'s");
    }
    return valid.publicKey();
  }

  private static void requireChannel(
      NodeConfig config, GovernanceGenesis state, ChannelConfig channel, PublicKey sealKey) {
    Genesis genesis = config.genesis(channel.name());
    if (genesis.sealFromEveryInstitution() != channel.sealFromEveryInstitution()) {
      throw new ConfigException(
          "channel " + channel.name() + ": sealFromEveryInstitution differs from its genesis");
    }
    TreeSet<String> expectedPeers = new TreeSet<>();
    boolean selfIsValidator = false;
    for (Validator validator : genesis.validators().validators()) {
      NodeEntry node =
          state.nodes().stream()
              .filter(entry -> entry.validatorKey().equals(validator.key()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "channel "
                              + channel.name()
                              + " has a validator that governance does not register"));
      if (validator.key().equals(sealKey)) {
        selfIsValidator = true;
      } else {
        expectedPeers.add(
            node.nodeId() + "/" + node.institution() + "/" + node.tlsKeyFingerprint().toHex());
      }
    }
    if (!selfIsValidator) {
      throw new ConfigException(
          "channel "
              + channel.name()
              + ": node "
              + config.nodeId()
              + " is not one of its validators");
    }
    TreeSet<String> configuredPeers = new TreeSet<>();
    for (Peer peer : channel.peers()) {
      configuredPeers.add(
          peer.nodeId() + "/" + peer.institution() + "/" + peer.tlsKeyFingerprint().toHex());
    }
    if (!configuredPeers.equals(expectedPeers)) {
      throw new ConfigException(
          "channel "
              + channel.name()
              + ": the peers "
              + configuredPeers
              + " are not the other validators' nodes "
              + expectedPeers);
    }
  }
}
