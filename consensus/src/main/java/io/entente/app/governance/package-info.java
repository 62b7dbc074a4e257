/**
 * The governance application: the deterministic state machine every validator of the governance
 * channel runs, so every node agrees on the members, their nodes and node roles per channel, the
 * revocations, the channel definitions, the parameters, and the numbered decisions that other
 * channels import. See {@code docs/governance.md}.
 */
package io.entente.app.governance;
