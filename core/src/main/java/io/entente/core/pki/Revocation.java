package io.entente.core.pki;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import io.entente.core.codec.CodecException;
import io.entente.core.codec.Reader;
import io.entente.core.codec.Writer;
import java.math.BigInteger;

/**
 * A revoked certificate, named by its issuer (RFC 4514 style name) and serial number. Issuer names
 * are compared as X.509 names (RFC 5280 §7.1), not as text.
 */
public record Revocation(String issuer, BigInteger serial) {
  public Revocation {
    Names.parse(issuer);
    if (serial == null || serial.signum() <= 0) {
      throw new IllegalArgumentException("a revoked serial number is positive");
    }
  }

  /** The revocation of {@code certificate}. */
  public static Revocation of(Certificate certificate) {
    return new Revocation(certificate.issuer(), certificate.serial());
  }

  /**
   * Writes the issuer, then the serial as its unsigned big-endian magnitude without leading zeros.
   */
  public static void write(Writer writer, Revocation revocation) {
    writer.string(revocation.issuer(), CoreLimits.TEXT_BYTES_MAX);
    byte[] signed = revocation.serial().toByteArray();
    int skip = signed[0] == 0 ? 1 : 0;
    writer.bytes(
        Bytes.of(signed, skip, signed.length - skip), CoreLimits.CERTIFICATE_SERIAL_BYTES_MAX);
  }

  /**
   * Reads what {@link #write} wrote, refusing a serial with a leading zero byte (non-canonical).
   */
  public static Revocation read(Reader reader) {
    String issuer = reader.string(CoreLimits.TEXT_BYTES_MAX, "revocation issuer");
    Bytes magnitude = reader.bytes(CoreLimits.CERTIFICATE_SERIAL_BYTES_MAX, "revoked serial");
    if (magnitude.length() == 0 || magnitude.get(0) == 0) {
      throw new CodecException(
          CodecException.INVALID_VALUE, "a revoked serial is positive, without leading zeros");
    }
    return new Revocation(issuer, new BigInteger(1, magnitude.toByteArray()));
  }
}
