package io.entente.simulation.world;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A protocol-agnostic nemesis over a set of target nodes: at random moments it partitions, heals,
 * clogs, unclogs, crashes a target now, arms a crash at a target's next sync ({@link
 * World#crashAtNextSync}: the target dies inside the event that syncs, losing the writes that sync
 * would have made durable) or restarts a crashed target, within its plan's bounds; at the end of
 * its window it heals every partition, unclogs every link, disarms every crash still armed and
 * restarts every target it crashed, so a liveness phase can follow. It touches only its own
 * partitions and the links between its targets. All its decisions come from the run's generator
 * inside control actions: one draw picks the action, then the action draws what it needs.
 *
 * <p>A target with an armed crash counts as crashed against {@link NemesisPlan#crashedMax()}, since
 * it may go down at any event: crashed plus armed targets never exceed the bound.
 */
public final class RandomNemesis {
  private static final int ACTIONS = 7;

  private final String name;
  private final List<NodeId> targets;
  private final NemesisPlan plan;
  private int partitionsMade;

  /** {@code name} prefixes its partitions, so several nemeses can share a world. */
  public RandomNemesis(String name, List<NodeId> targets, NemesisPlan plan) {
    if (targets.size() < 2 || targets.size() > 30) {
      throw new IllegalArgumentException("a nemesis needs 2 to 30 targets, got " + targets.size());
    }
    this.name = Names.require("nemesis", name);
    this.targets = List.copyOf(targets);
    this.plan = plan;
  }

  /** Schedules the first step and the final heal. */
  public void install(World world) {
    world.at(plan.startMs(), name, this::step);
    world.at(plan.endMs(), name + "-heal", this::healEverything);
  }

  private void step(World world) {
    RandomGenerator random = world.random();
    switch (random.nextInt(ACTIONS)) {
      case 0 -> partition(world, random);
      case 1 -> healOne(world, random);
      case 2 -> clog(world, random);
      case 3 -> unclogOne(world, random);
      case 4 -> crash(world, random);
      case 5 -> restartOne(world, random);
      case 6 -> armCrashAtSync(world, random);
      default -> throw new AssertionError("no such nemesis action");
    }
    long nextMs = world.nowMs() + random.nextLong(1, plan.stepMsMax() + 1);
    if (nextMs < plan.endMs()) {
      world.at(nextMs, name, this::step);
    }
  }

  private void partition(World world, RandomGenerator random) {
    if (ownPartitions(world).size() >= plan.partitionsMax()) {
      return;
    }
    int mask = random.nextInt(1, (1 << targets.size()) - 1);
    List<NodeId> side = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        side.add(targets.get(i));
      }
    }
    world.network().partition(name + "-" + partitionsMade++, side);
  }

  private void healOne(World world, RandomGenerator random) {
    List<String> active = ownPartitions(world);
    if (!active.isEmpty()) {
      world.network().heal(active.get(random.nextInt(active.size())));
    }
  }

  private void clog(World world, RandomGenerator random) {
    NodeId from = targets.get(random.nextInt(targets.size()));
    NodeId to = targets.get(random.nextInt(targets.size()));
    if (!from.equals(to) && !world.network().cloggedLinks().contains(new Link(from, to))) {
      world.network().clog(from, to);
    }
  }

  private void unclogOne(World world, RandomGenerator random) {
    List<Link> clogged = ownClogs(world);
    if (!clogged.isEmpty()) {
      Link link = clogged.get(random.nextInt(clogged.size()));
      world.network().unclog(link.from(), link.to());
    }
  }

  private void crash(World world, RandomGenerator random) {
    List<NodeId> candidates = crashCandidates(world);
    if (!candidates.isEmpty()) {
      world.crash(candidates.get(random.nextInt(candidates.size())));
    }
  }

  private void armCrashAtSync(World world, RandomGenerator random) {
    List<NodeId> candidates = crashCandidates(world);
    if (!candidates.isEmpty()) {
      world.crashAtNextSync(candidates.get(random.nextInt(candidates.size())));
    }
  }

  /** Targets up and not armed, if one more may go down: none once down + armed reach the bound. */
  private List<NodeId> crashCandidates(World world) {
    long downOrArmed =
        targets.stream().filter(node -> !world.isUp(node) || world.crashArmed(node)).count();
    if (downOrArmed >= plan.crashedMax()) {
      return List.of();
    }
    return targets.stream().filter(node -> world.isUp(node) && !world.crashArmed(node)).toList();
  }

  private void restartOne(World world, RandomGenerator random) {
    List<NodeId> down = targets.stream().filter(node -> !world.isUp(node)).toList();
    if (!down.isEmpty()) {
      world.restart(down.get(random.nextInt(down.size())));
    }
  }

  private void healEverything(World world) {
    for (String partition : ownPartitions(world)) {
      world.network().heal(partition);
    }
    for (Link link : ownClogs(world)) {
      world.network().unclog(link.from(), link.to());
    }
    for (NodeId node : targets) {
      if (world.crashArmed(node)) {
        world.disarmCrash(node);
      }
      if (!world.isUp(node)) {
        world.restart(node);
      }
    }
  }

  private List<String> ownPartitions(World world) {
    return world.network().partitions().stream()
        .filter(partition -> partition.startsWith(name + "-"))
        .toList();
  }

  private List<Link> ownClogs(World world) {
    return world.network().cloggedLinks().stream()
        .filter(link -> targets.contains(link.from()) && targets.contains(link.to()))
        .toList();
  }
}
