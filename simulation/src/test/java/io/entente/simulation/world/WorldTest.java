package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorldTest {
  static final NodeId A = NodeId.of("a");
  static final NodeId B = NodeId.of("b");

  /** Sets timers from a script and records when each fired. */
  static final class TimerProbe implements Process {
    final List<String> fired = new ArrayList<>();
    private final java.util.function.Consumer<Context> onStart;

    TimerProbe(java.util.function.Consumer<Context> onStart) {
      this.onStart = onStart;
    }

    @Override
    public void start(Context context) {
      onStart.accept(context);
    }

    @Override
    public void onMessage(Context context, NodeId from, Bytes message) {}

    @Override
    public void onTimer(Context context, TimerId timer) {
      fired.add(timer + "@" + context.nowMs());
    }
  }

  private static World calm() {
    return new World(new SplittableRandom(1), FaultPlan.calm());
  }

  @Test
  void timersFireOnTimeCanBeReplacedAndCancelled() {
    World world = calm();
    world.addNode(
        A,
        "g",
        node ->
            new TimerProbe(
                context -> {
                  context.setTimer(TimerId.of("t1"), 100);
                  context.setTimer(TimerId.of("t2"), 50);
                  context.setTimer(TimerId.of("t2"), 70);
                  context.setTimer(TimerId.of("t3"), 80);
                  context.cancelTimer(TimerId.of("t3"));
                  context.setTimer(TimerId.of("past"), -5);
                }));
    world.runUntil(1_000);
    TimerProbe probe = (TimerProbe) world.process(A).orElseThrow();
    assertThat(probe.fired).containsExactly("past@0", "t2@70", "t1@100");
  }

  @Test
  void timerJitterFiresLateButNeverEarly() {
    World world = new World(new SplittableRandom(1), new FaultPlan(LinkProfile.reliable(), 0, 50));
    world.addNode(
        A,
        "g",
        node ->
            new TimerProbe(
                context -> {
                  for (int i = 0; i < 100; i++) {
                    context.setTimer(TimerId.of("t" + i), 100);
                  }
                }));
    world.runUntil(1_000);
    List<Long> times =
        ((TimerProbe) world.process(A).orElseThrow())
            .fired.stream().map(f -> Long.parseLong(f.substring(f.indexOf('@') + 1))).toList();
    assertThat(times).hasSize(100).allMatch(t -> t >= 100 && t <= 150);
    assertThat(times.stream().distinct().count()).isGreaterThan(10);
  }

  @Test
  void aCrashCancelsTimersAndARestartStartsANewIncarnation() {
    World world = calm();
    Recorder recorder = new Recorder();
    world.addInvariant(recorder);
    world.addNode(
        A,
        "g",
        node ->
            new TimerProbe(context -> context.setTimer(TimerId.of("t"), context.nowMs() + 100)));
    world.at(50, "crash", w -> w.crash(A));
    world.at(60, "restart", w -> w.restart(A));

    world.runUntil(1_000);

    assertThat(recorder.all(Observation.Started.class))
        .extracting(Observation.Started::timeMs, Observation.Started::incarnation)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 1),
            org.assertj.core.groups.Tuple.tuple(60L, 2));
    assertThat(recorder.all(Observation.TimerFired.class))
        .extracting(Observation.TimerFired::timeMs)
        .containsExactly(160L);
  }

  @Test
  void aProcessThatActsAfterItsCrashFailsTheRun() {
    World world = calm();
    world.addNode(A, "g", node -> new Scripted(context -> {}));
    world.addNode(B, "g", node -> new Scripted(context -> {}));
    world.at(5, "crash", w -> w.crash(A));
    world.at(
        10, "stale", w -> ((Scripted) w.process(B).orElseThrow()).context().send(A, Bytes.EMPTY));
    world.at(
        20,
        "zombie",
        w -> {
          throw new IllegalStateException("unreachable");
        });
    Context[] stale = new Context[1];
    world.at(4, "grab", w -> stale[0] = ((Scripted) w.process(A).orElseThrow()).context());
    world.at(15, "use", w -> stale[0].send(B, Bytes.EMPTY));

    RunResult result = world.runUntil(100);

    Outcome.Failed failed = (Outcome.Failed) result.outcome();
    assertThat(failed.reason()).isEqualTo("exception");
    assertThat(failed.detail()).contains("incarnation #1 of a acted after its node crashed");
    assertThat(result.timeMs()).isEqualTo(15);
  }

  @Test
  void aRejectingInvariantStopsTheRunAtThatEvent() {
    World world = calm();
    world.addNode(B, "g", node -> Flood.receiver());
    world.addNode(A, "g", node -> Flood.sender(B, 10, 1, 0));
    world.addInvariant(
        (view, observations) ->
            observations.stream().anyMatch(Observation.Delivered.class::isInstance)
                ? Check.rejected("test.delivered", "a message arrived")
                : Check.accepted());

    RunResult result = world.runUntil(1_000);

    assertThat(result.outcome())
        .isEqualTo(
            new Outcome.Failed("test.delivered", "a message arrived", java.util.Optional.empty()));
    assertThat(((Flood) world.process(B).orElseThrow()).received()).hasSize(1);
    assertThat(result.timeMs()).isBetween(1L, 10L);
    assertThat(result.traceTail()).last().asString().contains("deliver a->b");
    assertThat(world.runUntil(2_000)).isEqualTo(result);
  }

  @Test
  void aFullQueueFailsTheRunWithItsLimit() {
    World world =
        new World(
            new SplittableRandom(1),
            FaultPlan.calm(),
            new WorldLimits(50, SimulationLimits.RUN_EVENTS_MAX, SimulationLimits.RUN_TIME_MS_MAX));
    world.addNode(B, "g", node -> Flood.receiver());
    world.addNode(A, "g", node -> Flood.sender(B, 100, 1, 0));

    RunResult result = world.runUntil(1_000);

    assertThat(((Outcome.Failed) result.outcome()).reason()).isEqualTo("limit.queue_events_max");
    assertThat(result.timeMs()).isZero();
  }

  @Test
  void runLengthIsBoundedInEventsAndInVirtualTime() {
    WorldLimits limits = new WorldLimits(1_000, 10, 5_000);
    World events = new World(new SplittableRandom(1), FaultPlan.calm(), limits);
    events.addNode(B, "g", node -> Flood.receiver());
    events.addNode(A, "g", node -> Flood.sender(B, 100, 1, 0));
    RunResult byEvents = events.runUntil(1_000);
    assertThat(((Outcome.Failed) byEvents.outcome()).reason()).isEqualTo("limit.run_events_max");
    assertThat(byEvents.events()).isEqualTo(10);

    World time = new World(new SplittableRandom(1), FaultPlan.calm(), limits);
    RunResult byTime = time.runUntil(5_001);
    assertThat(((Outcome.Failed) byTime.outcome()).reason()).isEqualTo("limit.run_time_ms_max");
  }

  @Test
  void sendsCarryTheSendersWriteAndSyncSequences() {
    World world = calm();
    Recorder recorder = new Recorder();
    world.addInvariant(recorder);
    world.addNode(B, "g", node -> Flood.receiver());
    world.addNode(
        A,
        "g",
        node ->
            new Scripted(
                context -> {
                  context.disk().put(Bytes.fromHex("01"), Bytes.fromHex("01"));
                  context.send(B, Bytes.fromHex("aa"));
                  context.disk().sync();
                  context.send(B, Bytes.fromHex("bb"));
                }));

    world.runUntil(100);

    assertThat(recorder.all(Observation.Sent.class))
        .extracting(Observation.Sent::lastWriteSequence, Observation.Sent::lastSyncedSequence)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, 0L),
            org.assertj.core.groups.Tuple.tuple(1L, 1L));
    assertThat(recorder.all(Observation.Synced.class))
        .extracting(Observation.Synced::timeMs)
        .containsExactly(0L);
  }

  @Test
  void groupsKeepTheirMembersApart() {
    World world = calm();
    world.addNode(NodeId.of("x1"), "x", node -> new Scripted(context -> {}));
    world.addNode(NodeId.of("y1"), "y", node -> new Scripted(context -> {}));
    world.addNode(NodeId.of("x2"), "x", node -> new Scripted(context -> {}));
    world.runUntil(1);
    assertThat(world.members("x")).containsExactly(NodeId.of("x1"), NodeId.of("x2"));
    assertThat(((Scripted) world.process(NodeId.of("y1")).orElseThrow()).context().members())
        .containsExactly(NodeId.of("y1"));
    assertThatThrownBy(() -> world.addNode(NodeId.of("x1"), "x", node -> new Scripted(c -> {})))
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> NodeId.of("has space")).hasMessageContaining("without spaces");
  }
}
