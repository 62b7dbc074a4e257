package io.entente.simulation.toy;

import io.entente.core.check.Check;
import io.entente.simulation.world.FaultPlan;
import io.entente.simulation.world.NemesisPlan;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.RandomNemesis;
import io.entente.simulation.world.RunResult;
import io.entente.simulation.world.Scenario;
import io.entente.simulation.world.World;
import java.util.List;
import java.util.random.RandomGenerator;

/** Whole runs of the toys under a drawn fault plan and a random nemesis, then a liveness phase. */
public final class ToyScenarios {
  private ToyScenarios() {}

  public static final NodeId PINGER = NodeId.of("pinger");
  public static final NodeId PONGER = NodeId.of("ponger");
  public static final NodeId CLIENT = NodeId.of("client");
  public static final List<NodeId> REPLICAS =
      List.of(NodeId.of("replica-1"), NodeId.of("replica-2"), NodeId.of("replica-3"));

  static final long PING_ROUNDS = 30;
  static final long COUNTER_TARGET = 300;
  static final long FAULTS_END_MS = 5_000;
  static final long LIVENESS_END_MS = 30_000;

  public static final Scenario PING_PONG = new PingPongScenario();
  public static final Scenario COUNTER = new CounterScenario(false);
  public static final Scenario COUNTER_BROKEN = new CounterScenario(true);

  public static List<Scenario> all() {
    return List.of(PING_PONG, COUNTER, COUNTER_BROKEN);
  }

  private record PingPongScenario() implements Scenario {
    @Override
    public String name() {
      return "pingpong";
    }

    @Override
    public RunResult run(RandomGenerator.SplittableGenerator random) {
      World world = new World(random, FaultPlan.draw(random));
      world.addNode(PINGER, "pingpong", node -> PingPong.pinger(PONGER, PING_ROUNDS));
      world.addNode(PONGER, "pingpong", node -> PingPong.ponger(PINGER));
      new RandomNemesis(
              "nemesis", List.of(PINGER, PONGER), NemesisPlan.draw(random, 0, FAULTS_END_MS, 1))
          .install(world);
      world.at(
          LIVENESS_END_MS,
          "liveness",
          w ->
              w.require(
                  Check.require(
                      ((PingPong) w.process(PINGER).orElseThrow()).done(),
                      "pingpong.no_progress",
                      () -> "the pinger did not finish its rounds after the faults ended")));
      return world.runUntil(LIVENESS_END_MS);
    }
  }

  private record CounterScenario(boolean broken) implements Scenario {
    @Override
    public String name() {
      return broken ? "counter-broken" : "counter";
    }

    @Override
    public RunResult run(RandomGenerator.SplittableGenerator random) {
      World world = new World(random, FaultPlan.draw(random));
      for (NodeId replica : REPLICAS) {
        world.addNode(
            replica,
            "counter",
            node -> broken ? CounterReplica.broken() : CounterReplica.correct());
      }
      world.addNode(CLIENT, "counter", node -> new CounterClient(REPLICAS, COUNTER_TARGET));
      world.addInvariant(new AcknowledgedWritesSurvive());
      new RandomNemesis(
              "nemesis", world.members("counter"), NemesisPlan.draw(random, 0, FAULTS_END_MS, 2))
          .install(world);
      world.at(LIVENESS_END_MS, "liveness", ToyScenarios::requireCounterDone);
      return world.runUntil(LIVENESS_END_MS);
    }
  }

  private static void requireCounterDone(World world) {
    CounterClient client = (CounterClient) world.process(CLIENT).orElseThrow();
    world.require(
        Check.require(
            client.done(),
            "counter.no_progress",
            () ->
                "replicas acknowledged "
                    + REPLICAS.stream().map(client::acknowledged).toList()
                    + " of "
                    + COUNTER_TARGET
                    + " after the faults ended"));
  }
}
