package io.entente.consensus.qbft;

import io.entente.consensus.message.SignedRoundChange;
import io.entente.core.chain.ValidatorSet;
import java.util.List;

/**
 * Kept broken variants of {@link Rules}, each breaking one rule the way implementations in the
 * field did. The simulator (from this module's test-jar) must catch every one of them; production
 * never sees them.
 */
public final class BrokenRules {
  private BrokenRules() {}

  /** Quorum f + 1 instead of ⌈2n/3⌉: two quorums need not share an honest validator. */
  public static Rules quorumFPlusOne() {
    return new Rules() {
      @Override
      public String name() {
        return "quorum-f-plus-one";
      }

      @Override
      int quorum(ValidatorSet validators) {
        return validators.maxFaulty() + 1;
      }
    };
  }

  /** A ROUND-CHANGE may name a prepared round equal to its round (sigp/anchor#600). */
  public static Rules preparedRoundNotStrict() {
    return new Rules() {
      @Override
      public String name() {
        return "prepared-round-not-strict";
      }

      @Override
      boolean preparedRoundAcceptable(int preparedRound, int round) {
        return preparedRound <= round;
      }
    };
  }

  /** The lowest prepared round is re-proposed instead of the highest (sigp/anchor#599). */
  public static Rules lowestPrepared() {
    return new Rules() {
      @Override
      public String name() {
        return "lowest-prepared";
      }

      @Override
      List<SignedRoundChange> selectHighestPrepared(List<SignedRoundChange> roundChanges) {
        int lowest = Integer.MAX_VALUE;
        for (SignedRoundChange roundChange : roundChanges) {
          int prepared = preparedRound(roundChange);
          if (prepared >= 0) {
            lowest = Math.min(lowest, prepared);
          }
        }
        return withPreparedRound(roundChanges, lowest == Integer.MAX_VALUE ? -1 : lowest);
      }
    };
  }

  /** COMMIT leaves before the prepared state is durable: a crash forgets what was prepared. */
  public static Rules commitBeforePersist() {
    return new Rules() {
      @Override
      public String name() {
        return "commit-before-persist";
      }

      @Override
      boolean persistBeforeCommit() {
        return false;
      }
    };
  }

  /** No f + 1 round skip (Besu's default): recovery waits for every timer to run out. */
  public static Rules noRoundSkip() {
    return new Rules() {
      @Override
      public String name() {
        return "no-round-skip";
      }

      @Override
      boolean roundSkipEnabled() {
        return false;
      }
    };
  }

  public static List<Rules> all() {
    return List.of(
        quorumFPlusOne(),
        preparedRoundNotStrict(),
        lowestPrepared(),
        commitBeforePersist(),
        noRoundSkip());
  }
}
