/**
 * The co-lending application: a deterministic state machine every validator of a bilateral channel
 * runs on the same blocks, so every bank computes the same postings, matches, breaks, positions and
 * statements (reference: the co-lending contract in the docs).
 */
package io.entente.app.colending;
