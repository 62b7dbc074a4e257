package io.entente.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.app.governance.GovernanceApplication;
import io.entente.app.governance.GovernanceRequests;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.Transaction;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.Pem;
import io.entente.node.api.RequestSigner;
import io.entente.node.api.UserRequests;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.Layout;
import io.entente.node.keys.KeyFiles;
import io.entente.node.keys.PasswordSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * Governance transactions an institution signs itself with the admin client key of its folder
 * ({@code entente org new}), for a bank admitted by vote whose own nodes do not run yet: the
 * governance state registered that client certificate with its admission, so any member's node
 * admits what it signs.
 */
final class SignedRequests {
  private SignedRequests() {}

  /** How long a signed request stays valid. */
  static final Duration VALIDITY = Duration.ofMinutes(10);

  /** The transaction, base64 of its canonical encoding, signed by the folder's admin key. */
  static String sign(Path folder, SuiteId suite, String type, Bytes content) throws IOException {
    Path admin = folder.resolve(Layout.ADMIN_DIR);
    RequestSigner signer =
        RequestSigner.of(
            Pem.decode(Files.readString(admin.resolve(Layout.CLIENT_CERTIFICATE))),
            KeyFiles.loadSigner(
                admin.resolve(Layout.CLIENT_KEY),
                suite,
                PasswordSource.file(admin.resolve(Layout.PASSWORD_FILE))));
    Transaction transaction =
        UserRequests.sign(
            CryptoSuite.of(suite),
            signer,
            "admin",
            "admin",
            ConsortiumSpec.GOVERNANCE_CHANNEL,
            GovernanceApplication.NAME,
            type,
            content,
            UUID.randomUUID().toString(),
            Instant.now(),
            VALIDITY);
    return Base64.getEncoder().encodeToString(Transaction.CODEC.encode(transaction).toByteArray());
  }

  /** What the node answered for a signed governance transaction, as the other commands print. */
  static void printOutcome(PrintWriter out, JsonNode answer) throws IOException {
    out.printf("transaction %s: %s", answer.path("txId").asText(), answer.path("status").asText());
    if (answer.hasNonNull("height")) {
      out.printf(" at height %d", answer.get("height").asLong());
    }
    out.println();
    JsonNode receipt = answer.path("receipt");
    if (receipt.path("status").asText().equals("rejected")) {
      throw new IOException(
          "refused at execution: "
              + receipt.path("reason").asText()
              + " "
              + receipt.path("detail").asText());
    }
    if (receipt.hasNonNull("resultBase64")) {
      GovernanceRequests.Outcome outcome =
          GovernanceRequests.decodeOutcome(
              Bytes.of(Base64.getDecoder().decode(receipt.get("resultBase64").asText())));
      out.printf(
          "proposal %d: %s%n",
          outcome.proposalId(), outcome.status().name().toLowerCase(Locale.ROOT));
    }
  }
}
