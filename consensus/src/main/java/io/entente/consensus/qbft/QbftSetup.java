package io.entente.consensus.qbft;

import io.entente.consensus.ConsensusConfig;
import io.entente.core.chain.Genesis;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.Signer;
import java.util.Objects;

/** What a validator's consensus is made of: its channel, timing, key and rules. */
public record QbftSetup(Genesis genesis, ConsensusConfig config, Signer signer, Rules rules) {
  public QbftSetup {
    Objects.requireNonNull(genesis, "genesis");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(rules, "rules");
    if (signer.suite() != genesis.suite()) {
      throw new IllegalArgumentException("the signer's suite is not the channel's");
    }
  }

  public static QbftSetup of(Genesis genesis, Signer signer) {
    return new QbftSetup(genesis, ConsensusConfig.DEFAULT, signer, Rules.CORRECT);
  }

  public CryptoSuite suite() {
    return CryptoSuite.of(genesis.suite());
  }
}
