package io.entente.app.colending;

/** The direction of a settlement batch relative to the partner's reserve. Append only. */
public enum Direction {
  NONE,
  IN,
  OUT
}
