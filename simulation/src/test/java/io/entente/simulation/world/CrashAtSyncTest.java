package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The crash at an armed sync ({@link World#crashAtNextSync}): the node dies inside its own event,
 * at the sync; what it wrote since its last sync is lost, what it did before the sync stands, and
 * nothing after the sync happens.
 */
class CrashAtSyncTest {
  static final NodeId A = NodeId.of("a");
  static final NodeId B = NodeId.of("b");
  static final TimerId WORK = TimerId.of("work");
  static final TimerId LATER = TimerId.of("later");

  private static Bytes bytes(String text) {
    return Bytes.wrapUnsafe(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code one} and syncs at start, then at 20 ms runs {@code work}; records how far each
   * script got, so a test can see where the process stopped.
   */
  static final class Worker implements Process {
    final List<String> reached = new ArrayList<>();
    private final BiConsumer<Context, List<String>> work;

    Worker(BiConsumer<Context, List<String>> work) {
      this.work = work;
    }

    @Override
    public void start(Context context) {
      ChecksummedLog.append(context.disk(), bytes("one"));
      context.disk().put(bytes("state"), bytes("1"));
      context.disk().sync();
      context.setTimer(WORK, 20);
    }

    @Override
    public void onMessage(Context context, NodeId from, Bytes message) {}

    @Override
    public void onTimer(Context context, TimerId timer) {
      reached.add(timer.toString());
      if (timer.equals(WORK)) {
        work.accept(context, reached);
      }
    }
  }

  /** Sends before writing, writes, syncs, then tries to send, set a timer and write again. */
  private static void writeSyncThenAct(Context context, List<String> reached) {
    context.send(B, Bytes.fromHex("01"));
    context.setTimer(TimerId.of("set-before"), context.nowMs() + 5);
    ChecksummedLog.append(context.disk(), bytes("two"));
    context.disk().put(bytes("state"), bytes("2"));
    reached.add("before sync");
    context.disk().sync();
    reached.add("after sync");
    context.send(B, Bytes.fromHex("02"));
    context.setTimer(LATER, context.nowMs() + 5);
    ChecksummedLog.append(context.disk(), bytes("three"));
  }

  private record Run(World world, RunResult result, Recorder recorder, Flood receiver) {}

  private static Run armedRun(double tornTailProbability, BiConsumer<Context, List<String>> work) {
    World world =
        new World(
            new SplittableRandom(7), new FaultPlan(LinkProfile.reliable(), tornTailProbability, 0));
    Recorder recorder = new Recorder();
    world.addInvariant(recorder);
    Flood receiver = Flood.receiver();
    world.addNode(B, "g", node -> receiver);
    world.addNode(A, "g", node -> new Worker(work));
    world.at(10, "arm", w -> w.crashAtNextSync(A));
    RunResult result = world.runUntil(25);
    return new Run(world, result, recorder, receiver);
  }

  @Test
  void theWritesBeforeTheArmedSyncAreLostAfterTheRestart() {
    Run run = armedRun(0, CrashAtSyncTest::writeSyncThenAct);
    World world = run.world();
    List<ChecksummedLog.Recovery> recoveries = new ArrayList<>();
    List<Bytes> states = new ArrayList<>();
    world.at(
        30,
        "restart",
        w ->
            w.restart(
                A,
                node ->
                    new Scripted(
                        context -> {
                          recoveries.add(ChecksummedLog.recover(context.disk()));
                          states.add(context.disk().get(bytes("state")).orElseThrow());
                        })));

    RunResult result = world.runUntil(100);

    assertThat(result.passed()).as(result.summary()).isTrue();
    assertThat(recoveries.get(0).payloads()).containsExactly(bytes("one"));
    assertThat(recoveries.get(0).truncated()).isFalse();
    assertThat(states).containsExactly(bytes("1"));
    assertThat(run.recorder().all(Observation.Crashed.class))
        .singleElement()
        .satisfies(
            crashed -> {
              assertThat(crashed.timeMs()).isEqualTo(20);
              assertThat(crashed.atSync()).isTrue();
              assertThat(crashed.lostWrites()).isEqualTo(2);
              assertThat(crashed.traceLine()).endsWith("lost=2 at-sync");
            });
    assertThat(result.count(Coverage.CRASHES_ARMED)).isEqualTo(1);
    assertThat(result.count(Coverage.CRASHES)).isEqualTo(1);
    assertThat(result.count(Coverage.CRASHES_AT_SYNC)).isEqualTo(1);
    assertThat(result.count(Coverage.CRASHES_LOSING_WRITES)).isEqualTo(1);
    assertThat(result.count(Coverage.LOST_WRITES)).isEqualTo(2);
    assertThat(world.crashArmed(A)).as("a crash that happened is no longer armed").isFalse();
  }

  @Test
  void whatTheProcessDidBeforeTheSyncStandsAndNothingAfterItHappens() {
    Run run = armedRun(0, CrashAtSyncTest::writeSyncThenAct);
    RunResult first = run.result();

    RunResult result = run.world().runUntil(100);

    assertThat(first.passed()).as(first.summary()).isTrue();
    assertThat(result.passed()).as(result.summary()).isTrue();
    assertThat(run.world().isUp(A)).isFalse();
    assertThat(run.receiver().received())
        .as("only the send before the sync left")
        .containsExactly(1L);
    assertThat(run.recorder().all(Observation.Sent.class)).hasSize(1);
    assertThat(run.recorder().all(Observation.Synced.class))
        .as("the armed sync did not happen")
        .extracting(Observation.Synced::timeMs)
        .containsExactly(0L);
    assertThat(run.recorder().all(Observation.TimerFired.class))
        .as("no timer of the dead incarnation fires, set before or after the sync")
        .extracting(Observation.TimerFired::timer)
        .containsExactly(WORK);
    assertThat(ChecksummedLog.read(run.world().disk(A))).containsExactly(bytes("one"));
    assertThat(run.world().disk(A).lastWriteSequence())
        .isEqualTo(run.world().disk(A).lastSyncedSequence());
  }

  @Test
  void theProcessStopsAtTheSync() {
    List<List<String>> progress = new ArrayList<>();
    armedRun(
        0,
        (context, reached) -> {
          progress.add(reached);
          writeSyncThenAct(context, reached);
        });
    assertThat(progress.get(0)).containsExactly("work", "before sync");
  }

  @Test
  void aCrashAtSyncMayLeaveATornTailThatRecoveryCuts() {
    Run run = armedRun(1, CrashAtSyncTest::writeSyncThenAct);
    List<ChecksummedLog.Recovery> recoveries = new ArrayList<>();
    run.world()
        .at(
            30,
            "restart",
            w ->
                w.restart(
                    A,
                    node ->
                        new Scripted(
                            context -> recoveries.add(ChecksummedLog.recover(context.disk())))));

    RunResult result = run.world().runUntil(100);

    assertThat(result.passed()).as(result.summary()).isTrue();
    assertThat(result.count(Coverage.TORN_TAILS)).isEqualTo(1);
    assertThat(recoveries.get(0).truncated()).isTrue();
    assertThat(recoveries.get(0).payloads()).containsExactly(bytes("one"));
  }

  @Test
  void aCrashAtASyncWithNothingToSyncLosesNoWrites() {
    Run run =
        armedRun(
            1,
            (context, reached) -> {
              context.disk().sync();
              reached.add("after sync");
            });

    assertThat(run.result().passed()).as(run.result().summary()).isTrue();
    assertThat(run.world().isUp(A)).isFalse();
    assertThat(run.result().count(Coverage.CRASHES_AT_SYNC)).isEqualTo(1);
    assertThat(run.result().count(Coverage.CRASHES_LOSING_WRITES)).isZero();
    assertThat(run.result().count(Coverage.TORN_TAILS)).isZero();
  }

  @Test
  void aProcessThatSwallowsItsCrashAndActsFailsTheRun() {
    Run run =
        armedRun(
            0,
            (context, reached) -> {
              try {
                context.disk().sync();
              } catch (Throwable swallowed) {
                reached.add("swallowed " + swallowed.getMessage());
              }
              context.send(B, Bytes.fromHex("02"));
            });

    Outcome.Failed failed = (Outcome.Failed) run.result().outcome();
    assertThat(failed.reason()).isEqualTo("exception");
    assertThat(failed.detail()).contains("incarnation #1 of a acted after its node crashed");
    assertThat(run.receiver().received()).isEmpty();
  }

  @Test
  void anArmedNodeRunsOnUntilItSyncsAndAPlainCrashDisarmsIt() {
    World world = new World(new SplittableRandom(1), FaultPlan.calm());
    Recorder recorder = new Recorder();
    world.addInvariant(recorder);
    world.addNode(A, "g", node -> new Scripted(context -> {}));
    List<String> seen = new ArrayList<>();
    world.at(
        10,
        "arm",
        w -> {
          w.crashAtNextSync(A);
          seen.add("armed " + w.crashArmed(A));
          assertThatThrownBy(() -> w.crashAtNextSync(A)).hasMessageContaining("already armed");
        });
    world.at(
        50,
        "disarm",
        w -> {
          seen.add("up " + w.isUp(A));
          w.disarmCrash(A);
          seen.add("armed " + w.crashArmed(A));
          assertThatThrownBy(() -> w.disarmCrash(A)).hasMessageContaining("no crash is armed");
        });
    world.at(
        60,
        "arm-then-crash",
        w -> {
          w.crashAtNextSync(A);
          w.crash(A);
          seen.add("armed " + w.crashArmed(A));
          assertThatThrownBy(() -> w.crashAtNextSync(A)).hasMessageContaining("down");
        });

    RunResult result = world.runUntil(100);

    assertThat(result.passed()).as(result.summary()).isTrue();
    assertThat(seen).containsExactly("armed true", "up true", "armed false", "armed false");
    assertThat(recorder.all(Observation.CrashArmed.class))
        .extracting(Observation.CrashArmed::armed)
        .containsExactly(true, false, true);
    assertThat(recorder.all(Observation.Crashed.class))
        .singleElement()
        .extracting(Observation.Crashed::atSync)
        .isEqualTo(false);
    assertThat(result.count(Coverage.CRASHES_AT_SYNC)).isZero();
  }

  @Test
  void theSameSeedCrashesAtTheSameSync() {
    Run first = armedRun(0.5, CrashAtSyncTest::writeSyncThenAct);
    Run second = armedRun(0.5, CrashAtSyncTest::writeSyncThenAct);
    assertThat(second.world().runUntil(100).traceHash())
        .isEqualTo(first.world().runUntil(100).traceHash());
  }
}
