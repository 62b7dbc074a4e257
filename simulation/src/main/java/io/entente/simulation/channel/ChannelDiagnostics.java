package io.entente.simulation.channel;

import io.entente.consensus.message.Message;
import io.entente.consensus.message.Proposal;
import io.entente.consensus.message.RoundChange;
import io.entente.consensus.qbft.Action;
import io.entente.consensus.qbft.Event;
import io.entente.consensus.qbft.Qbft;
import io.entente.core.bytes.Hash;
import io.entente.core.chain.CertifiedBlock;
import io.entente.simulation.world.NodeId;
import io.entente.simulation.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What a diagnosed run writes, line by line, to a sink the caller owns (the runner prints it):
 * every {@code sampleEveryMs} of virtual time one line per validator (up or down, height, round,
 * accepted and prepared block, voting, mempool), and for the validators named in {@code stepNodes}
 * every step of their machine (event in, actions out, state after). A diagnosed run draws exactly
 * what the plain run draws; only the trace hash differs, by the sampling events.
 */
public final class ChannelDiagnostics {
  /** No diagnostics: the plain scenario. */
  public static final ChannelDiagnostics NONE =
      new ChannelDiagnostics(0, new TreeSet<>(), line -> {});

  /** {@code stepNodes} names nodes ({@code ch0-v2}) or holds {@code all}. */
  public static final String ALL = "all";

  private final long sampleEveryMs;
  private final Set<String> stepNodes;
  private final Consumer<String> sink;

