package io.entente.core.crypto;

import static io.entente.core.crypto.CryptoTesting.ascii;
import static io.entente.core.crypto.CryptoTesting.compressed;
import static io.entente.core.crypto.CryptoTesting.hex;
import static io.entente.core.crypto.CryptoTesting.outcome;
import static io.entente.core.crypto.CryptoTesting.signature;
import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import java.math.BigInteger;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The standard suite's ECDSA P-256 / SHA-256 against RFC 6979 and NIST CAVP examples. */
class P256KnownAnswerTest {
  private static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);
  private static final BigInteger N = CryptoTesting.order(SuiteId.STANDARD);
  private static final BigInteger HALF_N = N.shiftRight(1);

  // RFC 6979 Appendix A.2.5 (ECDSA, 256 bits, prime field = NIST P-256): private key x and
  // public key U = xG.
  private static final BigInteger RFC6979_X =
      hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
  private static final BigInteger RFC6979_UX =
      hex("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6");
  private static final BigInteger RFC6979_UY =
      hex("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
  private static final PrivateKey RFC6979_KEY = PrivateKey.of(SuiteId.STANDARD, RFC6979_X);

  /** A signature of RFC 6979 A.2.5 with SHA-256, exactly as the RFC prints it. */
  record Rfc6979Signature(String message, BigInteger r, BigInteger s) {
    @Override
    public String toString() {
      return message;
    }
  }

  static Stream<Rfc6979Signature> rfc6979Signatures() {
    return Stream.of(
        // RFC 6979 A.2.5, "With SHA-256, message = 'sample'". Its s is in the upper half.
        new Rfc6979Signature(
            "sample",
            hex("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"),
            hex("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8")),
        // RFC 6979 A.2.5, "With SHA-256, message = 'test'". Its s is in the lower half.
        new Rfc6979Signature(
            "test",
            hex("F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367"),
            hex("019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083")));
  }

  @Test
  void theRfc6979PrivateKeyHasTheRfcsPublicKey() {
    assertThat(RFC6979_KEY.publicKey())
        .isEqualTo(compressed(SuiteId.STANDARD, RFC6979_UX, RFC6979_UY));
  }

  @Test
  void theRfc6979VectorsCoverBothHalvesOfS() {
    // So that the low-S normalisation below is exercised once and skipped once.
    assertThat(rfc6979Signatures().map(v -> v.s().compareTo(HALF_N) > 0))
        .containsExactly(true, false);
  }

  /**
   * Our nonce is RFC 6979's (HMAC-SHA-256 over key and digest), so r is the RFC's. We then
   * normalise to low-S: (r, s) and (r, n − s) are both valid ECDSA signatures of one message, and
   * accepting only the lower s gives every message exactly one signature per key. So our s is the
   * RFC's s when that is at most n/2, and n − s otherwise.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc6979Signatures")
  void signingReproducesRfc6979UpToLowS(Rfc6979Signature v) {
    Signature ours = SUITE.sign(RFC6979_KEY, ascii(v.message()));

    BigInteger expectedS = v.s().compareTo(HALF_N) > 0 ? N.subtract(v.s()) : v.s();
    assertThat(Signatures.r(ours)).isEqualTo(v.r());
    assertThat(Signatures.s(ours)).isEqualTo(expectedS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc6979Signatures")
  void verificationAcceptsTheRfcSignatureInLowSForm(Rfc6979Signature v) {
    PublicKey key = compressed(SuiteId.STANDARD, RFC6979_UX, RFC6979_UY);
    BigInteger low = StandardSuite.lowS(v.s());

    assertThat(outcome(SUITE.verify(key, ascii(v.message()), signature(v.r(), low))))
        .isEqualTo("accepted");
    String other = v.message().equals("sample") ? "test" : "sample";
    assertThat(outcome(SUITE.verify(key, ascii(other), signature(v.r(), low))))
        .isEqualTo("signature-invalid");
  }

  @Test
  void theRfcsHighSSignatureIsRejectedAlthoughPlainEcdsaAcceptsIt() {
    Rfc6979Signature sample = rfc6979Signatures().findFirst().orElseThrow();
    PublicKey key = RFC6979_KEY.publicKey();

    assertThat(plainEcdsaAccepts(key, ascii("sample"), sample.r(), sample.s())).isTrue();
    assertThat(outcome(SUITE.verify(key, ascii("sample"), signature(sample.r(), sample.s()))))
        .isEqualTo("signature-high-s");
  }

  @Test
  void theHighSTwinOfOurSignatureIsRejected() {
    Bytes message = ascii("test");
    Signature ours = SUITE.sign(RFC6979_KEY, message);
    BigInteger r = Signatures.r(ours);
    BigInteger twinS = N.subtract(Signatures.s(ours));
    PublicKey key = RFC6979_KEY.publicKey();

    // Plain ECDSA cannot tell the twin from the original: that is the malleability low-S removes.
    assertThat(plainEcdsaAccepts(key, message, r, twinS)).isTrue();
    assertThat(outcome(SUITE.verify(key, message, ours))).isEqualTo("accepted");
    assertThat(outcome(SUITE.verify(key, message, signature(r, twinS))))
        .isEqualTo("signature-high-s");
  }

  @Test
  void theLowSBoundaryIsHalfTheOrderRoundedDown() {
    assertThat(StandardSuite.lowS(HALF_N)).isEqualTo(HALF_N);
    assertThat(StandardSuite.lowS(HALF_N.add(BigInteger.ONE))).isEqualTo(HALF_N);
    assertThat(StandardSuite.lowS(N.subtract(BigInteger.ONE))).isEqualTo(BigInteger.ONE);
    // (r, n/2 + 1) is range-valid but high: rejected before the curve arithmetic is even tried.
    PublicKey key = RFC6979_KEY.publicKey();
    assertThat(
            outcome(
                SUITE.verify(
                    key, ascii("x"), signature(BigInteger.ONE, HALF_N.add(BigInteger.ONE)))))
        .isEqualTo("signature-high-s");
    assertThat(outcome(SUITE.verify(key, ascii("x"), signature(BigInteger.ONE, HALF_N))))
        .isEqualTo("signature-invalid");
  }

  /**
   * A verification case of NIST CAVP's FIPS 186-4 ECDSA test file SigVer.rsp, section
   * [P-256,SHA-256]: message, public key (Qx, Qy), r, s and the expected result (P pass, F fail).
   */
  record SigVerCase(
      String label, String message, String qx, String qy, String r, String s, boolean passes) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<SigVerCase> cavpSigVer() {
    return Stream.of(
        new SigVerCase(
            "valid, low s",
            "e1130af6a38ccb412a9c8d13e15dbfc9e69a16385af3c3f1e5da954fd5e7c45f"
                + "d75e2b8c36699228e92840c0562fbf3772f07e17f1add56588dd45f7450e1217"
                + "ad239922dd9c32695dc71ff2424ca0dec1321aa47064a044b7fe3c2b97d03ce4"
                + "70a592304c5ef21eed9f93da56bb232d1eeb0035f9bf0dfafdcc4606272b20a3",
            "e424dc61d4bb3cb7ef4344a7f8957a0c5134e16f7a67c074f82e6e12f49abf3c",
            "970eed7aa2bc48651545949de1dddaf0127e5965ac85d1243d6f60e7dfaee927",
            "bf96b99aa49c705c910be33142017c642ff540c76349b9dab72f981fd9347f4f",
            "17c55095819089c2e03b9cd415abdf12444e323075d98f31920b9e0f57ec871c",
            true),
        new SigVerCase(
            "valid, high s",
            "73c5f6a67456ae48209b5f85d1e7de7758bf235300c6ae2bdceb1dcb27a7730f"
                + "b68c950b7fcada0ecc4661d3578230f225a875e69aaa17f1e71c6be5c831f226"
                + "63bac63d0c7a9635edb0043ff8c6f26470f02a7bc56556f1437f06dfa27b487a"
                + "6c4290d8bad38d4879b334e341ba092dde4e4ae694a9c09302e2dbf443581c08",
            "e0fc6a6f50e1c57475673ee54e3a57f9a49f3328e743bf52f335e3eeaa3d2864",
            "7f59d689c91e463607d9194d99faf316e25432870816dde63f5d4b373f12f22a",
            "1d75830cd36f4c9aa181b2c4221e87f176b7f05b7c87824e82e396c88315c407",
            "cb2acb01dac96efc53a32d4a0d85d0c2e48955214783ecf50a4f0414a319c05a",
            true),
        new SigVerCase(
            "valid, low s (last of the section)",
            "60cd64b2cd2be6c33859b94875120361a24085f3765cb8b2bf11e026fa9d8855"
                + "dbe435acf7882e84f3c7857f96e2baab4d9afe4588e4a82e17a78827bfdb5ddb"
                + "d1c211fbc2e6d884cddd7cb9d90d5bf4a7311b83f352508033812c776a0e00c0"
                + "03c7e0d628e50736c7512df0acfa9f2320bd102229f46495ae6d0857cc452a84",
            "2d98ea01f754d34bbc3003df5050200abf445ec728556d7ed7d5c54c55552b6d",
            "9b52672742d637a32add056dfd6d8792f2a33c2e69dafabea09b960bc61e230a",
            "06108e525f845d0155bf60193222b3219c98e3d49424c2fb2a0987f825c17959",
            "62b5cdd591e5b507e560167ba8f6f7cda74673eb315680cb89ccbc4eec477dce",
            true),
        new SigVerCase(
            "invalid: message changed",
            "1669bfb657fdc62c3ddd63269787fc1c969f1850fb04c933dda063ef74a56ce1"
                + "3e3a649700820f0061efabf849a85d474326c8a541d99830eea8131eaea584f2"
                + "2d88c353965dabcdc4bf6b55949fd529507dfb803ab6b480cd73ca0ba00ca19c"
                + "438849e2cea262a1c57d8f81cd257fb58e19dec7904da97d8386e87b84948169",
            "69b7667056e1e11d6caf6e45643f8b21e7a4bebda463c7fdbc13bc98efbd0214",
            "d3f9b12eb46c7c6fda0da3fc85bc1fd831557f9abc902a3be3cb3e8be7d1aa2f",
            "288f7a1cd391842cce21f00e6f15471c04dc182fe4b14d92dc18910879799790",
            "247b3c4e89a3bcadfea73c7bfd361def43715fa382b8c3edf4ae15d6e55e9979",
            false),
        new SigVerCase(
            "invalid: s changed",
            "3fe60dd9ad6caccf5a6f583b3ae65953563446c4510b70da115ffaa0ba04c076"
                + "115c7043ab8733403cd69c7d14c212c655c07b43a7c71b9a4cffe22c2684788e"
                + "c6870dc2013f269172c822256f9e7cc674791bf2d8486c0f5684283e1649576e"
                + "fc982ede17c7b74b214754d70402fb4bb45ad086cf2cf76b3d63f7fce39ac970",
            "bf02cbcf6d8cc26e91766d8af0b164fc5968535e84c158eb3bc4e2d79c3cc682",
            "069ba6cb06b49d60812066afa16ecf7b51352f2c03bd93ec220822b1f3dfba03",
            "f5acb06c59c2b4927fb852faa07faf4b1852bbb5d06840935e849c4d293d1bad",
            "049dab79c89cc02f1484c437f523e080a75f134917fda752f2d5ca397addfe5d",
            false));
  }

  /**
   * CAVP does not require low S, so a passing case with a high s must be rejected by us as
   * non-canonical, and accepted once s is replaced by n − s. The failing cases were picked with a
   * low s, so they reach the curve arithmetic and fail there.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cavpSigVer")
  void cavpSigVerCasesGiveTheExpectedResult(SigVerCase v) {
    PublicKey key = compressed(SuiteId.STANDARD, hex(v.qx()), hex(v.qy()));
    Bytes message = Bytes.fromHex(v.message());
    BigInteger r = hex(v.r());
    BigInteger s = hex(v.s());
    boolean highS = s.compareTo(HALF_N) > 0;

    assertThat(plainEcdsaAccepts(key, message, r, s)).isEqualTo(v.passes());
    if (!v.passes()) {
      assertThat(highS).as("failing cases are chosen with a low s").isFalse();
      assertThat(outcome(SUITE.verify(key, message, signature(r, s))))
          .isEqualTo("signature-invalid");
      return;
    }
    assertThat(outcome(SUITE.verify(key, message, signature(r, StandardSuite.lowS(s)))))
        .isEqualTo("accepted");
    if (highS) {
      assertThat(outcome(SUITE.verify(key, message, signature(r, s))))
          .isEqualTo("signature-high-s");
    }
  }

  /** ECDSA verification without the low-S rule (BouncyCastle's signer used directly). */
  private static boolean plainEcdsaAccepts(
      PublicKey key, Bytes message, BigInteger r, BigInteger s) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(message.unsafeArray(), 0, message.length());
    byte[] hash = new byte[32];
    digest.doFinal(hash, 0);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, Curves.toParameters(key));
    return verifier.verifySignature(hash, r, s);
  }
}
