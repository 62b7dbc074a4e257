package io.entente.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.consensus.shell.ShellEnvironment;
import io.entente.core.bytes.Bytes;
import io.entente.core.chain.TestKeys;
import io.entente.core.check.Check;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks spread over the helpers give the outcomes one thread would give, in the order asked,
 * whatever the batch's size against the chunk size.
 */
class SignatureWorkersTest {
  private static final CryptoSuite SUITE = CryptoSuite.of(SuiteId.STANDARD);

  @Test
  void outcomesAreThoseOfOneThreadInTheirOrder() {
    Signer signer = TestKeys.signer(SuiteId.STANDARD, 1);
    Signer other = TestKeys.signer(SuiteId.STANDARD, 2);
    try (SignatureWorkers workers = SignatureWorkers.start("test")) {
      for (int size : new int[] {0, 1, RuntimeLimits.SIGNATURE_CHUNK_CHECKS + 1, 101}) {
        List<ShellEnvironment.SignatureCheck> checks = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          Bytes message = Bytes.of(new byte[] {(byte) i, (byte) (i >> 8)});
          // Every third is signed by another key than the one it is checked with.
          Signer by = i % 3 == 0 ? other : signer;
          checks.add(
              new ShellEnvironment.SignatureCheck(signer.publicKey(), message, by.sign(message)));
        }
        List<Check> sequential = new ArrayList<>();
        for (ShellEnvironment.SignatureCheck check : checks) {
          sequential.add(SUITE.verify(check.key(), check.message(), check.signature()));
        }

        List<Check> spread = workers.verify(SUITE, checks);

        assertThat(spread).isEqualTo(sequential);
        assertThat(spread.stream().filter(Check::isAccepted).count())
            .isEqualTo(size - (size + 2) / 3);
      }
    }
  }
}
