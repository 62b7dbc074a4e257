package io.entente.node.keys;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.X509Algorithms;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Private keys at rest: PKCS#8 encrypted with a password (PBES2: PBKDF2-HMAC-SHA256 and
 * AES-256-CBC) in a PEM {@code ENCRYPTED PRIVATE KEY} block, as OpenSSL writes them. The key's
 * AlgorithmIdentifier is id-ecPublicKey with the suite's curve (secp256r1 or sm2p256v1).
 *
 * <p>The BouncyCastle provider is passed as an instance, never registered globally.
 */
public final class KeyFiles {
  /** PBKDF2-HMAC-SHA256 iterations for new key files (OWASP's 2023 figure for this PRF). */
  public static final int PBKDF2_ITERATIONS = 600_000;

  /** Key files asking for more iterations are refused: a crafted file could stall start-up. */
  public static final int PBKDF2_ITERATIONS_MAX = 10_000_000;

  /**
   * The fewest iterations a key file may be written or read with. Below {@link #PBKDF2_ITERATIONS}
   * only for tests and demos on one machine ({@code entente init --insecure-key-iterations}); fewer
   * than this is not a work factor at all, and a file asking for it is refused as nonsense.
   */
  public static final int PBKDF2_ITERATIONS_MIN = 1_000;

  /** An encrypted key file as PEM text is a few hundred bytes; anything this large is not one. */
  public static final int KEY_FILE_BYTES_MAX = 16_384;

  /** A password file holds one line. */
  public static final int PASSWORD_FILE_BYTES_MAX = 4_096;

  private static final String ENCRYPTED_TYPE = "ENCRYPTED PRIVATE KEY";
  private static final int EC_ORDER_BITS = 256;
  private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  private KeyFiles() {}

  /**
   * Writes {@code key} encrypted under {@code password} to a new file readable and writable by its
   * owner only (where the file system has POSIX permissions).
   *
   * @throws KeyFileException if the file exists (a key is never overwritten) or cannot be written
   */
  public static void write(Path file, PrivateKey key, char[] password, SecureRandom random) {
    write(file, key, password, random, PBKDF2_ITERATIONS);
  }

  /**
   * As {@link #write(Path, PrivateKey, char[], SecureRandom)} with {@code iterations} PBKDF2
   * iterations instead of {@link #PBKDF2_ITERATIONS}: fewer make the file cheaper to write and read
   * and its password cheaper to guess, so only tests and demos lower it.
   *
   * @throws IllegalArgumentException if {@code iterations} is not {@link #PBKDF2_ITERATIONS_MIN} to
   *     {@link #PBKDF2_ITERATIONS_MAX}
   */
  public static void write(
      Path file, PrivateKey key, char[] password, SecureRandom random, int iterations) {
    requireIterations(iterations);
    byte[] pem = encrypt(key, password, random, iterations).getBytes(StandardCharsets.US_ASCII);
    createOwnerOnly(file, pem);
  }

  /**
   * Refuses an iteration count outside {@link #PBKDF2_ITERATIONS_MIN} to {@link
   * #PBKDF2_ITERATIONS_MAX}.
   *
   * @throws IllegalArgumentException saying the allowed range
   */
  public static void requireIterations(int iterations) {
    if (iterations < PBKDF2_ITERATIONS_MIN || iterations > PBKDF2_ITERATIONS_MAX) {
      throw new IllegalArgumentException(
          "key file PBKDF2 iterations must be "
              + PBKDF2_ITERATIONS_MIN
              + " to "
              + PBKDF2_ITERATIONS_MAX
              + ", got "
              + iterations);
    }
  }

  /** The PEM text of {@code key} encrypted under {@code password}. */
  static String encrypt(PrivateKey key, char[] password, SecureRandom random, int iterations) {
    requireIterations(iterations);
    if (password.length == 0) {
      throw new KeyFileException("refusing to encrypt a key file with an empty password");
    }
    try {
      PemObject block =
          new PKCS8Generator(
                  privateKeyInfo(key),
                  new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                      .setProvider(BOUNCY_CASTLE)
                      .setPRF(PKCS8Generator.PRF_HMACSHA256)
                      .setIterationCount(iterations)
                      .setRandom(random)
                      .setPassword(password)
                      .build())
              .generate();
      return toPem(block);
    } catch (OperatorCreationException | IOException e) {
      throw new KeyFileException("cannot encrypt a private key: " + e.getMessage(), e);
    }
  }

  private static PrivateKeyInfo privateKeyInfo(PrivateKey key) throws IOException {
    PublicKey publicKey = key.publicKey();
    ECPrivateKey inner =
        new ECPrivateKey(
            EC_ORDER_BITS,
            key.scalar(),
            new DERBitString(X509Algorithms.uncompressedPoint(publicKey)),
            null);
    return new PrivateKeyInfo(X509Algorithms.keyAlgorithm(key.suite()), inner);
  }

  private static String toPem(PemObject block) {
    String base64 = Base64.getEncoder().encodeToString(block.getContent());
    StringBuilder out = new StringBuilder("-----BEGIN " + block.getType() + "-----\n");
    for (int i = 0; i < base64.length(); i += 64) {
      out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
    }
    return out.append("-----END ").append(block.getType()).append("-----\n").toString();
  }

