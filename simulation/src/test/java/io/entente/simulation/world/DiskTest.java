package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entente.core.bytes.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiskTest {
  static final NodeId NODE = NodeId.of("n");

  private static Bytes bytes(String text) {
    return Bytes.wrapUnsafe(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void aCrashLosesExactlyTheUnsyncedWrites() {
    DiskModel disk = new DiskModel(NODE);
    disk.append(bytes("a"));
    disk.append(bytes("b"));
    disk.sync(10);
    disk.append(bytes("c"));
    disk.put(bytes("k1"), bytes("v1"));
    disk.sync(20);
    disk.put(bytes("k2"), bytes("v2"));
    disk.delete(bytes("k1"));
    disk.append(bytes("d"));
    disk.truncateLog(1);
    assertThat(disk.log()).containsExactly(bytes("a"));
    assertThat(disk.lastWriteSequence()).isEqualTo(8);
    assertThat(disk.lastSyncedSequence()).isEqualTo(4);

    DiskModel.CrashReport report = disk.crash(new SplittableRandom(1), 0);

    assertThat(report).isEqualTo(new DiskModel.CrashReport(4, false));
    assertThat(disk.log()).containsExactly(bytes("a"), bytes("b"), bytes("c"));
    assertThat(disk.entries()).containsOnlyKeys(bytes("k1"));
    assertThat(disk.get(bytes("k1"))).contains(bytes("v1"));
    assertThat(disk.lastWriteSequence()).isEqualTo(disk.lastSyncedSequence()).isEqualTo(4);
    assertThat(disk.lastSync()).contains(new SyncPoint(4, 20));
    assertThat(disk.syncCount()).isEqualTo(2);

    disk.put(bytes("k3"), bytes("v3"));
    assertThat(disk.lastWriteSequence()).as("sequence numbers are never reused").isEqualTo(9);
  }

  @Test
  void aTornTailIsAStrictPrefixOfTheFirstUnsyncedRecord() {
    DiskModel disk = new DiskModel(NODE);
    Bytes kept = ChecksummedLog.frame(bytes("kept"));
    Bytes torn = ChecksummedLog.frame(bytes("torn in the middle"));
    disk.append(kept);
    disk.sync(1);
    disk.append(torn);
    disk.append(ChecksummedLog.frame(bytes("lost")));

    DiskModel.CrashReport report = disk.crash(new SplittableRandom(3), 1);

    assertThat(report).isEqualTo(new DiskModel.CrashReport(2, true));
    assertThat(disk.log()).hasSize(2);
    assertThat(disk.log().get(0)).isEqualTo(kept);
    Bytes tail = disk.log().get(1);
    assertThat(tail.length()).isBetween(1, torn.length() - 1);
    assertThat(tail).isEqualTo(Bytes.of(torn.unsafeArray(), 0, tail.length()));
    assertThat(ChecksummedLog.check(tail).isAccepted()).isFalse();
  }

  @Test
  void onlyAnUnsyncedAppendCanTear() {
    DiskModel disk = new DiskModel(NODE);
    disk.append(bytes("synced"));
    disk.sync(1);
    disk.put(bytes("k"), bytes("v"));
    assertThat(disk.crash(new SplittableRandom(3), 1).tornTail()).isFalse();
    assertThat(disk.log()).containsExactly(bytes("synced"));
    assertThat(disk.crash(new SplittableRandom(3), 1).tornTail()).isFalse();
  }

  @Test
  void aRestartedProcessReadsOnlyDurableContentsAndRecoversFromATornTail() {
    World world = new World(new SplittableRandom(5), new FaultPlan(LinkProfile.reliable(), 1, 0));
    world.addNode(
        NODE,
        "g",
        node ->
            new Scripted(
                context -> {
                  ChecksummedLog.append(context.disk(), bytes("one"));
                  ChecksummedLog.append(context.disk(), bytes("two"));
                  context.disk().put(bytes("state"), bytes("2"));
                  context.disk().sync();
                  ChecksummedLog.append(context.disk(), bytes("three"));
                  context.disk().put(bytes("state"), bytes("3"));
                }));
    world.at(10, "crash", w -> w.crash(NODE));
    List<ChecksummedLog.Recovery> recoveries = new ArrayList<>();
    List<Bytes> states = new ArrayList<>();
    world.at(
        20,
        "restart",
        w ->
            w.restart(
                NODE,
                node ->
                    new Scripted(
                        context -> {
                          recoveries.add(ChecksummedLog.recover(context.disk()));
                          states.add(context.disk().get(bytes("state")).orElseThrow());
                        })));

    RunResult result = world.runUntil(100);

    assertThat(result.passed()).as(result.summary()).isTrue();
    assertThat(result.count(Coverage.TORN_TAILS)).isEqualTo(1);
    assertThat(result.count(Coverage.LOST_WRITES)).isEqualTo(2);
    assertThat(result.count(Coverage.RESTARTS)).isEqualTo(1);
    ChecksummedLog.Recovery recovery = recoveries.get(0);
    assertThat(recovery.payloads()).containsExactly(bytes("one"), bytes("two"));
    assertThat(recovery.truncated()).isTrue();
    assertThat(states).containsExactly(bytes("2"));
    DiskView disk = world.disk(NODE);
    assertThat(disk.log()).hasSize(2);
    assertThat(disk.lastWriteSequence()).isEqualTo(disk.lastSyncedSequence());
    assertThat(ChecksummedLog.read(disk)).containsExactly(bytes("one"), bytes("two"));
  }

  @Test
  void recoveryRefusesADamagedRecordBeforeTheTail() {
    World world = new World(new SplittableRandom(5), FaultPlan.calm());
    world.addNode(
        NODE,
        "g",
        node ->
            new Scripted(
                context -> {
                  context.disk().append(bytes("not a frame"));
                  ChecksummedLog.append(context.disk(), bytes("fine"));
                  ChecksummedLog.recover(context.disk());
                }));

    RunResult result = world.runUntil(10);

    assertThat(result.outcome()).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) result.outcome()).detail())
        .contains("record 0 of 2 is damaged and is not the tail");
  }

  @Test
  void writesAreBounded() {
    DiskModel disk = new DiskModel(NODE);
    assertThatThrownBy(
            () ->
                disk.put(
                    Bytes.wrapUnsafe(new byte[SimulationLimits.DISK_KEY_BYTES_MAX + 1]),
                    bytes("v")))
        .hasMessageContaining("a key of 1025 bytes is over 1024");
    assertThatThrownBy(() -> disk.truncateLog(1)).hasMessageContaining("cannot truncate");
    for (int i = 0; i < SimulationLimits.DISK_UNSYNCED_WRITES_MAX; i++) {
      disk.put(bytes("k"), bytes("v"));
    }
    assertThatThrownBy(() -> disk.put(bytes("k"), bytes("v")))
        .hasMessageContaining("DISK_UNSYNCED_WRITES_MAX");
  }
}