  public ChannelDiagnostics(long sampleEveryMs, Set<String> stepNodes, Consumer<String> sink) {
    if (sampleEveryMs < 0) {
      throw new IllegalArgumentException("sampleEveryMs = " + sampleEveryMs);
    }
    this.sampleEveryMs = sampleEveryMs;
    this.stepNodes = new TreeSet<>(stepNodes);
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  boolean isOff() {
    return sampleEveryMs == 0 && stepNodes.isEmpty();
  }

  /** Schedules the periodic state lines over the channels of a run. */
  void install(World world, List<ChannelScenarios.Built> channels) {
    if (isOff()) {
      return;
    }
    sink.accept("0 faults " + world.faults());
    for (ChannelScenarios.Built channel : channels) {
      channel
          .spec()
          .nodeByFingerprint()
          .forEach(
              (fingerprint, node) ->
                  sink.accept(
                      "0 validator "
                          + node
                          + " "
                          + fingerprint.shortHex()
                          + (channel.honest().contains(node) ? "" : " byzantine")));
    }
    if (sampleEveryMs > 0) {
      world.at(0, "diagnostics-sample", w -> sample(w, channels));
    }
  }

  private void sample(World world, List<ChannelScenarios.Built> channels) {
    for (ChannelScenarios.Built channel : channels) {
      for (NodeId node : channel.spec().members()) {
        sink.accept(world.nowMs() + " state " + node + " " + state(world, node));
      }
    }
    world.after(sampleEveryMs, "diagnostics-sample", w -> sample(w, channels));
  }

  private static String state(World world, NodeId node) {
    if (!world.isUp(node)) {
      return "down";
    }
    if (!(world.process(node).orElseThrow() instanceof ValidatorProcess process)
        || process.qbft() == null) {
      return "starting";
    }
    return (process.isByzantine() ? "byzantine " : "")
        + machine(process.qbft())
        + " mempool="
        + process.mempool().size()
        + process.halted().map(h -> " HALTED " + h).orElse("");
  }

  static String machine(Qbft qbft) {
    return "h="
        + qbft.height()
        + " r="
        + qbft.round()
        + " accepted="
        + qbft.acceptedDigest().map(Hash::shortHex).orElse("-")
        + " prepared="
        + qbft.prepared().map(p -> "r" + p.round()).orElse("-")
        + (qbft.isVoting() ? "" : " not-voting");
  }

  /** Whether the steps of {@code node} are written. */
  boolean steps(NodeId node) {
    return stepNodes.contains(ALL) || stepNodes.contains(node.name());
  }

  void step(NodeId node, long nowMs, Event event, List<Action> actions, Qbft after) {
    List<String> done = new ArrayList<>();
    for (Action action : actions) {
      done.add(action(action));
    }
    sink.accept(
        nowMs + " step " + node + " " + event(event) + " => " + done + " | " + machine(after));
  }

  void note(NodeId node, long nowMs, String what) {
    sink.accept(nowMs + " note " + node + " " + what);
  }

  private static String event(Event event) {
    if (event instanceof Event.MessageReceived received) {
      return "recv " + message(received.message());
    } else if (event instanceof Event.TimerFired fired) {
      return "timer " + fired.timer().kind() + " r" + fired.timer().round();
    } else if (event instanceof Event.BlockBuilt built) {
      return "built h"
          + built.height()
          + " r"
          + built.round()
          + " txs="
          + built.transactions().size();
    } else if (event instanceof Event.BlockValidated validated) {
      return "validated "
          + validated.digest().shortHex()
          + " "
          + (validated.verdict().isAccepted() ? "ok" : validated.verdict());
    } else if (event instanceof Event.BlockExecuted executed) {
      return "executed h" + executed.height();
    } else if (event instanceof Event.SyncResult sync) {
      return "sync " + heights(sync.blocks());
    } else if (event instanceof Event.TransactionsWaiting waiting) {
      return "waiting " + waiting.count() + " since " + waiting.oldestArrivalMs();
    } else if (event instanceof Event.CertifiedBlockReceived received) {
      return "announced h" + received.block().block().header().height();
    }
    throw new AssertionError("unknown event " + event);
  }

  private static String heights(List<CertifiedBlock> blocks) {
    List<Long> heights = new ArrayList<>();
    for (CertifiedBlock block : blocks) {
      heights.add(block.block().header().height());
    }
    return heights.toString();
  }

  private static String action(Action action) {
    if (action instanceof Action.Persist persist) {
      return "persist " + persist.record().getClass().getSimpleName();
    } else if (action instanceof Action.Multicast multicast) {
      return "multicast " + message(multicast.message());
    } else if (action instanceof Action.Send send) {
      return "send " + send.validator().shortHex() + " " + message(send.message());
    } else if (action instanceof Action.ScheduleTimer schedule) {
      return "timer "
          + schedule.timer().kind()
          + " r"
          + schedule.timer().round()
          + " @"
          + schedule.timer().atMs();
    } else if (action instanceof Action.CommitBlock commit) {
      return "commit h" + commit.block().block().header().height();
    } else if (action instanceof Action.RequestSync sync) {
      return "sync " + sync.fromHeight() + ".." + sync.toHeight();
    } else if (action instanceof Action.BuildBlock build) {
      return "build r" + build.round();
    } else if (action instanceof Action.ValidateBlock validate) {
      return "validate " + validate.block().header().height();
    } else if (action instanceof Action.ReportEvidence report) {
      return "evidence " + report.evidence().first().author().shortHex();
    } else if (action instanceof Action.Halt halt) {
      return "halt " + halt.reason();
    }
    throw new AssertionError("unknown action " + action);
  }

  static String message(Message message) {
    String text =
        message.type()
            + " h"
            + message.height()
            + " r"
            + message.round()
            + " by "
            + message.author().shortHex();
    if (message instanceof Proposal proposal) {
      text +=
          " block "
              + proposal.signed().payload().digest().shortHex()
              + " rcs="
              + proposal.roundChanges().size()
              + " prepares="
              + proposal.prepares().size();
    } else if (message instanceof RoundChange roundChange) {
      text +=
          roundChange
              .signed()
              .payload()
              .prepared()
              .map(p -> " prepared r" + p.round() + " " + p.digest().shortHex())
              .orElse("");
    } else if (message instanceof io.entente.consensus.message.Prepare prepare) {
      text += " " + prepare.payload().digest().shortHex();
    } else if (message instanceof io.entente.consensus.message.Commit commit) {
      text += " " + commit.payload().digest().shortHex();
    }
    return text;
  }
}
