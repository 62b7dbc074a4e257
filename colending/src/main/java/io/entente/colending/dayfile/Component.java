package io.entente.colending.dayfile;

/** The money components of an event; each has its own split between lead and partner. */
public enum Component {
  PRINCIPAL,
  INTEREST,
  PENALTY,
  FEE
}
