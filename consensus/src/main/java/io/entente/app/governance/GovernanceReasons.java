package io.entente.app.governance;

/**
 * The machine-readable reasons the governance application gives in rejections and receipts, in one
 * place (they are counted in metrics and matched by clients).
 */
public final class GovernanceReasons {
  private GovernanceReasons() {}

  // Admission: syntax and authorization
  public static final String WRONG_CHANNEL = "governance-wrong-channel";
  public static final String UNKNOWN_TYPE = "governance-unknown-type";
  public static final String MALFORMED = "governance-malformed";
  public static final String UNKNOWN_SUBMITTER = "governance-unknown-submitter";
  public static final String NOT_A_MEMBER = "governance-not-a-member";
  public static final String SUBMITTER_REVOKED = "governance-submitter-revoked";
  public static final String UNKNOWN_PROPOSAL = "governance-unknown-proposal";
  public static final String PROPOSAL_CLOSED = "governance-proposal-closed";
  public static final String NOT_ELIGIBLE = "governance-not-eligible-to-vote";
  public static final String NOT_OWN = "governance-not-own-institution";
  public static final String SAME_USER = "governance-vote-by-proposing-user";
  public static final String SET_NOT_APPROVED = "governance-set-change-not-approved";

  // Execution: votes
  public static final String VOTE_CHANGED = "governance-vote-changed";
  public static final String VOTE_REPEATED = "governance-vote-repeated";
  public static final String TOO_MANY_OPEN = "governance-too-many-open-proposals";
  public static final String NO_VOTERS = "governance-no-eligible-voters";

  // Execution: the state a change needs
  public static final String MEMBER_EXISTS = "governance-institution-known";
  public static final String UNKNOWN_MEMBER = "governance-unknown-member";
  public static final String LAST_MEMBER = "governance-last-member";
  public static final String TOO_MANY_MEMBERS = "governance-too-many-members";
  public static final String NODE_EXISTS = "governance-node-known";
  public static final String KEY_REGISTERED = "governance-key-registered";
  public static final String TOO_MANY_NODES = "governance-too-many-nodes";
  public static final String UNKNOWN_NODE = "governance-unknown-node";
  public static final String NODE_REMOVED = "governance-node-removed";
  public static final String NODE_IS_VALIDATOR = "governance-node-is-validator";
  public static final String NOT_AN_OBSERVER = "governance-node-not-an-observer";
  public static final String NOT_A_VALIDATOR = "governance-node-not-a-validator";
  public static final String UNKNOWN_CHANNEL = "governance-unknown-channel";
  public static final String CHANNEL_CLOSED = "governance-channel-closed";
  public static final String CHANNEL_EXISTS = "governance-channel-known";
  public static final String TOO_MANY_CHANNELS = "governance-too-many-channels";
  public static final String CHANNEL_MEMBERS = "governance-channel-members";
  public static final String SAME_CA = "governance-same-ca";

  /** An admission or CA rotation names a CA certificate or key another active member holds. */
  public static final String CA_HELD_BY_ANOTHER = "governance-ca-held-by-another-member";

  public static final String CLIENT_NOT_ISSUED = "governance-client-not-issued-by-ca";
  public static final String CLIENT_KNOWN = "governance-client-known";
  public static final String BAD_PARAMETER = "governance-bad-parameter";
  public static final String SET_PENDING = "governance-set-change-pending";

  // Execution: validator-set safety
  public static final String NOT_ONE_STEP = "governance-validator-change-not-one-step";
  public static final String NO_VALIDATORS = "governance-channel-without-validators";
  public static final String TOO_MANY_VALIDATORS = "governance-too-many-validators";
  public static final String INSTITUTION_QUORUM = "governance-institution-holds-quorum";
  public static final String NO_LIVE_QUORUM = "governance-channel-without-live-quorum";
}
