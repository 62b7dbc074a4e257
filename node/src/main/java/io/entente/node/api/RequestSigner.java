package io.entente.node.api;

import io.entente.core.bytes.Hash;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Certificate;
import io.entente.node.consortium.NodeConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * The institution client key a node signs user requests with (DESIGN §1), and the id of its
 * certificate that transactions name as submitter. A {@link Signer} may be an HSM.
 */
public interface RequestSigner {
  Hash submitterCertificateId();

  Signer signer();

  /**
   * {@code signer} with the id of {@code certificate}, which must certify the signer's key.
   *
   * @throws IllegalArgumentException if the certificate is for another key or suite
   */
  static RequestSigner of(Certificate certificate, Signer signer) {
    SuiteId suite = signer.suite();
    Optional<PublicKey> certified = certificate.publicKey(suite);
    if (certified.isEmpty() || !certified.get().equals(signer.publicKey())) {
      throw new IllegalArgumentException(
          "the client certificate "
              + certificate.subject()
              + " does not certify the client key (a "
              + suite.label()
              + " key)");
    }
    Hash id = certificate.id(suite);
    return new RequestSigner() {
      @Override
      public Hash submitterCertificateId() {
        return id;
      }

      @Override
      public Signer signer() {
        return signer;
      }
    };
  }

  /**
   * The request signer a node configuration names ({@code keys.clientKey} and {@code
   * keys.clientCertificate}, decrypted with the node's password file), or empty if it names none.
   * What a runtime's {@link NodeBackend#requestSigner} returns.
   *
   * @throws IllegalArgumentException if the certificate does not certify the key
   */
  static Optional<RequestSigner> fromConfig(NodeConfig config) {
    Objects.requireNonNull(config, "config");
    Optional<Certificate> certificate = config.clientCertificate();
    if (certificate.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(of(certificate.get(), config.clientSigner().orElseThrow()));
  }
}
