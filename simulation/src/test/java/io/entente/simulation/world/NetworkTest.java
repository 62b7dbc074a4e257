package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.simulation.toy.PingPong;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {
  static final NodeId A = NodeId.of("a");
  static final NodeId B = NodeId.of("b");
  static final NodeId C = NodeId.of("c");

  private static World world(LinkProfile link) {
    return new World(new SplittableRandom(42), new FaultPlan(link, 0, 0));
  }

  private static Flood receiver(World world, NodeId node) {
    return (Flood) world.process(node).orElseThrow();
  }

  @Test
  void aPartitionBlocksDeliveryUntilItIsHealed() {
    World world = world(LinkProfile.reliable());
    Recorder recorder = new Recorder();
    world.addInvariant(recorder);
    world.addNode(A, "g", node -> PingPong.pinger(B, 1_000_000));
    world.addNode(B, "g", node -> PingPong.ponger(A));
    world.at(200, "cut", w -> w.network().partition("cut", List.of(A)));
    world.at(1_200, "heal", w -> w.network().heal("cut"));

    RunResult result = world.runUntil(2_000);

    List<Observation.Delivered> delivered = recorder.all(Observation.Delivered.class);
    assertThat(delivered).anyMatch(d -> d.timeMs() < 200);
    assertThat(delivered).noneMatch(d -> d.timeMs() >= 200 && d.timeMs() < 1_200);
    assertThat(delivered).anyMatch(d -> d.timeMs() >= 1_200);
    assertThat(result.count(Coverage.DROPPED_PARTITION)).isPositive();
    assertThat(result.count(Coverage.PARTITIONS)).isEqualTo(1);
    assertThat(result.count(Coverage.HEALS)).isEqualTo(1);
  }

  @Test
  void aPartitionSeparatesItsSideFromEveryoneElseInBothDirections() {
    World world = world(LinkProfile.reliable());
    for (NodeId node : List.of(A, B, C)) {
      world.addNode(node, "g", id -> Flood.receiver());
    }
    Network network = world.network();
    network.partition("p", List.of(A, B));
    assertThat(network.connected(A, B)).isTrue();
    assertThat(network.connected(A, C)).isFalse();
    assertThat(network.connected(C, B)).isFalse();
    network.partition("q", List.of(A));
    assertThat(network.connected(A, B)).isFalse();
    network.heal("p");
    assertThat(network.connected(B, C)).isTrue();
    assertThat(network.partitions()).containsExactly("q");
    network.healAll();
    assertThat(network.connected(A, C)).isTrue();
    assertThatThrownBy(() -> network.heal("q")).hasMessageContaining("no partition named q");
  }

  @Test
  void aCloggedLinkHoldsMessagesAndDeliversThemWhenUnclogged() {
    World world = world(LinkProfile.reliable());
    Recorder recorder = new Recorder();
    world.addInvariant(recorder);
    world.addNode(B, "g", node -> Flood.receiver());
    world.addNode(A, "g", node -> Flood.sender(B, 100, 1, 0));
    world.at(0, "clog", w -> w.network().clog(A, B));
    world.at(500, "unclog", w -> w.network().unclog(A, B));

    world.runUntil(499);
    assertThat(receiver(world, B).received()).isEmpty();
    assertThat(world.network().inFlight(A, B)).isEqualTo(100);
    assertThat(world.network().cloggedLinks()).containsExactly(new Link(A, B));

    RunResult result = world.runUntil(1_000);
    assertThat(receiver(world, B).received()).hasSize(100);
    assertThat(recorder.all(Observation.Delivered.class)).allMatch(d -> d.timeMs() >= 500);
    assertThat(result.count(Coverage.HELD)).isEqualTo(100);
    assertThat(result.count(Coverage.RELEASED)).isEqualTo(100);
    assertThat(world.network().inFlight(A, B)).isZero();
  }

  @Test
  void dropsAndDuplicatesHappenAtAboutTheConfiguredRates() {
    World world = world(LinkProfile.reliable().withDrop(0.1).withDuplicate(0.05));
    world.addNode(B, "g", node -> Flood.receiver());
    world.addNode(A, "g", node -> Flood.sender(B, 5_000, 4, 20));

    RunResult result = world.runUntil(1_000);

    long dropped = result.count(Coverage.DROPPED_RANDOM);
    long duplicated = result.count(Coverage.DUPLICATED);
    assertThat(result.count(Coverage.SENT)).isEqualTo(20_000);
    assertThat(dropped).as("10%% of 20000 dropped").isBetween(1_700L, 2_300L);
    assertThat(duplicated).as("5%% of the rest duplicated").isBetween(700L, 1_100L);
    assertThat(result.count(Coverage.DROPPED_LINK_FULL)).isZero();
    assertThat(receiver(world, B).received()).hasSize((int) (20_000 - dropped + duplicated));
  }

  @Test
  void randomDelaysReorderMessages() {
    World world = world(LinkProfile.reliable().withDelay(1, 100));
    world.addNode(B, "g", node -> Flood.receiver());
    world.addNode(A, "g", node -> Flood.sender(B, 200, 1, 0));

    world.runUntil(1_000);

    List<Long> received = receiver(world, B).received();
    assertThat(received).hasSize(200).doesNotHaveDuplicates();
    assertThat(received).isNotEqualTo(received.stream().sorted().toList());
  }

  @Test
  void aFullLinkDropsAndCountsWhatItCannotCarry() {
    World world = world(LinkProfile.reliable().withInFlightMax(10));
    world.addNode(B, "g", node -> Flood.receiver());
    world.addNode(A, "g", node -> Flood.sender(B, 50, 2, 100));

    RunResult result = world.runUntil(1_000);

    assertThat(result.count(Coverage.DROPPED_LINK_FULL)).isEqualTo(80);
    assertThat(receiver(world, B).received()).hasSize(20);
  }

  @Test
  void messagesToADownNodeAreDroppedAndCounted() {
    World world = world(LinkProfile.reliable());
    world.addNode(B, "g", node -> Flood.receiver());
    world.addNode(A, "g", node -> Flood.sender(B, 5, 1, 0));
    world.at(0, "crash", w -> w.crash(B));

    RunResult result = world.runUntil(100);

    assertThat(result.count(Coverage.DROPPED_NODE_DOWN)).isEqualTo(5);
    assertThat(result.count(Coverage.DELIVERED)).isZero();
  }

  @Test
  void linkProfilesAreSetPerDirectedLink() {
    World world = world(LinkProfile.reliable());
    world.addNode(A, "g", node -> Flood.sender(B, 100, 1, 0));
    world.addNode(B, "g", node -> Flood.sender(A, 100, 1, 0));
    world.network().setProfile(A, B, LinkProfile.reliable().withDrop(1));

    RunResult result = world.runUntil(100);

    assertThat(receiver(world, B).received()).isEmpty();
    assertThat(receiver(world, A).received()).hasSize(100);
    assertThat(result.count(Coverage.DROPPED_RANDOM)).isEqualTo(100);
    assertThat(world.network().profile(B, A)).isEqualTo(LinkProfile.reliable());
  }
}
