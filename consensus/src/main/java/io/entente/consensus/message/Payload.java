package io.entente.consensus.message;

import io.entente.core.bytes.Bytes;

/**
 * What a validator signs: one of the four QBFT payloads. Each payload type has its own codec tag,
 * so the encoded payload, which is the signed message, can never pass for any other signed type.
 */
public sealed interface Payload
    permits ProposalPayload, PreparePayload, CommitPayload, RoundChangePayload {
  String channel();

  long height();

  int round();

  MessageType type();

  /** The canonical encoding: the bytes the author signs. */
  Bytes encode();
}
