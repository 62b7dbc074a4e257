package io.entente.app.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.app.governance.GovernanceState.ChannelRecord;
import io.entente.consensus.app.BlockResult;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.GovernanceDecision;
import io.entente.core.chain.Receipt;
import io.entente.core.chain.Transaction;
import io.entente.core.chain.ValidatorSet;
import io.entente.core.pki.Revocation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random runs of proposals, votes and time: two validators executing the same blocks get the same
 * receipts, events, write sets and state digests, decisions are numbered 1, 2, 3, … and no
 * institution ever holds a quorum of a channel that governance changed.
 */
class DeterminismProperties {
  private static final String[] NODES = {"a1", "a2", "b1", "b2", "c1", "c2", "d1"};
  private static final String[] CHANNELS = {"governance", "a--b--c", "a--b"};

  /** One block's worth of action: what, by which bank, on which node, proposal, channel. */
  record Step(int action, int bank, int node, int proposal, int channel, boolean yes) {}

  @Provide
  Arbitrary<List<Step>> runs() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.frequency(
                    Tuple.of(2, 0),
                    Tuple.of(2, 1),
                    Tuple.of(2, 2),
                    Tuple.of(3, 3),
                    Tuple.of(1, 4),
                    Tuple.of(1, 5),
                    Tuple.of(7, 6)),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, NODES.length - 1),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, CHANNELS.length - 1),
                Arbitraries.of(true, true, true, false))
            .as(Step::new);
    // Every run opens with a revocation that three banks approve, so each run decides something.
    List<Step> opening = List.of(new Step(3, 0, 0, 1, 0, true), new Step(6, 1, 0, 1, 0, true));
    return step.list()
        .ofMinSize(1)
        .ofMaxSize(40)
        .map(
            steps -> {
              List<Step> run = new ArrayList<>(opening);
              run.addAll(steps);
              return run;
            });
  }

  private static GovernanceFixture fixture() {
    return new GovernanceFixture(new int[] {1, 1, 1, 1}, "a--b--c", "a--b");
  }

  private static List<Transaction> transactions(GovernanceFixture chain, Step step, int number) {
    String bank = chain.banks.get(step.bank());
    String node = NODES[step.node()];
    String channel = CHANNELS[step.channel()];
    return switch (step.action()) {
      case 0 ->
          List.of(
              chain.propose(
                  "bank-" + node.charAt(0),
                  new Change.RegisterNode(
                      GovernanceFixture.node(node, "bank-" + node.charAt(0), 500 + number))));
      case 1 -> List.of(chain.propose(bank, new Change.PromoteNode(node, channel)));
      case 2 -> List.of(chain.propose(bank, new Change.DemoteNode(node, channel)));
      case 3 ->
          List.of(
              chain.propose(
                  bank,
                  new Change.RevokeCertificate(
                      new Revocation("CN=" + bank, BigInteger.valueOf(step.proposal())))));
      case 4 -> List.of(chain.propose(bank, new Change.RemoveNode(node)));
      case 5 -> List.of();
      // Three banks vote in one block: the first as drawn, the other two yes.
      default ->
          List.of(
              chain.vote(bank, step.proposal(), step.yes()),
              chain.vote(chain.banks.get((step.bank() + 1) % 4), step.proposal(), true),
              chain.vote(chain.banks.get((step.bank() + 2) % 4), step.proposal(), true));
    };
  }

  private static Run execute(List<Step> run) {
    GovernanceFixture chain = fixture();
    List<BlockResult> results = new ArrayList<>();
    int number = 0;
    for (Step step : run) {
      number++;
      // Step 5 lets a day of block time pass, so proposals also expire.
      long gapMs = step.action() == 5 ? 86_400_000L * 3 : 1_000;
      results.add(chain.run(chain.timeMs + gapMs, transactions(chain, step, number)));
      for (String name : CHANNELS) {
        ChannelRecord channel = chain.channel(name);
        ValidatorSet set =
            SetSafety.set(new Store(chain.state, GovernanceFixture.SUITE_ID), channel.validators());
        if (!name.equals("a--b")) { // a--b starts 1 + 1 and may never change; the others start safe
          for (String institution : set.institutions()) {
            assertThat(
                    set.validators().stream()
                        .filter(v -> v.institution().equals(institution))
                        .count())
                .isLessThan(set.quorum());
          }
        }
      }
    }
    return new Run(results, chain.state.digest());
  }

  /** What one validator computed: every block's result and the final state digest. */
  record Run(List<BlockResult> results, Hash digest) {}

  @Property(tries = 25)
  void theSameBlocksGiveTheSameResultsAndDecisionsCountUpByOne(@ForAll("runs") List<Step> run) {
    Run first = execute(run);
    Run second = execute(run);
    assertThat(second.results()).isEqualTo(first.results());
    assertThat(second.digest()).isEqualTo(first.digest());

    long expected = 1;
    for (BlockResult result : first.results()) {
      for (BlockResult.Event event : result.events()) {
        Receipt receipt = result.receipts().get(event.index());
        GovernanceDecision decision = GovernanceDecision.CODEC.decode(receipt.result());
        assertThat(decision.sequence()).isEqualTo(expected++);
        assertThat(event.data()).isEqualTo(receipt.result());
      }
    }
    assertThat(expected).as("the opening revocation is always decided").isGreaterThan(1);
  }
}
