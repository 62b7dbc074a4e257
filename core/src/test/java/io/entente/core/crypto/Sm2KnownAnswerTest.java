package io.entente.core.crypto;

import static io.entente.core.crypto.CryptoTesting.ascii;
import static io.entente.core.crypto.CryptoTesting.compressed;
import static io.entente.core.crypto.CryptoTesting.fixedNonce;
import static io.entente.core.crypto.CryptoTesting.hex;
import static io.entente.core.crypto.CryptoTesting.outcome;
import static io.entente.core.crypto.CryptoTesting.signature;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The guomi suite's SM2 against the worked signature example of GM/T 0003.5-2012 (republished as
 * GB/T 32918.5-2017) Annex A: the recommended curve sm2p256v1, SM3, and the default user id
 * "1234567812345678" — exactly the parameters the guomi suite uses.
 */
class Sm2KnownAnswerTest {
  private static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.GUOMI);

  // GM/T 0003.5-2012 Annex A: private key d_A, public key P_A = (x_A, y_A), message M, nonce k,
  // Z_A, e = SM3(Z_A ‖ M) and the signature (r, s).
  private static final BigInteger D =
      hex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
  private static final BigInteger XA =
      hex("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020");
  private static final BigInteger YA =
      hex("CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13");
  private static final Bytes MESSAGE = ascii("message digest");
  private static final BigInteger K =
      hex("59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21");
  private static final Bytes Z_A =
      Bytes.fromHex("B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3");
  private static final Bytes E =
      Bytes.fromHex("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640");
  private static final BigInteger R =
      hex("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3");
  private static final BigInteger S =
      hex("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA");

  private static final PrivateKey KEY = PrivateKey.of(SuiteId.GUOMI, D);
  private static final PublicKey PUBLIC_KEY = compressed(SuiteId.GUOMI, XA, YA);

  @Test
  void theDefaultUserIdIsTheStandards() {
    assertThat(new String(GuomiSuite.DEFAULT_USER_ID, StandardCharsets.US_ASCII))
        .isEqualTo("1234567812345678");
  }

  @Test
  void thePrivateKeyHasTheExamplesPublicKey() {
    assertThat(KEY.publicKey()).isEqualTo(PUBLIC_KEY);
  }

  @Test
  void userHashAndMessageDigestAreTheExamples() {
    assertThat(Bytes.of(GuomiSuite.userHash(PUBLIC_KEY))).isEqualTo(Z_A);
    assertThat(Bytes.of(GuomiSuite.messageDigest(PUBLIC_KEY, MESSAGE))).isEqualTo(E);
  }

  @Test
  void thePublishedSignatureVerifies() {
    assertThat(outcome(SUITE.verify(PUBLIC_KEY, MESSAGE, signature(R, S)))).isEqualTo("accepted");
  }

  @Test
  void thePublishedSignatureDoesNotVerifyAnotherMessageOrAnAlteredSignature() {
    assertThat(outcome(SUITE.verify(PUBLIC_KEY, ascii("message digesT"), signature(R, S))))
        .isEqualTo("signature-invalid");
    assertThat(outcome(SUITE.verify(PUBLIC_KEY, MESSAGE, signature(R, S.add(BigInteger.ONE)))))
        .isEqualTo("signature-invalid");
    assertThat(outcome(SUITE.verify(PUBLIC_KEY, MESSAGE, signature(R.add(BigInteger.ONE), S))))
        .isEqualTo("signature-invalid");
  }

  @Test
  void signingWithTheExamplesNonceReproducesItsSignature() {
    Signature ours = GuomiSuite.sign(KEY, MESSAGE, fixedNonce(K));
    assertThat(Signatures.r(ours)).isEqualTo(R);
    assertThat(Signatures.s(ours)).isEqualTo(S);
  }

  @Test
  void deterministicSigningUsesAnotherNonceButStillVerifies() {
    Signature ours = SUITE.sign(KEY, MESSAGE);
    assertThat(ours).isNotEqualTo(signature(R, S));
    assertThat(outcome(SUITE.verify(PUBLIC_KEY, MESSAGE, ours))).isEqualTo("accepted");
  }
}
