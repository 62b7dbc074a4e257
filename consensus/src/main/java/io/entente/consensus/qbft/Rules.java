package io.entente.consensus.qbft;

import io.entente.consensus.message.RoundChangePayload;
import io.entente.consensus.message.SignedRoundChange;
import io.entente.core.chain.ValidatorSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol rules that the simulator's kept broken variants replace, each in one small place.
 * Production uses only {@link #CORRECT}. The constructor and the rule methods are package-private:
 * only tests in this package can make a variant, and the simulator gets them from the test-jar.
 */
public class Rules {
  public static final Rules CORRECT = new Rules();

  Rules() {}

  /** A name for reports ("correct" or the broken variant's). */
  public String name() {
    return "correct";
  }

  /** ⌈2n/3⌉: two quorums share an honest validator. */
  int quorum(ValidatorSet validators) {
    return validators.quorum();
  }

  /** A ROUND-CHANGE for {@code round} may carry only a strictly lower prepared round. */
  boolean preparedRoundAcceptable(int preparedRound, int round) {
    return preparedRound < round;
  }

  /**
   * The round changes whose prepared round is the highest among {@code roundChanges} (all of them
   * if several share it); empty when none is prepared.
   */
  List<SignedRoundChange> selectHighestPrepared(List<SignedRoundChange> roundChanges) {
    int highest = -1;
    for (SignedRoundChange roundChange : roundChanges) {
      highest = Math.max(highest, preparedRound(roundChange));
    }
    return withPreparedRound(roundChanges, highest);
  }

  /** Whether the prepared state is durable before the COMMIT is multicast. */
  boolean persistBeforeCommit() {
    return true;
  }

  /** Whether ROUND-CHANGEs from f + 1 validators for higher rounds move this validator up. */
  boolean roundSkipEnabled() {
    return true;
  }

  static int preparedRound(SignedRoundChange roundChange) {
    return roundChange.payload().prepared().map(RoundChangePayload.Prepared::round).orElse(-1);
  }

  static List<SignedRoundChange> withPreparedRound(
      List<SignedRoundChange> roundChanges, int preparedRound) {
    List<SignedRoundChange> chosen = new ArrayList<>();
    if (preparedRound < 0) {
      return chosen;
    }
    for (SignedRoundChange roundChange : roundChanges) {
      if (preparedRound(roundChange) == preparedRound) {
        chosen.add(roundChange);
      }
    }
    return chosen;
  }
}
