package io.entente.node.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.KeyPair;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import io.entente.core.pki.X509Algorithms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyFilesTest {
  /** Tests use few PBKDF2 iterations to stay fast; one test runs the production count. */
  private static final int FAST_ITERATIONS = 1_000;

  private static final String PASSWORD = "correct horse battery staple";
  private static final Bytes MESSAGE = Bytes.of("seal".getBytes(StandardCharsets.UTF_8));

  private final SecureRandom random = new SecureRandom();

  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aWrittenKeyLoadsAsASignerOfTheSameKey(SuiteId suite) {
    KeyPair keys = CryptoSuite.of(suite).generateKeyPair(random);
    Path file = directory.resolve("node.key.pem");
    KeyFiles.write(file, keys.privateKey(), PASSWORD.toCharArray(), random, FAST_ITERATIONS);

    Signer signer =
        KeyFiles.loadSigner(file, suite, PasswordSource.environment("KEY_PASSWORD", env()));

    assertThat(signer.suite()).isEqualTo(suite);
    assertThat(signer.publicKey()).isEqualTo(keys.publicKey());
    assertThat(
            CryptoSuite.of(suite)
                .verify(keys.publicKey(), MESSAGE, signer.sign(MESSAGE))
                .isAccepted())
        .isTrue();
    assertThat(KeyFiles.read(file, PASSWORD.toCharArray())).isEqualTo(keys.privateKey());
  }

  @Test
  void theProductionIterationCountRoundTrips() {
    KeyPair keys = CryptoSuite.of(SuiteId.STANDARD).generateKeyPair(random);
    Path file = directory.resolve("node.key.pem");
    KeyFiles.write(file, keys.privateKey(), PASSWORD.toCharArray(), random);

    assertThat(iterations(file)).isEqualTo(KeyFiles.PBKDF2_ITERATIONS);
    assertThat(KeyFiles.read(file, PASSWORD.toCharArray())).isEqualTo(keys.privateKey());
  }

  @Test
  void iterationCountsOutsideTheBoundsAreRefusedOnWriteAndOnRead() throws Exception {
    KeyPair keys = CryptoSuite.of(SuiteId.STANDARD).generateKeyPair(random);
    for (int iterations :
        new int[] {KeyFiles.PBKDF2_ITERATIONS_MIN - 1, KeyFiles.PBKDF2_ITERATIONS_MAX + 1}) {
      Path file = directory.resolve("refused-" + iterations + ".pem");
      assertThatThrownBy(
              () ->
                  KeyFiles.write(
                      file, keys.privateKey(), PASSWORD.toCharArray(), random, iterations))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be 1000 to 10000000, got " + iterations);
      assertThat(file).doesNotExist();
    }

    // A file from elsewhere (OpenSSL, a crafted one) with too few iterations is refused on read.
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
    generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    PrivateKeyInfo info =
        PrivateKeyInfo.getInstance(generator.generateKeyPair().getPrivate().getEncoded());
    org.bouncycastle.util.io.pem.PemObject block =
        new PKCS8Generator(
                info,
                new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                        PKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider())
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(KeyFiles.PBKDF2_ITERATIONS_MIN - 1)
                    .setRandom(random)
                    .setPassword(PASSWORD.toCharArray())
                    .build())
            .generate();
    java.io.StringWriter pem = new java.io.StringWriter();
    try (org.bouncycastle.util.io.pem.PemWriter writer =
        new org.bouncycastle.util.io.pem.PemWriter(pem)) {
      writer.writeObject(block);
    }
    Path weak = Files.writeString(directory.resolve("weak.pem"), pem.toString());
    assertThatThrownBy(() -> KeyFiles.read(weak, PASSWORD.toCharArray()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(weak.toString())
        .hasMessageContaining("999 PBKDF2 iterations, fewer than 1000");
  }

  @Test
  void theFewestIterationsAllowedRoundTrip() {
    KeyPair keys = CryptoSuite.of(SuiteId.GUOMI).generateKeyPair(random);
    Path file = directory.resolve("fast.pem");
    KeyFiles.write(
        file, keys.privateKey(), PASSWORD.toCharArray(), random, KeyFiles.PBKDF2_ITERATIONS_MIN);

    assertThat(iterations(file)).isEqualTo(KeyFiles.PBKDF2_ITERATIONS_MIN);
    assertThat(KeyFiles.read(file, PASSWORD.toCharArray())).isEqualTo(keys.privateKey());
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void theFileIsPbes2WithAes256AndHmacSha256AndTheKeyIsAnEcKeyOnTheSuiteCurve(SuiteId suite)
      throws Exception {
    KeyPair keys = CryptoSuite.of(suite).generateKeyPair(random);
    Path file = directory.resolve("key.pem");
    KeyFiles.write(file, keys.privateKey(), PASSWORD.toCharArray(), random, FAST_ITERATIONS);
    PKCS8EncryptedPrivateKeyInfo encrypted = encryptedInfo(file);

    assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    assertThat(encrypted.getEncryptionAlgorithm().getAlgorithm())
        .isEqualTo(PKCSObjectIdentifiers.id_PBES2);
    PBES2Parameters scheme =
        PBES2Parameters.getInstance(encrypted.getEncryptionAlgorithm().getParameters());
    assertThat(scheme.getEncryptionScheme().getAlgorithm()).isEqualTo(PKCS8Generator.AES_256_CBC);
    PBKDF2Params kdf = PBKDF2Params.getInstance(scheme.getKeyDerivationFunc().getParameters());
    assertThat(kdf.getPrf()).isEqualTo(PKCS8Generator.PRF_HMACSHA256);

    BouncyCastleProvider provider = new BouncyCastleProvider();
    PrivateKeyInfo info =
        encrypted.decryptPrivateKeyInfo(
            new JceOpenSSLPKCS8DecryptorProviderBuilder()
                .setProvider(provider)
                .build(PASSWORD.toCharArray()));
    assertThat(info.getPrivateKeyAlgorithm().getAlgorithm())
        .isEqualTo(X9ObjectIdentifiers.id_ecPublicKey);
    assertThat(info.getPrivateKeyAlgorithm().getParameters())
        .isEqualTo(X509Algorithms.curveOid(suite));
    ECPrivateKey jca =
        (ECPrivateKey)
            KeyFactory.getInstance("EC", provider)
                .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    assertThat(jca.getS()).isEqualTo(keys.privateKey().scalar());
  }

  @Test
  void theJdkReadsTheDecryptedStandardKey() throws Exception {
    KeyPair keys = CryptoSuite.of(SuiteId.STANDARD).generateKeyPair(random);
    Path file = directory.resolve("key.pem");
    KeyFiles.write(file, keys.privateKey(), PASSWORD.toCharArray(), random, FAST_ITERATIONS);
    PrivateKeyInfo info =
        encryptedInfo(file)
            .decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(new BouncyCastleProvider())
                    .build(PASSWORD.toCharArray()));

    ECPrivateKey jdk =
        (ECPrivateKey)
            KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));

    assertThat(jdk.getS()).isEqualTo(keys.privateKey().scalar());
  }

  @Test
  void keyFilesAreOwnerOnlyAndNeverOverwritten() throws Exception {
    KeyPair keys = CryptoSuite.of(SuiteId.GUOMI).generateKeyPair(random);
    Path file = directory.resolve("key.pem");
    KeyFiles.write(file, keys.privateKey(), PASSWORD.toCharArray(), random, FAST_ITERATIONS);

    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    String before = Files.readString(file);
    assertThatThrownBy(
            () ->
                KeyFiles.write(
                    file, keys.privateKey(), "other".toCharArray(), random, FAST_ITERATIONS))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("already exists");
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(SuiteId.class)
  void aWrongPasswordNamesTheFileButNotThePassword(SuiteId suite) {
    Path file = writeKey(suite);
    String wrong = "Tr0ub4dor&3";

    assertThatThrownBy(() -> KeyFiles.read(file, wrong.toCharArray()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("wrong password")
        .message()
        .doesNotContain(wrong)
        .doesNotContain(PASSWORD);
  }

  @Test
  void aMissingPasswordVariableIsNamed() {
    Path file = writeKey(SuiteId.STANDARD);

    assertThatThrownBy(
            () ->
                KeyFiles.loadSigner(
                    file,
                    SuiteId.STANDARD,
                    PasswordSource.environment("ENTENTE_NODE_KEY_PASSWORD", name -> null)))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("ENTENTE_NODE_KEY_PASSWORD")
        .hasMessageContaining("not set");
  }

  @Test
  void aCorruptedFileIsRefusedClearly() throws Exception {
    Path file = writeKey(SuiteId.GUOMI);
    String pem = Files.readString(file);
    Path flipped = directory.resolve("flipped.pem");
    Files.writeString(flipped, flipBase64Char(pem, pem.length() / 2));
    Path truncated = directory.resolve("truncated.pem");
    Files.writeString(truncated, pem.substring(0, pem.length() / 2));
    Path garbage = directory.resolve("garbage.pem");
    Files.writeString(garbage, "not a key\n");

    assertThatThrownBy(() -> KeyFiles.read(flipped, PASSWORD.toCharArray()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(flipped.toString())
        .hasMessageMatching(".*(damaged|wrong password).*");
    assertThatThrownBy(() -> KeyFiles.read(truncated, PASSWORD.toCharArray()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(truncated.toString())
        .hasMessageContaining("damaged");
    assertThatThrownBy(() -> KeyFiles.read(garbage, PASSWORD.toCharArray()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("no PEM block");
    assertThatThrownBy(() -> KeyFiles.read(directory.resolve("absent.pem"), new char[] {'x'}))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("absent.pem")
        .hasMessageContaining("does not exist");
  }

  @Test
  void unencryptedKeysAndKeysOfTheOtherSuiteAreRefused() throws Exception {
    Path plain = directory.resolve("plain.pem");
    Files.writeString(plain, "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n");
    Path guomi = writeKey(SuiteId.GUOMI);

    assertThatThrownBy(() -> KeyFiles.read(plain, PASSWORD.toCharArray()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("password-encrypted PKCS#8");
    assertThatThrownBy(
            () ->
                KeyFiles.loadSigner(
                    guomi, SuiteId.STANDARD, PasswordSource.environment("P", env())))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("holds a guomi key")
        .hasMessageContaining("suite is standard");
  }

  private Path writeKey(SuiteId suite) {
    Path file = directory.resolve(suite.label() + ".key.pem");
    KeyFiles.write(
        file,
        CryptoSuite.of(suite).generateKeyPair(random).privateKey(),
        PASSWORD.toCharArray(),
        random,
        FAST_ITERATIONS);
    return file;
  }

  private static java.util.function.Function<String, String> env() {
    return name -> Map.of("KEY_PASSWORD", PASSWORD, "P", PASSWORD).get(name);
  }

  private static PKCS8EncryptedPrivateKeyInfo encryptedInfo(Path file) throws Exception {
    String body =
        Files.readString(file)
            .lines()
            .filter(line -> !line.startsWith("-----"))
            .reduce("", String::concat);
    return new PKCS8EncryptedPrivateKeyInfo(Base64.getDecoder().decode(body));
  }

  private static int iterations(Path file) {
    try {
      PBES2Parameters scheme =
          PBES2Parameters.getInstance(encryptedInfo(file).getEncryptionAlgorithm().getParameters());
      return PBKDF2Params.getInstance(scheme.getKeyDerivationFunc().getParameters())
          .getIterationCount()
          .intValueExact();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Replaces the Base64 character at or after {@code index} with a different one. */
  private static String flipBase64Char(String pem, int index) {
    int at = index;
    while (!Character.isLetterOrDigit(pem.charAt(at))) {
      at++;
    }
    char replacement = pem.charAt(at) == 'A' ? 'B' : 'A';
    return pem.substring(0, at) + replacement + pem.substring(at + 1);
  }
}
