package io.entente.simulation.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PublicKey;
import io.entente.core.crypto.Signature;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator's fast signatures keep the property the Byzantine nemeses rely on: a node can sign
 * only for its own key, and anything else — another node's key, a changed message or signature, a
 * key the harness never issued — is rejected.
 */
class SimulatedSuiteTest {
  private static final Bytes MESSAGE = Bytes.of("PREPARE h7 r0".getBytes(StandardCharsets.UTF_8));

  @Test
  void aNodeSignsOnlyForItsOwnKey() {
    SimulatedSuite suite = new SimulatedSuite();
    SplittableRandom random = new SplittableRandom(7);
    Signer honest = suite.newSigner(random);
    Signer byzantine = suite.newSigner(random);

    Signature own = honest.sign(MESSAGE);
    assertThat(suite.verify(honest.publicKey(), MESSAGE, own)).isEqualTo(Check.accepted());

    // The Byzantine node signs with its own secret but claims the honest node's key.
    Signature forged = byzantine.sign(MESSAGE);
    assertRejected(
        suite.verify(honest.publicKey(), MESSAGE, forged), SimulatedSuite.SIGNATURE_INVALID);
  }

  @Test
  void alteredMessagesSignaturesAndUnknownKeysAreRejected() {
    SimulatedSuite suite = new SimulatedSuite();
    Signer signer = suite.newSigner(new SplittableRandom(11));
    Signature signature = signer.sign(MESSAGE);

    Bytes altered = Bytes.of("PREPARE h7 r1".getBytes(StandardCharsets.UTF_8));
    assertRejected(
        suite.verify(signer.publicKey(), altered, signature), SimulatedSuite.SIGNATURE_INVALID);

    byte[] flipped = signature.value().toByteArray();
    flipped[63] ^= 1;
    assertRejected(
        suite.verify(signer.publicKey(), MESSAGE, new Signature(Bytes.wrapUnsafe(flipped))),
        SimulatedSuite.SIGNATURE_INVALID);

    byte[] unknown = signer.publicKey().encoded().toByteArray();
    unknown[32] ^= 1;
    assertRejected(
        suite.verify(
            new PublicKey(SuiteId.STANDARD, Bytes.wrapUnsafe(unknown)), MESSAGE, signature),
        SimulatedSuite.KEY_UNKNOWN);
  }

  @Test
  void keysReplayFromTheSeedAndHashesAreRealSha256() {
    PublicKey first = new SimulatedSuite().newSigner(new SplittableRandom(3)).publicKey();
    PublicKey again = new SimulatedSuite().newSigner(new SplittableRandom(3)).publicKey();
    assertThat(again).isEqualTo(first);
    assertThat(new SimulatedSuite().hash(MESSAGE))
        .isEqualTo(CryptoSuite.of(SuiteId.STANDARD).hash(MESSAGE));
  }

  private static void assertRejected(Check check, String reason) {
    assertThat(check)
        .isInstanceOfSatisfying(
            Check.Rejected.class, rejected -> assertThat(rejected.reason()).isEqualTo(reason));
  }
}
