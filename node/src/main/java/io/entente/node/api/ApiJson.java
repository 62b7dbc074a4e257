package io.entente.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.BlockCertificate;
import io.entente.core.chain.BlockHeader;
import io.entente.core.chain.CertifiedBlock;
import io.entente.core.chain.InclusionProof;
import io.entente.core.chain.Seal;
import io.entente.core.chain.Transaction;
import io.entente.core.crypto.CryptoSuite;
import java.util.List;

/**
 * The JSON shapes of the API, one record each, named as in the OpenAPI document's schemas. Hashes
 * are lowercase hex; canonical encodings and opaque bytes are base64 (RFC 4648 with padding).
 */
final class ApiJson {
  private ApiJson() {}

  // Requests

  /** Exactly one of the two: a single pre-signed transaction, or a list. */
  record SubmitRequest(String transaction, List<String> transactions) {}

  /** A request the node signs for the authenticated user. */
  record UserRequest(
      String application,
      String type,
      JsonNode payload,
      String payloadBase64,
      String idempotencyKey,
      String actingAs,
      Long validitySeconds) {}

  record TokenRequest(String username, String password) {
    @Override
    public String toString() {
      return "TokenRequest[" + username + ", redacted]";
    }
  }

  // Responses

  record NodeStatusJson(
      String institution,
      String suite,
      boolean ready,
      List<String> notReadyReasons,
      List<ChannelStatusJson> channels) {}

  record ChannelHealthJson(
      String channel,
      long height,
      List<NodeHealthJson> nodes,
      List<RoundChangeJson> roundChanges,
      List<EvidenceJson> evidence) {
    static ChannelHealthJson of(ChannelHealth health) {
      return new ChannelHealthJson(
          health.channel(),
          health.height(),
          health.nodes().stream()
              .map(
                  n ->
                      new NodeHealthJson(
                          n.nodeId(),
                          n.institution(),
                          n.self(),
                          n.validator(),
                          n.connected(),
                          n.height().isPresent() ? n.height().getAsLong() : null,
                          n.lag(),
                          n.lastSeenMs().isPresent() ? n.lastSeenMs().getAsLong() : null))
              .toList(),
          health.roundChanges().stream()
              .map(c -> new RoundChangeJson(c.height(), c.round(), c.atMs()))
              .toList(),
          health.evidence().stream()
              .map(
                  e ->
                      new EvidenceJson(
                          e.validator(),
                          e.nodeId().orElse(null),
                          e.messageType(),
                          e.height(),
                          e.round()))
              .toList());
    }
  }

  record NodeHealthJson(
      String nodeId,
      String institution,
      boolean self,
      boolean validator,
      boolean connected,
      Long height,
      long lagBlocks,
      Long lastSeenMs) {}

  record RoundChangeJson(long height, int round, long atMs) {}

  record EvidenceJson(
      String validator, String nodeId, String messageType, long height, int round) {}

  record ChannelStatusJson(
      String channel,
      long height,
      Long lastBlockTimeMs,
      int round,
      int validators,
      int validatorsUp,
      int validatorsDown,
      int peersConnected,
      int mempoolTransactions,
      long mempoolBytes,
      long lagBlocks) {
    static ChannelStatusJson of(ChannelStatus status) {
      return new ChannelStatusJson(
          status.channel(),
          status.height(),
          status.lastBlockTimeMs().isPresent() ? status.lastBlockTimeMs().getAsLong() : null,
          status.round(),
          status.validators(),
          status.validatorsUp(),
          status.validatorsDown(),
          status.peersConnected(),
          status.mempoolTransactions(),
          status.mempoolBytes(),
          status.lagBlocks());
    }
  }

  /**
   * The outcome of one transaction. {@code status} is accepted, committed, conflict, rejected or
   * mempool-full; {@code duplicate} says the idempotency key and payload were seen before and the
   * status is the original's. A committed transaction carries its {@code receipt}: committed means
   * ordered and durable, and only a receipt with status accepted means the application did it.
   */
  record SubmitResultJson(
      String txId,
      String status,
      boolean duplicate,
      Long height,
      Integer index,
      ReceiptJson receipt,
      String originalTxId,
      String reason,
      String detail,
      Boolean commitWaitTimedOut) {

    static SubmitResultJson of(SubmitResult result) {
      String id = result.txId().toHex();
      if (result instanceof SubmitResult.Accepted) {
        return new SubmitResultJson(
            id, "accepted", false, null, null, null, null, null, null, null);
      } else if (result instanceof SubmitResult.Committed committed) {
        return new SubmitResultJson(
            id,
            "committed",
            false,
            committed.height(),
            committed.index(),
            ReceiptJson.of(committed.receipt()),
            null,
            null,
            null,
            null);
      } else if (result instanceof SubmitResult.Duplicate duplicate) {
        SubmitResultJson original = of(duplicate.original());
        return new SubmitResultJson(
            id,
            original.status,
            true,
            original.height,
            original.index,
            original.receipt,
            null,
            null,
            null,
            null);
      } else if (result instanceof SubmitResult.Conflict conflict) {
        return new SubmitResultJson(
            id,
            "conflict",
            false,
            null,
            null,
            null,
            conflict.originalTxId().toHex(),
            null,
            "idempotency key '" + conflict.idempotencyKey() + "' was used for another payload",
            null);
      } else if (result instanceof SubmitResult.Rejected rejected) {
        return new SubmitResultJson(
            id,
            "rejected",
            false,
            null,
            null,
            null,
            null,
            rejected.reason(),
            rejected.detail(),
            null);
      } else if (result instanceof SubmitResult.MempoolFull) {
        return new SubmitResultJson(
            id, "mempool-full", false, null, null, null, null, null, "the mempool is full", null);
      }
      throw new AssertionError("unknown submit result " + result);
    }

    SubmitResultJson timedOut() {
      return new SubmitResultJson(
          txId, status, duplicate, height, index, receipt, originalTxId, reason, detail, true);
    }
  }

