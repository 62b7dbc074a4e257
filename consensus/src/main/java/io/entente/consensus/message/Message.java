package io.entente.consensus.message;

import io.entente.core.bytes.Hash;

/** A QBFT message as it travels between validators. */
public sealed interface Message extends DurableRecord
    permits Proposal, Prepare, Commit, RoundChange {
  /** The signed payload at the heart of the message. */
  SignedMessage signed();

  default Hash author() {
    return signed().author();
  }

  default String channel() {
    return signed().payload().channel();
  }

  @Override
  default long height() {
    return signed().payload().height();
  }

  default int round() {
    return signed().payload().round();
  }

  default MessageType type() {
    return signed().payload().type();
  }
}
