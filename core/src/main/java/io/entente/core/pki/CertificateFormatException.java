package io.entente.core.pki;

/** Input that is not one well-formed X.509 certificate within our limits; the message says why. */
public final class CertificateFormatException extends IllegalArgumentException {
  public CertificateFormatException(String message) {
    super(message);
  }

  public CertificateFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