  /**
   * What executing its block gave a committed transaction: {@code status} accepted or rejected (the
   * application refused it and it changed nothing), the stable {@code reason} code (absent when
   * empty), {@code detail}, and the application's result bytes in base64 (absent when empty).
   */
  record ReceiptJson(String status, String reason, String detail, String resultBase64) {
    static ReceiptJson of(io.entente.core.chain.Receipt receipt) {
      return new ReceiptJson(
          receipt.status() == io.entente.core.chain.Receipt.Status.ACCEPTED
              ? "accepted"
              : "rejected",
          receipt.code().isEmpty() ? null : receipt.code(),
          receipt.detail().isEmpty() ? null : receipt.detail(),
          receipt.result().length() == 0
              ? null
              : java.util.Base64.getEncoder().encodeToString(receipt.result().unsafeArray()));
    }
  }

  record SubmitResultsJson(List<SubmitResultJson> results) {}

  record BlockHeaderJson(
      String channel,
      long height,
      String parentHash,
      String proposer,
      int round,
      long timestampMs,
      int rulesVersion,
      String validatorSetHash,
      String txRoot,
      String prevReceiptRoot,
      String prevStateDigest) {
    static BlockHeaderJson of(BlockHeader header) {
      return new BlockHeaderJson(
          header.channel(),
          header.height(),
          header.parentHash().toHex(),
          header.proposer().toHex(),
          header.round(),
          header.timestampMs(),
          header.rulesVersion(),
          header.validatorSetHash().toHex(),
          header.txRoot().toHex(),
          header.prevReceiptRoot().toHex(),
          header.prevStateDigest().toHex());
    }
  }

  record SealJson(String validator, String signature) {}

  record CertificateJson(String blockHash, List<SealJson> seals) {
    static CertificateJson of(BlockCertificate certificate) {
      List<SealJson> seals = certificate.seals().stream().map(CertificateJson::seal).toList();
      return new CertificateJson(certificate.blockHash().toHex(), seals);
    }

    private static SealJson seal(Seal seal) {
      return new SealJson(seal.validator().toHex(), Json.base64(seal.signature().value()));
    }
  }

  /**
   * A certified block without its transactions' content: the header, the certificate, the ids of
   * the transactions, and the canonical encodings of header and certificate for offline checks.
   */
  record BlockJson(
      long height,
      String hash,
      BlockHeaderJson header,
      CertificateJson certificate,
      List<String> transactionIds,
      String headerEncoded,
      String certificateEncoded) {
    static BlockJson of(CryptoSuite suite, CertifiedBlock certified) {
      BlockHeader header = certified.block().header();
      List<String> ids =
          certified.block().transactions().stream()
              .map(transaction -> transaction.id(suite).toHex())
              .toList();
      return new BlockJson(
          header.height(),
          header.hash(suite).toHex(),
          BlockHeaderJson.of(header),
          CertificateJson.of(certified.certificate()),
          ids,
          Json.base64(BlockHeader.CODEC.encode(header)),
          Json.base64(BlockCertificate.CODEC.encode(certified.certificate())));
    }
  }

  record ProofJson(
      String txId,
      String kind,
      long height,
      int leafIndex,
      int leafCount,
      List<String> path,
      String proofEncoded) {
    static ProofJson of(Hash txId, InclusionProof proof) {
      return new ProofJson(
          txId.toHex(),
          proof.kind() == InclusionProof.Kind.TRANSACTION ? "transaction" : "receipt",
          proof.height(),
          proof.proof().leafIndex(),
          proof.proof().leafCount(),
          proof.proof().path().stream().map(Hash::toHex).toList(),
          Json.base64(InclusionProof.CODEC.encode(proof)));
    }
  }

  record ApplicationEventJson(
      long height, int txIndex, String application, String type, String data) {
    static ApplicationEventJson of(ApplicationEvent event) {
      return new ApplicationEventJson(
          event.height(),
          event.txIndex(),
          event.application(),
          event.type(),
          Json.base64(event.data()));
    }
  }

  record TokenJson(String token, String tokenType, String expiresAt, long expiresInSeconds) {
    @Override
    public String toString() {
      return "TokenJson[redacted, " + expiresAt + "]";
    }
  }

  record RevokedJson(int revoked) {}

  record HealthJson(String status, List<String> reasons) {}

  /** Encodes {@code transaction} for a log line or a test. */
  static String encoded(Transaction transaction) {
    return Json.base64(Transaction.CODEC.encode(transaction));
  }
}
