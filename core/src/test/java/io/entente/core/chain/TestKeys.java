package io.entente.core.chain;

import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.PrivateKey;
import io.entente.core.crypto.Signer;
import io.entente.core.crypto.SuiteId;
import java.math.BigInteger;

/** Real, deterministic signing keys for tests: the private scalar is a small fixed number. */
public final class TestKeys {
  private TestKeys() {}

  public static Signer signer(SuiteId suite, int number) {
    return CryptoSuite.of(suite)
        .signer(PrivateKey.of(suite, BigInteger.valueOf(1_000_003L * (number + 1))));
  }

  public static Validator validator(Signer signer, String institution) {
    return new Validator(institution, signer.publicKey());
  }
}
