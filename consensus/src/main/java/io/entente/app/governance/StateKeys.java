package io.entente.app.governance;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.pki.Revocation;
import java.util.HexFormat;

/**
 * The state keys, UTF-8 text so a state dump reads plainly. Every read is a get of one key: the
 * application never scans a range, and the few lists it keeps (members, nodes, channels, open
 * proposals) are bounded by the governance limits.
 */
final class StateKeys {
  private StateKeys() {}

  private static final HexFormat HEX = HexFormat.of();

  /** Present once the genesis state has been written; its value is the genesis hash. */
  static final Bytes GENESIS = key("genesis");

  static final Bytes PARAMETERS = key("parameters");
  static final Bytes COUNTERS = key("counters");

  /** The active member institutions, sorted. */
  static final Bytes MEMBERS = key("members");

  /** The active node ids, sorted. */
  static final Bytes NODES = key("nodes");

  /** Every channel name ever defined (closed ones too), sorted. */
  static final Bytes CHANNELS = key("channels");

  /** The open proposals by id, with their expiry and proposer. */
  static final Bytes OPEN = key("open-proposals");

  /** An approved change of the governance channel's own validators, not yet made. */
  static final Bytes PENDING_SET = key("governance-pending-set");

  static Bytes member(String institution) {
    return key("member/" + institution);
  }

  /** A client certificate an admission registered, by its id (kept for good). */
  static Bytes client(Hash certificateId) {
    return key("client/" + certificateId.toHex());
  }

  /** The ids of the client certificates a member's admission registered, sorted. */
  static Bytes memberClients(String institution) {
    return key("member-clients/" + institution);
  }

  static Bytes node(String nodeId) {
    return key("node/" + nodeId);
  }

  /** Which node registered a TLS key fingerprint (kept after removal: keys are never reused). */
  static Bytes tlsKey(Bytes fingerprint) {
    return key("tls-key/" + HEX.formatHex(fingerprint.unsafeArray()));
  }

  /** Which node registered a validator key (kept after removal: keys are never reused). */
  static Bytes validatorKey(Bytes encodedKey) {
    return key("validator-key/" + HEX.formatHex(encodedKey.unsafeArray()));
  }

  static Bytes channel(String name) {
    return key("channel/" + name);
  }

  /**
   * A revocation, by the hash of the issuer's text and the serial. Two spellings of one issuer name
   * get two keys; both revoke the same certificate wherever names are compared as X.509 names.
   */
  static Bytes revocation(CryptoSuite suite, Revocation revocation) {
    return key(
        "revoked/"
            + suite.hash(Encodings.utf8(revocation.issuer())).toHex()
            + "/"
            + revocation.serial().toString(16));
  }

  static Bytes proposal(long id) {
    return key("proposal/" + fixedHex(id));
  }

  static Bytes decision(long sequence) {
    return key("decision/" + fixedHex(sequence));
  }

  /** 16 hex digits, so keys sort in number order. */
  private static String fixedHex(long value) {
    return HEX.toHexDigits(value);
  }

  private static Bytes key(String text) {
    return Encodings.utf8(text);
  }
}
