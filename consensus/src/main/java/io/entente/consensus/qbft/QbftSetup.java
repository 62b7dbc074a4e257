package io.entente.consensus.qbft;

import io.entente.consensus.ConsensusConfig;
import io.entente.core.chain.Genesis;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import java.util.Objects;

/**
 * What a validator's consensus is made of: its channel, timing, key, rules and crypto suite. The
 * suite is usually the genesis's own ({@link CryptoSuite#of}); the simulator passes one of the same
 * id whose signatures are cheap keyed hashes, so whole channels run fast under simulation.
 */
public record QbftSetup(
    Genesis genesis, ConsensusConfig config, Signer signer, Rules rules, CryptoSuite suite) {
  public QbftSetup {
    Objects.requireNonNull(genesis, "genesis");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(suite, "suite");
    if (signer.suite() != genesis.suite()) {
      throw new IllegalArgumentException("the signer's suite is not the channel's");
    }
    if (suite.id() != genesis.suite()) {
      throw new IllegalArgumentException("the crypto suite is not the channel's");
    }
  }

  /** The channel's own suite, as every production node uses. */
  public QbftSetup(Genesis genesis, ConsensusConfig config, Signer signer, Rules rules) {
    this(genesis, config, signer, rules, CryptoSuite.of(genesis.suite()));
  }

  public static QbftSetup of(Genesis genesis, Signer signer) {
    return new QbftSetup(genesis, ConsensusConfig.DEFAULT, signer, Rules.CORRECT);
  }
}
