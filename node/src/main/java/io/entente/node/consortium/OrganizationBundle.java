package io.entente.node.consortium;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.governance.NodeEntry;
import io.entente.core.pki.Certificate;
import io.entente.core.pki.MemberCa;
import io.entente.core.pki.Pem;
import io.entente.core.pki.Purpose;
import io.entente.core.pki.TrustStore;
import io.entente.core.pki.Validation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a new institution sends to the consortium, and all it sends: its member CA certificate, its
 * client certificate, per node the TLS and seal certificates with the TLS key fingerprint and the
 * validator (seal) public key, its id and display name. No private key is ever in it. {@code
 * entente org new} writes it ({@link OrganizationWriter}); a member's admin proposes the admission
 * from it (docs/governance.md, "Admitting an institution").
 *
 * <p>{@link #parse} checks the bundle as a whole: the CA may be a member CA of the suite, every
 * certificate was issued by that CA for its purpose and is valid at the given time, every
 * fingerprint and validator key is the key of its certificate, and ids follow the naming rules.
 */
public record OrganizationBundle(
    String institution,
    String displayName,
    SuiteId suite,
    Certificate caCertificate,
    Certificate clientCertificate,
    List<BundleNode> nodes) {

  public static final int FORMAT_VERSION = 1;

  /** The bundle's file name in the new institution's folder. */
  public static final String FILE = "bundle.json";

  /** Display names: 1 to this many characters, no control characters. */
  public static final int DISPLAY_NAME_CHARS_MAX = 100;

  /** A bundle is small: a few certificates per node. */
  public static final int BYTES_MAX = 256 * 1024;

  private static final Pattern NODE_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** One node of the institution, as governance registers it. */
  public record BundleNode(
      String nodeId,
      Certificate tlsCertificate,
      Hash tlsKeyFingerprint,
      Certificate sealCertificate,
      PublicKey validatorKey) {
    public BundleNode {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(tlsCertificate, "tlsCertificate");
      Objects.requireNonNull(tlsKeyFingerprint, "tlsKeyFingerprint");
      Objects.requireNonNull(sealCertificate, "sealCertificate");
      Objects.requireNonNull(validatorKey, "validatorKey");
    }

    /** The governance registration of this node. */
    public NodeEntry entry(String institution) {
      return new NodeEntry(nodeId, institution, tlsKeyFingerprint, validatorKey);
    }
  }

  public OrganizationBundle {
    Objects.requireNonNull(institution, "institution");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(clientCertificate, "clientCertificate");
    nodes = List.copyOf(nodes);
  }

  /** The bundle file's text: JSON, certificates in PEM, keys and fingerprints in hex. */
  public String toJson() {
    ObjectNode root = JsonFields.object();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("institution", institution);
    root.put("displayName", displayName);
    root.put("suite", suite.label());
    root.put("caCertificate", Pem.encode(caCertificate));
    root.put("clientCertificate", Pem.encode(clientCertificate));
    ArrayNode list = root.putArray("nodes");
    for (BundleNode node : nodes) {
      ObjectNode item = list.addObject();
      item.put("nodeId", node.nodeId());
      item.put("tlsCertificate", Pem.encode(node.tlsCertificate()));
      item.put("tlsKeyFingerprint", node.tlsKeyFingerprint().toHex());
      item.put("sealCertificate", Pem.encode(node.sealCertificate()));
      item.put("validatorKey", node.validatorKey().encoded().toHex());
    }
    return JsonFields.write(root);
  }

  /**
   * Reads and checks a bundle of a {@code suite} consortium at {@code nowMs}.
   *
   * @param source names the bundle in error messages (a file name, "the request body")
   * @throws ConfigException naming the field and the rule it breaks
   */
  public static OrganizationBundle parse(String text, String source, SuiteId suite, long nowMs) {
    if (text.length() > BYTES_MAX) {
      throw new ConfigException(source + " is larger than " + BYTES_MAX + " bytes");
    }
    JsonFields json = JsonFields.parse(text, source);
    int version = json.integer("formatVersion", FORMAT_VERSION, FORMAT_VERSION);
    assert version == FORMAT_VERSION;
    String institution = json.string("institution");
    try {
      ConsortiumSpec.requireName(institution, "institution");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage());
    }
    String displayName = displayName(json.string("displayName"), source);
    String suiteLabel = json.string("suite");
    if (!suiteLabel.equals(suite.label())) {
      throw new ConfigException(
          source
              + ": the bundle is for crypto suite "
              + suiteLabel
              + ", the consortium uses "
              + suite.label());
    }
    Certificate ca = certificate(json, "caCertificate", source);
    Check caCheck = TrustStore.checkMemberCa(suite, ca, nowMs);
    if (caCheck instanceof Check.Rejected rejected) {
      throw new ConfigException(
          source + ": caCertificate is not a usable member CA: " + rejected.detail());
    }
    TrustStore alone = TrustStore.of(suite, List.of(new MemberCa(institution, ca)), List.of());
    Certificate client = certificate(json, "clientCertificate", source);
    issued(alone, client, nowMs, Purpose.CLIENT, source + ": clientCertificate");
    CryptoSuite crypto = CryptoSuite.of(suite);
    List<BundleNode> nodes = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<JsonFields> items = json.objects("nodes", ConsortiumLimits.NODES_PER_ORG_MAX);
    if (items.isEmpty()) {
      throw new ConfigException(source + ": nodes is empty; an institution runs at least one");
    }
    for (JsonFields item : items) {
      String where = item.where();
      String nodeId = item.string("nodeId");
      if (!nodeId.startsWith(institution + "-")
          || !NODE_ID.matcher(nodeId).matches()
          || nodeId.length() > CoreLimits.IDENTIFIER_BYTES_MAX) {
        throw new ConfigException(
            where
                + ": nodeId '"
                + nodeId
                + "' must start with '"
                + institution
                + "-', use lower-case letters, digits and single hyphens, and have at most "
                + CoreLimits.IDENTIFIER_BYTES_MAX
                + " characters");
      }
      if (!ids.add(nodeId)) {
        throw new ConfigException(where + ": node " + nodeId + " is listed twice");
      }
      Certificate tls = certificate(item, "tlsCertificate", where);
      PublicKey tlsKey = issued(alone, tls, nowMs, Purpose.NODE, where + ".tlsCertificate");
      Hash fingerprint = hash(item.string("tlsKeyFingerprint"), where + ".tlsKeyFingerprint");
      if (!fingerprint.equals(crypto.fingerprint(tlsKey))) {
        throw new ConfigException(
            where + ".tlsKeyFingerprint is not the fingerprint of the tlsCertificate's key");
      }
      Certificate seal = certificate(item, "sealCertificate", where);
      PublicKey sealKey = issued(alone, seal, nowMs, Purpose.NODE, where + ".sealCertificate");
      PublicKey validator = publicKey(suite, item.string("validatorKey"), where + ".validatorKey");
      if (!validator.equals(sealKey)) {
        throw new ConfigException(where + ".validatorKey is not the sealCertificate's key");
      }
      if (validator.equals(tlsKey)) {
        throw new ConfigException(where + ": the TLS and seal keys must differ");
      }
      item.noOtherFields();
      nodes.add(new BundleNode(nodeId, tls, fingerprint, seal, validator));
    }
    json.noOtherFields();
    return new OrganizationBundle(institution, displayName, suite, ca, client, nodes);
  }

  static String displayName(String name, String source) {
    String trimmed = name.strip();
    if (trimmed.isEmpty()
        || trimmed.length() > DISPLAY_NAME_CHARS_MAX
        || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new ConfigException(
          source
              + ": the display name must be 1 to "
              + DISPLAY_NAME_CHARS_MAX
              + " characters without control characters");
    }
    return trimmed;
  }

  private static Certificate certificate(JsonFields json, String field, String where) {
    String pem = json.string(field);
    try {
      return Pem.decode(pem);
    } catch (RuntimeException e) {
      throw new ConfigException(
          where + "." + field + " is not a PEM certificate: " + e.getMessage());
    }
  }

  private static PublicKey issued(
      TrustStore alone, Certificate certificate, long nowMs, Purpose purpose, String where) {
    Validation validation = alone.validate(certificate, nowMs, purpose);
    if (validation instanceof Validation.Valid valid) {
      return valid.publicKey();
    }
    Check.Rejected rejected = ((Validation.Invalid) validation).rejection();
    throw new ConfigException(
        where + " is not a valid certificate of the bundle's CA: " + rejected.detail());
  }

  private static Hash hash(String hex, String where) {
    try {
      return Hash.fromHex(hex);
    } catch (RuntimeException e) {
      throw new ConfigException(where + " is not a 32-byte hex hash");
    }
  }

  private static PublicKey publicKey(SuiteId suite, String hex, String where) {
    try {
      return new PublicKey(suite, Bytes.fromHex(hex));
    } catch (RuntimeException e) {
      throw new ConfigException(where + " is not a compressed public key in hex");
    }
  }
}
