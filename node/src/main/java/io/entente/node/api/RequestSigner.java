package io.entente.node.api;

import io.entente.core.bytes.Hash;
import io.entente.core.crypto.Signer;

/**
 * The institution client key a node signs user requests with (DESIGN §1), and the id of its
 * certificate that transactions name as submitter. A {@link Signer} may be an HSM.
 */
public interface RequestSigner {
  Hash submitterCertificateId();

  Signer signer();
}
