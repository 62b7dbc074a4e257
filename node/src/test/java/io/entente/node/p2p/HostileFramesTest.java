package io.entente.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.entente.consensus.ConsensusConfig;
import io.entente.consensus.app.CounterApplication;
import io.entente.consensus.message.RoundChange;
import io.entente.consensus.message.RoundChangePayload;
import io.entente.consensus.message.SignedMessage;
import io.entente.consensus.message.SignedRoundChange;
import io.entente.consensus.shell.ChannelShell;
import io.entente.consensus.wire.ChannelWire;
import io.entente.core.bytes.Bytes;
import io.entente.core.crypto.CryptoSuite;
import io.entente.core.crypto.SuiteId;
import io.entente.node.FreePorts;
import io.entente.node.consortium.ConsortiumSpec;
import io.entente.node.consortium.ConsortiumWriter;
import io.entente.node.consortium.Layout;
import io.entente.node.consortium.NodeConfig;
import io.entente.node.runtime.ChannelFrame;
import io.entente.node.runtime.ChannelRouter;
import io.entente.node.runtime.ClientDirectory;
import io.entente.node.runtime.Node;
import io.entente.node.runtime.RuntimeProbe;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live node fed frames by an authenticated peer that misbehaves: garbage, a channel the node does
 * not serve, a channel the peer is not a member of (a sync request there gets no answer: it never
 * reaches the channel), and an undecodable message in a channel it is a member of. Each is dropped
 * and counted, and the node keeps running.
 */
class HostileFramesTest {
  private static final String LEAD = "lead-bank";
  private static final long DEADLINE_MS = 30_000;

  @TempDir Path folder;

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  private long count(String name) {
    AtomicLong count = counts.get(name);
    return count == null ? 0 : count.get();
  }

  private void awaitCount(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    while (count(name) == 0) {
      if (System.nanoTime() > deadline) {
        fail("no " + name + " counted within " + DEADLINE_MS + " ms; counts: " + counts);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  @Test
  void misbehavingFramesAreDroppedAndCountedAndTheNodeKeepsRunning() throws Exception {
    Path consortium = folder.resolve("consortium");
    ConsortiumWriter.write(
        new ConsortiumSpec(
                LEAD,
                List.of("partner-a", "partner-b"),
                1,
                SuiteId.STANDARD,
                FreePorts.block(6),
                "127.0.0.1")
            .withKeyIterations(1_000),
        consortium,
        false,
        Clock.systemUTC(),
        new SecureRandom());
    NodeConfig lead =
        NodeConfig.load(
            consortium.resolve(LEAD).resolve(Layout.nodeFolder(1)).resolve(Layout.NODE_CONFIG));
    NodeConfig intruder =
        NodeConfig.load(
            consortium
                .resolve("partner-b")
                .resolve(Layout.nodeFolder(1))
                .resolve(Layout.NODE_CONFIG));
    CryptoSuite suite = CryptoSuite.of(SuiteId.STANDARD);
    try (Node node =
        Node.start(
            lead,
            new Node.Services(
                genesis -> new CounterApplication(suite),
                ClientDirectory.of(Map.of()),
                ConsensusConfig.DEFAULT,
                (channel, name) ->
                    counts.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet(),
                P2pListener.NONE,
                RuntimeProbe.NONE))) {
      NodeIdentity identity = intruder.nodeIdentity();
      PeerId claimed = new PeerId("partner-b", suite.fingerprint(identity.key().publicKey()));
      try (RawPeer peer =
          RawPeer.connect(
              lead.p2p().address(), SuiteId.STANDARD, identity, lead.trustStore(), true)) {
        peer.hello(VersionRange.CURRENT, SuiteId.STANDARD, claimed);

        peer.frame(Frames.DATA, new byte[] {9, 9, 9});
        awaitCount(ChannelRouter.FRAME_MALFORMED);

        peer.frame(
            Frames.DATA,
            new ChannelFrame("no-such-channel", ChannelWire.syncRequest(1, 10)).encode());
        awaitCount(ChannelRouter.FRAME_UNKNOWN_CHANNEL);

        String bilateral = LEAD + "--partner-a";
        peer.frame(
            Frames.DATA, new ChannelFrame(bilateral, ChannelWire.syncRequest(1, 10)).encode());
        awaitCount(ChannelRouter.FRAME_FROM_NON_MEMBER);

        peer.frame(
            Frames.DATA, new ChannelFrame("governance", Bytes.of(new byte[] {42, 1, 2})).encode());
        awaitCount("validator.garbage_dropped");

        // A round change in the intruder's validator name, signed with another key.
        RoundChangePayload payload =
            new RoundChangePayload("governance", 1, 7, java.util.Optional.empty());
        SignedRoundChange forged =
            new SignedRoundChange(
                payload,
                SignedMessage.authorOf(suite, intruder.sealSigner()),
                io.entente.core.chain.TestKeys.signer(SuiteId.STANDARD, 5).sign(payload.encode()));
        peer.frame(
            Frames.DATA,
            new ChannelFrame(
                    "governance",
                    ChannelWire.consensus(
                        new RoundChange(forged, java.util.Optional.empty(), List.of())))
                .encode());
        awaitCount(ChannelShell.MESSAGE_REFUSED + SignedMessage.BAD_SIGNATURE);
      }
      for (var runtime : node.channels().values()) {
        assertThat(runtime.failure()).as(runtime.channel()).isEmpty();
        assertThat(runtime.snapshot().stopped()).as(runtime.channel()).isEmpty();
      }
      assertThat(node.channels()).containsKeys("governance", LEAD + "--partner-a");
    }
  }
}
