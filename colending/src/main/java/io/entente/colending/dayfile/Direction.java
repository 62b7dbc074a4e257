package io.entente.colending.dayfile;

/** Which way a net settlement moves cash, seen from the partner's reserve. */
public enum Direction {
  IN,
  OUT
}