  private static void createOwnerOnly(Path file, byte[] content) {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(ownerOnly)}
            : new FileAttribute<?>[0];
    try (FileChannel channel =
        FileChannel.open(
            file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new KeyFileException(
          "key file " + file + " already exists; refusing to overwrite a private key", e);
    } catch (IOException e) {
      throw new KeyFileException(
          "cannot write key file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads and decrypts a key file.
   *
   * @throws KeyFileException naming the file: missing, too large, not an encrypted PKCS#8 PEM
   *     block, an unsupported scheme, a wrong password or damaged content, or not a key of a suite
   */
  public static PrivateKey read(Path file, char[] password) {
    return decrypt(readText(file), password, "key file " + file);
  }

  /**
   * Reads a key file with the password from {@code password} and returns a signer for it, after
   * checking the key belongs to the consortium's {@code suite}.
   */
  public static Signer loadSigner(Path file, SuiteId suite, PasswordSource password) {
    char[] secret = password.password();
    PrivateKey key;
    try {
      key = read(file, secret);
    } finally {
      Arrays.fill(secret, '\0');
    }
    if (key.suite() != suite) {
      throw new KeyFileException(
          "key file "
              + file
              + " holds a "
              + key.suite().label()
              + " key, but the consortium's suite is "
              + suite.label());
    }
    return CryptoSuite.of(suite).signer(key);
  }

  private static String readText(Path file) {
    try {
      long size = Files.size(file);
      if (size > KEY_FILE_BYTES_MAX) {
        throw new KeyFileException(
            "key file " + file + " is " + size + " bytes; an encrypted key is far smaller");
      }
      return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new KeyFileException("key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new KeyFileException(
          "cannot read key file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** Decrypts PEM text; {@code source} names where it came from in messages. */
  static PrivateKey decrypt(String pem, char[] password, String source) {
    PKCS8EncryptedPrivateKeyInfo encrypted = encryptedBlock(pem, source);
    requireSupportedScheme(encrypted.getEncryptionAlgorithm(), source);
    PrivateKeyInfo info;
    try {
      info =
          encrypted.decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder()
                  .setProvider(BOUNCY_CASTLE)
                  .build(password));
    } catch (PKCSException | OperatorCreationException | RuntimeException e) {
      throw new KeyFileException(
          "cannot decrypt " + source + ": wrong password, or the file is damaged", e);
    }
    return toPrivateKey(info, source);
  }

  private static PKCS8EncryptedPrivateKeyInfo encryptedBlock(String pem, String source) {
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      PemObject block = reader.readPemObject();
      if (block == null) {
        throw new KeyFileException(source + " holds no PEM block");
      }
      if (!ENCRYPTED_TYPE.equals(block.getType())) {
        throw new KeyFileException(
            source
                + " holds a PEM '"
                + block.getType()
                + "' block; Entente needs a password-encrypted PKCS#8 key ('"
                + ENCRYPTED_TYPE
                + "')");
      }
      return new PKCS8EncryptedPrivateKeyInfo(block.getContent());
    } catch (IOException | RuntimeException e) {
      if (e instanceof KeyFileException keyFileError) {
        throw keyFileError;
      }
      throw new KeyFileException(source + " is damaged: not a readable PEM key block", e);
    }
  }

  private static void requireSupportedScheme(AlgorithmIdentifier scheme, String source) {
    if (!PKCSObjectIdentifiers.id_PBES2.equals(scheme.getAlgorithm())) {
      throw new KeyFileException(
          source
              + " is encrypted with "
              + scheme.getAlgorithm().getId()
              + "; Entente reads PBES2 (PBKDF2 with AES) only: re-encrypt the key");
    }
    BigInteger iterations;
    try {
      PBES2Parameters parameters = PBES2Parameters.getInstance(scheme.getParameters());
      iterations =
          PBKDF2Params.getInstance(parameters.getKeyDerivationFunc().getParameters())
              .getIterationCount();
    } catch (RuntimeException e) {
      throw new KeyFileException(source + " is damaged: unreadable PBES2 parameters", e);
    }
    if (iterations.compareTo(BigInteger.valueOf(PBKDF2_ITERATIONS_MAX)) > 0) {
      throw new KeyFileException(
          source
              + " asks for "
              + iterations
              + " PBKDF2 iterations, more than "
              + PBKDF2_ITERATIONS_MAX);
    }
    if (iterations.compareTo(BigInteger.valueOf(PBKDF2_ITERATIONS_MIN)) < 0) {
      throw new KeyFileException(
          source
              + " is encrypted with "
              + iterations
              + " PBKDF2 iterations, fewer than "
              + PBKDF2_ITERATIONS_MIN
              + ": re-encrypt the key with a real work factor");
    }
  }

  private static PrivateKey toPrivateKey(PrivateKeyInfo info, String source) {
    AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
    Optional<SuiteId> suite =
        X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                && algorithm.getParameters() instanceof ASN1ObjectIdentifier curve
            ? X509Algorithms.suiteOfCurve(curve)
            : Optional.empty();
    if (suite.isEmpty()) {
      throw new KeyFileException(
          source
              + " holds a key that is neither P-256 nor SM2 ("
              + algorithm.getAlgorithm().getId()
              + ")");
    }
    try {
      ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
      PrivateKey key = PrivateKey.of(suite.get(), inner.getKey());
      if (inner.getPublicKey() != null
          && !Arrays.equals(
              inner.getPublicKey().getOctets(),
              X509Algorithms.uncompressedPoint(key.publicKey()))) {
        throw new KeyFileException(
            source + " is damaged: its public key does not match its private key");
      }
      return key;
    } catch (IOException | IllegalArgumentException e) {
      throw new KeyFileException(source + " is damaged: not a valid EC private key", e);
    }
  }
}
