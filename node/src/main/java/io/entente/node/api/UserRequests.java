package io.entente.node.api;

import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.TxBody;
import io.entente.core.chain.UserRequestPayload;
import io.entente.core.crypto.CryptoSuite;
import java.time.Duration;
import java.time.Instant;

/**
 * A user's request as the node signs it (DESIGN §1): the payload names the acting user and role,
 * the node's client key signs, and the idempotency key is scoped to the user ({@code
 * <user>:<key>}). The request is valid from {@link ApiLimits#USER_REQUEST_BACKDATE} before {@code
 * now} (clocks differ a little between nodes) for {@code validity}.
 */
public final class UserRequests {
  private UserRequests() {}

  /**
   * @throws IllegalArgumentException if a field does not fit a transaction body (the message says
   *     which)
   */
  public static Transaction sign(
      CryptoSuite suite,
      RequestSigner signer,
      String username,
      String role,
      String channel,
      String application,
      String type,
      Bytes content,
      String key,
      Instant now,
      Duration validity) {
    Bytes payload = new UserRequestPayload(username, role, content).encode();
    TxBody body =
        new TxBody(
            channel,
            application,
            type,
            payload,
            signer.submitterCertificateId(),
            username + ":" + key,
            now.minus(ApiLimits.USER_REQUEST_BACKDATE).toEpochMilli(),
            now.plus(validity).toEpochMilli());
    return Transaction.sign(suite, signer.signer(), body);
  }
}
