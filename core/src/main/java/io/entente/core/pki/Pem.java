package io.entente.core.pki;

import io.entente.core.CoreLimits;
import io.entente.core.bytes.Bytes;
import java.io.IOException;
import java.io.StringReader;
import java.util.Base64;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Certificates as PEM text. Output is fixed (64-character Base64 lines, {@code \n} line ends) so
 * the same certificate always gives the same text; input may use {@code \r\n} and surrounding text,
 * as files written by other tools do.
 */
public final class Pem {
  private static final String CERTIFICATE_TYPE = "CERTIFICATE";
  private static final int LINE_CHARS = 64;

  private Pem() {}

  public static String encode(Certificate certificate) {
    String base64 = Base64.getEncoder().encodeToString(certificate.der().unsafeArray());
    StringBuilder out = new StringBuilder("-----BEGIN " + CERTIFICATE_TYPE + "-----\n");
    for (int i = 0; i < base64.length(); i += LINE_CHARS) {
      out.append(base64, i, Math.min(base64.length(), i + LINE_CHARS)).append('\n');
    }
    return out.append("-----END " + CERTIFICATE_TYPE + "-----\n").toString();
  }

  /**
   * Parses text holding exactly one PEM {@code CERTIFICATE} block.
   *
   * @throws CertificateFormatException saying what is wrong: too long, no block, another block
   *     type, bad Base64, more than one block, or a bad certificate inside
   */
  public static Certificate decode(String pem) {
    if (pem.length() > CoreLimits.CERTIFICATE_PEM_CHARS_MAX) {
      throw new CertificateFormatException(
          "PEM text is "
              + pem.length()
              + " characters, more than the limit of "
              + CoreLimits.CERTIFICATE_PEM_CHARS_MAX);
    }
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      PemObject block = reader.readPemObject();
      if (block == null) {
        throw new CertificateFormatException("no PEM block found");
      }
      if (!CERTIFICATE_TYPE.equals(block.getType())) {
        throw new CertificateFormatException(
            "expected a PEM " + CERTIFICATE_TYPE + " block, found " + Names.quote(block.getType()));
      }
      if (reader.readPemObject() != null) {
        throw new CertificateFormatException("expected one PEM block, found more");
      }
      return Certificate.parse(Bytes.wrapUnsafe(block.getContent()));
    } catch (IOException | RuntimeException e) {
      if (e instanceof CertificateFormatException formatError) {
        throw formatError;
      }
      throw new CertificateFormatException("malformed PEM: " + e.getMessage(), e);
    }
  }
}
