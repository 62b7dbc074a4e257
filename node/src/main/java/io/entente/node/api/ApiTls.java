package io.entente.node.api;

import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.X509Algorithms;
import io.entente.node.keys.KeyFiles;
import io.entente.node.keys.PasswordSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The API's TLS context: the JDK's own JSSE (SunJSSE) with a P-256 server key and its certificate
 * chain. The API uses P-256 in both crypto suites, because browsers and ordinary HTTP clients do
 * not speak SM2 TLS (DESIGN §2); JSSE serves P-256 certificates with TLS 1.3 and 1.2.
 */
public final class ApiTls {
  /** A certificate chain file holds a few PEM certificates; anything this large is not one. */
  public static final int CERTIFICATE_FILE_BYTES_MAX = 64 * 1024;

  /** Certificates in the chain (leaf first). */
  public static final int CHAIN_CERTIFICATES_MAX = 8;

  private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

  private ApiTls() {}

  /**
   * Reads the server key (a password-encrypted PKCS#8 file, as {@link KeyFiles} writes) and the PEM
   * certificate chain (leaf first) and builds the context.
   *
   * @throws IllegalArgumentException naming the file and the problem
   */
  public static SSLContext fromFiles(Path keyFile, PasswordSource password, Path chainFile) {
    char[] secret = password.password();
    PrivateKey key;
    try {
      key = KeyFiles.read(keyFile, secret);
    } finally {
      Arrays.fill(secret, '\0');
    }
    return context(key, readChain(chainFile));
  }

  static List<X509Certificate> readChain(Path chainFile) {
    try {
      long size = Files.size(chainFile);
      if (size > CERTIFICATE_FILE_BYTES_MAX) {
        throw new IllegalArgumentException(
            "certificate file "
                + chainFile
                + " is "
                + size
                + " bytes, over "
                + CERTIFICATE_FILE_BYTES_MAX);
      }
      try (InputStream in = Files.newInputStream(chainFile)) {
        List<X509Certificate> chain = new ArrayList<>();
        for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          chain.add((X509Certificate) certificate);
        }
        if (chain.isEmpty() || chain.size() > CHAIN_CERTIFICATES_MAX) {
          throw new IllegalArgumentException(
              "certificate file "
                  + chainFile
                  + " must hold 1 to "
                  + CHAIN_CERTIFICATES_MAX
                  + " certificates");
        }
        return chain;
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read certificate file " + chainFile + ": " + e.getMessage(), e);
    }
  }

  /** A TLS context serving {@code chain} (leaf first) with the P-256 {@code key}. */
  public static SSLContext context(PrivateKey key, List<X509Certificate> chain) {
    if (key.suite() != SuiteId.STANDARD) {
      throw new IllegalArgumentException(
          "the API needs a P-256 key (browsers do not speak SM2 TLS), got a "
              + key.suite().label()
              + " key");
    }
    if (chain.isEmpty() || !matches(chain.get(0), key.publicKey())) {
      throw new IllegalArgumentException("the first certificate of the chain is not for this key");
    }
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      java.security.PrivateKey jcaKey =
          KeyFactory.getInstance("EC")
              .generatePrivate(
                  new ECPrivateKeySpec(
                      key.scalar(), parameters.getParameterSpec(ECParameterSpec.class)));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("api", jcaKey, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX", "SunJSSE");
      keyManagers.init(store, IN_MEMORY_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
      context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the API's TLS context: " + e.getMessage(), e);
    }
  }

  private static boolean matches(X509Certificate certificate, PublicKey key) {
    if (!(certificate.getPublicKey() instanceof ECPublicKey ec)) {
      return false;
    }
    byte[] expected = X509Algorithms.uncompressedPoint(key);
    byte[] x = unsigned32(ec.getW().getAffineX().toByteArray());
    byte[] y = unsigned32(ec.getW().getAffineY().toByteArray());
    byte[] actual = new byte[65];
    actual[0] = 4;
    System.arraycopy(x, 0, actual, 1, 32);
    System.arraycopy(y, 0, actual, 33, 32);
    return Arrays.equals(expected, actual);
  }

  private static byte[] unsigned32(byte[] bigEndian) {
    byte[] out = new byte[32];
    int length = Math.min(32, bigEndian.length);
    System.arraycopy(bigEndian, bigEndian.length - length, out, 32 - length, length);
    return out;
  }
}
