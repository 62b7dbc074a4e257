package io.entente.node.auth;

/** What an endpoint requires of the caller. */
public enum Permission {
  /** Status, blocks, proofs, the event stream. */
  READ,
  /** Submitting transactions and requests. */
  SUBMIT,
  /** Sending requests as an approver (the proposer and the approver of an action differ). */
  APPROVE,
  /** Managing other users' tokens. */
  MANAGE
}
