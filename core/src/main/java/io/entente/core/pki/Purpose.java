package io.entente.core.pki;

/** What a presented certificate is about to be used for; each purpose requires its key usages. */
public enum Purpose {
  /**
   * A node: TLS server or client in p2p, and the key that seals its consensus messages. Requires
   * keyUsage digitalSignature and extendedKeyUsage serverAuth and clientAuth.
   */
  NODE,
  /**
   * A client of the API or a gateway signing transactions. Requires keyUsage digitalSignature and
   * extendedKeyUsage clientAuth, and refuses node certificates (serverAuth), so that a node's key
   * and an institution's client key stay apart.
   */
  CLIENT
}
