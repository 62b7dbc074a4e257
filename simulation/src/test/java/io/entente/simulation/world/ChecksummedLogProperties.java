package io.entente.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.entente.core.bytes.Bytes;
import io.entente.core.check.Check;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ChecksummedLogProperties {

  @Property
  void aFrameCarriesItsPayload(@ForAll @Size(max = 300) byte[] payload) {
    Bytes frame = ChecksummedLog.frame(Bytes.of(payload));
    assertThat(ChecksummedLog.check(frame).isAccepted()).isTrue();
    assertThat(ChecksummedLog.payload(frame)).isEqualTo(Bytes.of(payload));
  }

  @Property
  void everyStrictPrefixOfAFrameIsRejected(
      @ForAll @Size(max = 300) byte[] payload, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
    Bytes frame = ChecksummedLog.frame(Bytes.of(payload));
    int length = cut % frame.length();
    Check check = ChecksummedLog.check(Bytes.of(frame.unsafeArray(), 0, length));
    assertThat(check).isInstanceOf(Check.Rejected.class);
  }

  @Property
  void aChangedByteIsRejected(
      @ForAll @Size(min = 1, max = 300) byte[] payload,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int flip) {
    byte[] frame = ChecksummedLog.frame(Bytes.of(payload)).toByteArray();
    frame[position % frame.length] ^= (byte) flip;
    assertThat(ChecksummedLog.check(Bytes.of(frame)).isAccepted()).isFalse();
  }

  /** Whatever was synced comes back after any crash, torn tail or not, and nothing else does. */
  @Property(tries = 200)
  void recoveryReturnsExactlyTheSyncedRecords(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 5) int synced,
      @ForAll @IntRange(min = 0, max = 5) int unsynced) {
    World world =
        new World(new SplittableRandom(seed), new FaultPlan(LinkProfile.reliable(), 0.5, 0));
    NodeId node = NodeId.of("n");
    world.addNode(
        node,
        "g",
        id ->
            new Scripted(
                context -> {
                  for (int i = 0; i < synced + unsynced; i++) {
                    ChecksummedLog.append(context.disk(), Bytes.of(new byte[i * 7 % 23]));
                    if (i == synced - 1) {
                      context.disk().sync();
                    }
                  }
                }));
    world.at(1, "crash", w -> w.crash(node));
    ChecksummedLog.Recovery[] recovery = new ChecksummedLog.Recovery[1];
    world.at(
        2,
        "restart",
        w ->
            w.restart(
                node,
                id ->
                    new Scripted(context -> recovery[0] = ChecksummedLog.recover(context.disk()))));

    RunResult result = world.runUntil(10);

    assertThat(result.passed()).as(result.summary()).isTrue();
    assertThat(recovery[0].payloads()).hasSize(synced);
    assertThat(recovery[0].truncated()).isEqualTo(result.count(Coverage.TORN_TAILS) == 1);
    assertThat(ChecksummedLog.read(world.disk(node)))
        .isEqualTo(List.copyOf(recovery[0].payloads()));
  }
}
