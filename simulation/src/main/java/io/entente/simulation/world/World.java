package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import io.entente.core.bytes.Hash;
import io.entente.core.check.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A simulated world: nodes grouped into channels, each running a {@link Process} with its own
 * {@link Disk}, joined by a {@link Network}, all driven by one event loop over virtual time in one
 * thread from one seeded generator. The same generator, nodes and schedule give the same run, event
 * for event, and the same {@linkplain #traceHash() trace hash}.
 *
 * <p>Events are ordered by (virtual time, order of scheduling). Every random decision of the world
 * is drawn from the run's generator in the order events happen; each node gets its own generator
 * split from it when it starts, so a process drawing more or less never shifts the network's draws.
 *
 * <p>After every event the invariants run over that event's observations; the first rejection, a
 * reached limit or a throw from a process stops the run, and the result carries the virtual time,
 * the reason and the last trace lines.
 */
public final class World implements WorldView {

  /** One node: its fixed identity and disk, and its current incarnation if it is up. */
  private static final class Slot {
    final NodeId id;
    final String group;
    final DiskModel disk;
    final TreeMap<TimerId, EventQueue.Scheduled> timers = new TreeMap<>();
    ProcessFactory factory;
    int incarnation;
    Process process;
    NodeContext context;
    RandomGenerator random;
    EventQueue.Scheduled pendingStart;
    boolean crashAtNextSync;

    Slot(NodeId id, String group, ProcessFactory factory) {
      this.id = id;
      this.group = group;
      this.factory = factory;
      this.disk = new DiskModel(id);
    }

    boolean up() {
      return process != null;
    }

    boolean started() {
      return process != null && pendingStart == null;
    }
  }

  private final RandomGenerator.SplittableGenerator random;
  private final FaultPlan faults;
  private final WorldLimits limits;
  private final EventQueue queue;
  private final Network network;
  private final Coverage coverage = new Coverage();
  private final Trace trace = new Trace();
  private final Function<Bytes, String> digestOf = trace::digestOf;
  private final TreeMap<NodeId, Slot> nodes = new TreeMap<>();
  private final List<Invariant> invariants = new ArrayList<>();
  private final List<Observation> observations = new ArrayList<>();
  private long nowMs;
  private long events;
  private long nextEnvelopeId;
  private Outcome.Failed failure;

  public World(RandomGenerator.SplittableGenerator random, FaultPlan faults) {
    this(random, faults, WorldLimits.DEFAULT);
  }

  public World(RandomGenerator.SplittableGenerator random, FaultPlan faults, WorldLimits limits) {
    this.random = Objects.requireNonNull(random, "random");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.queue = new EventQueue(limits.queueEventsMax());
    this.network = new Network(this, faults.link());
  }

  // ---------------------------------------------------------------------------------------------
  // Building

  /** Adds a node to {@code group} (a channel) and schedules its start now. */
  public NodeId addNode(NodeId node, String group, ProcessFactory factory) {
    Names.require("group", group);
    if (nodes.containsKey(node)) {
      throw new IllegalArgumentException("node " + node + " already exists");
    }
    if (nodes.size() >= SimulationLimits.NODES_MAX) {
      throw new IllegalStateException("NODES_MAX = " + SimulationLimits.NODES_MAX + " reached");
    }
    Slot slot = new Slot(node, group, factory);
    nodes.put(node, slot);
    boot(slot);
    return node;
  }

  public void addInvariant(Invariant invariant) {
    invariants.add(Objects.requireNonNull(invariant, "invariant"));
  }

  /** Runs {@code action} on the world at virtual time {@code timeMs} (not in the past). */
  public void at(long timeMs, String label, Consumer<World> action) {
    Names.require("control", label);
    if (timeMs < nowMs) {
      throw new IllegalArgumentException(
          "cannot schedule " + label + " at " + timeMs + " ms, it is already " + nowMs + " ms");
    }
    queue.add(timeMs, new Event.Control(label, action));
  }

  public void after(long delayMs, String label, Consumer<World> action) {
    at(Math.addExact(nowMs, delayMs), label, action);
  }

  // ---------------------------------------------------------------------------------------------
  // Node faults

  /**
   * Crashes a node: its process instance, timers and unsynced writes are gone, and its disk may
   * keep a torn tail (with the run's probability). Messages on their way to it are dropped when
   * they arrive while it is down. A crash armed at its next sync is disarmed.
   */
  public void crash(NodeId node) {
    Slot slot = slot(node);
    if (!slot.up()) {
      throw new IllegalStateException("cannot crash " + node + ": it is already down");
    }
    crash(slot, false);
  }

  /**
   * Arms a crash at the node's next sync: when its process next calls {@link Disk#sync()}, the sync
   * does not happen and the node crashes at that instant, inside the process's event. Writes not
   * yet synced are lost (a torn tail is possible, as for any crash); what the process did earlier
   * in that event (sends, timers) stands, as it would have left a real process before it died;
   * nothing it would have done after the sync happens. The node stays down until restarted, as
   * after {@link #crash}.
   *
   * <p>This is the fault that makes a crash lose writes a process believed were about to become
   * durable, even when the process syncs before every send: the sync itself is where it dies.
   */
  public void crashAtNextSync(NodeId node) {
    Slot slot = slot(node);
    if (!slot.up()) {
      throw new IllegalStateException("cannot arm a crash at the next sync of " + node + ": down");
    }
    if (slot.crashAtNextSync) {
      throw new IllegalStateException("a crash at the next sync of " + node + " is already armed");
    }
    slot.crashAtNextSync = true;
    coverage.add(Coverage.CRASHES_ARMED);
    observe(new Observation.CrashArmed(nowMs, node, slot.incarnation, true));
  }

  /** Disarms a crash armed with {@link #crashAtNextSync} that has not happened yet. */
  public void disarmCrash(NodeId node) {
    Slot slot = slot(node);
    if (!slot.crashAtNextSync) {
      throw new IllegalStateException("no crash is armed at the next sync of " + node);
    }
    slot.crashAtNextSync = false;
    observe(new Observation.CrashArmed(nowMs, node, slot.incarnation, false));
  }

  private void crash(Slot slot, boolean atSync) {
    NodeId node = slot.id;
    slot.crashAtNextSync = false;
    for (EventQueue.Scheduled timer : slot.timers.values()) {
      queue.remove(timer);
    }
    slot.timers.clear();
    if (slot.pendingStart != null) {
      queue.remove(slot.pendingStart);
      slot.pendingStart = null;
    }
    int incarnation = slot.incarnation;
    slot.process = null;
    slot.context = null;
    slot.random = null;
    DiskModel.CrashReport report = slot.disk.crash(random, faults.tornTailProbability());
    coverage.add(Coverage.CRASHES);
    if (atSync) {
      coverage.add(Coverage.CRASHES_AT_SYNC);
    }
    coverage.add(Coverage.LOST_WRITES, report.lostWrites());
    if (report.lostWrites() > 0) {
      coverage.add(Coverage.CRASHES_LOSING_WRITES);
    }
    if (report.tornTail()) {
      coverage.add(Coverage.TORN_TAILS);
    }
    observe(
        new Observation.Crashed(
            nowMs, node, incarnation, report.lostWrites(), report.tornTail(), atSync));
  }

  /** Restarts a crashed node with the factory it last ran. */
  public void restart(NodeId node) {
    restart(node, slot(node).factory);
  }

  /** Restarts a crashed node with a fresh process from {@code factory}; it starts now. */
  public void restart(NodeId node, ProcessFactory factory) {
    Slot slot = slot(node);
    if (slot.up()) {
      throw new IllegalStateException("cannot restart " + node + ": it is up");
    }
    slot.factory = factory;
    boot(slot);
    coverage.add(Coverage.RESTARTS);
    observe(new Observation.Restarted(nowMs, node, slot.incarnation));
  }

  /** Restarts every crashed node, in name order. */
  public void restartCrashed() {
    for (Slot slot : nodes.values()) {
      if (!slot.up()) {
        restart(slot.id);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Processes every event up to and including {@code endMs}, then sets the clock to {@code endMs}.
   * Stops early on a failure; once failed, a world stays failed.
   */
  public RunResult runUntil(long endMs) {
    if (endMs < nowMs) {
      throw new IllegalArgumentException("cannot run until " + endMs + " ms, it is " + nowMs);
    }
    if (failure == null && endMs > limits.runTimeMsMax()) {
      fail(
          "limit.run_time_ms_max",
          "asked to run until " + endMs + " ms, the limit is " + limits.runTimeMsMax() + " ms",
          null);
    }
    while (failure == null) {
      EventQueue.Scheduled next = queue.peek();
      if (next == null || next.timeMs() > endMs) {
        nowMs = endMs;
        break;
      }
      if (events >= limits.runEventsMax()) {
        fail("limit.run_events_max", events + " events processed, the limit", null);
        break;
      }
      queue.poll();
      nowMs = next.timeMs();
      events++;
      step(next.event());
    }
    return result();
  }

  /**
   * Fails the run with the reason of a rejected check, for checks a scenario makes itself (a
   * liveness check at the end of a run, for example); an accepted check does nothing.
   */
  public void require(Check check) {
    if (check instanceof Check.Rejected rejected) {
      fail(rejected.reason(), rejected.detail(), null);
    }
  }

  public RunResult result() {
    Outcome outcome = failure == null ? new Outcome.Passed() : failure;
    return new RunResult(outcome, nowMs, events, trace.head(), coverage.snapshot(), trace.tail());
  }

  private void step(Event event) {
    try {
      dispatch(event);
      checkInvariants();
    } catch (LimitExceeded exceeded) {
      fail(exceeded.reason(), exceeded.getMessage(), exceeded);
    } catch (CrashedAtSync stray) {
      // A control action called into a process, which died at its sync: the crash is done, but
      // whatever that action meant to do after the call did not happen.
      fail("exception", stray.getMessage() + " outside an event of its own", stray);
    } catch (RuntimeException | AssertionError thrown) {
      // Reported with the run's time and the seed rather than thrown past the runner.
      fail("exception", thrown.toString(), thrown);
    }
    observations.clear();
  }

  private void dispatch(Event event) {
    if (event instanceof Event.Start start) {
      start(start);
    } else if (event instanceof Event.Arrive arrive) {
      network.arrive(arrive.envelope());
    } else if (event instanceof Event.Fire fire) {
      fire(fire);
    } else if (event instanceof Event.Control control) {
      observe(new Observation.ControlRan(nowMs, control.label()));
      control.action().accept(this);
    } else {
      throw new AssertionError("unknown event " + event);
    }
  }

  private void start(Event.Start start) {
    Slot slot = slot(start.node());
    if (slot.incarnation != start.incarnation() || slot.pendingStart == null) {
      throw new IllegalStateException("start of a stale incarnation: " + start);
    }
    slot.pendingStart = null;
    observe(new Observation.Started(nowMs, slot.id, slot.incarnation));
    call(slot, Process::start);
  }

  private void fire(Event.Fire fire) {
    Slot slot = slot(fire.node());
    if (slot.incarnation != fire.incarnation()
        || !slot.started()
        || slot.timers.remove(fire.timer()) == null) {
      throw new IllegalStateException("timer of a stale incarnation fired: " + fire);
    }
    coverage.add(Coverage.TIMERS_FIRED);
    observe(new Observation.TimerFired(nowMs, slot.id, fire.timer()));
    call(slot, (process, context) -> process.onTimer(context, fire.timer()));
  }

  /** Called by the network when a message reaches its receiver. */
  void deliver(Link link, Bytes message) {
    Slot slot = slot(link.to());
    if (!slot.started()) {
      network.drop(link, message, DropReason.NODE_DOWN);
      return;
    }
    coverage.add(Coverage.DELIVERED);
    observe(new Observation.Delivered(nowMs, link, message));
    call(slot, (process, context) -> process.onMessage(context, link.from(), message));
  }

  /**
   * Hands one event to a node's process. If the process dies at an armed sync, the node has crashed
   * already and the signal only ends the process's part of the event here; nothing else of the
   * world is half done, since every dispatch calls the process last.
   */
  private void call(Slot slot, BiConsumer<Process, Context> event) {
    int incarnation = slot.incarnation;
    try {
      event.accept(slot.process, slot.context);
    } catch (CrashedAtSync crashed) {
      if (!crashed.node().equals(slot.id) || crashed.incarnation() != incarnation) {
        throw new IllegalStateException(
            "handing an event to " + slot.id + " #" + incarnation + " crashed " + crashed.node());
      }
    }
  }

  private void checkInvariants() {
    List<Observation> seen = List.copyOf(observations);
    for (Invariant invariant : invariants) {
      if (invariant.afterEvent(this, seen) instanceof Check.Rejected rejected) {
        fail(rejected.reason(), rejected.detail(), null);
        return;
      }
    }
  }

  /** Keeps the first failure: what broke first is what a replay should look at. */
  private void fail(String reason, String detail, Throwable cause) {
    if (failure == null) {
      failure = new Outcome.Failed(reason, detail, Optional.ofNullable(cause));
    }
  }

  private void boot(Slot slot) {
    slot.incarnation++;
    slot.random = random.split();
    slot.process = Objects.requireNonNull(slot.factory.create(slot.id), "factory made no process");
    slot.context = new NodeContext(slot, slot.incarnation);
    slot.pendingStart = queue.add(nowMs, new Event.Start(slot.id, slot.incarnation));
  }

  // ---------------------------------------------------------------------------------------------
  // For the network and for control actions

  void observe(Observation observation) {
    trace.absorb(observation.traceLine(digestOf));
    observations.add(observation);
  }

  void schedule(long timeMs, Event event) {
    queue.add(timeMs, event);
  }

  long nextEnvelopeId() {
    return nextEnvelopeId++;
  }

  void requireNode(NodeId node) {
    slot(node);
  }

  /**
   * The run's generator, for scenarios and nemeses that draw their decisions inside control actions
   * or before the run. Processes use {@link Context#random()} instead.
   */
  public RandomGenerator random() {
    return random;
  }

  public Coverage coverage() {
    return coverage;
  }

  public Hash traceHash() {
    return trace.head();
  }

  public long events() {
    return events;
  }

  /** Events waiting in the queue. */
  public int pendingEvents() {
    return queue.size();
  }

  public FaultPlan faults() {
    return faults;
  }

  // ---------------------------------------------------------------------------------------------
  // WorldView

  @Override
  public long nowMs() {
    return nowMs;
  }

  @Override
  public List<NodeId> nodes() {
    return List.copyOf(nodes.keySet());
  }

  @Override
  public List<NodeId> members(String group) {
    List<NodeId> members = new ArrayList<>();
    for (Slot slot : nodes.values()) {
      if (slot.group.equals(group)) {
        members.add(slot.id);
      }
    }
    return members;
  }

  @Override
  public String groupOf(NodeId node) {
    return slot(node).group;
  }

  @Override
  public boolean isUp(NodeId node) {
    return slot(node).up();
  }

  @Override
  public boolean crashArmed(NodeId node) {
    return slot(node).crashAtNextSync;
  }

  @Override
  public Optional<Process> process(NodeId node) {
    return Optional.ofNullable(slot(node).process);
  }

  @Override
  public DiskView disk(NodeId node) {
    return slot(node).disk;
  }

  @Override
  public Network network() {
    return network;
  }

  private Slot slot(NodeId node) {
    Slot slot = nodes.get(node);
    if (slot == null) {
      throw new IllegalArgumentException("no node " + node + " in this world");
    }
    return slot;
  }

  // ---------------------------------------------------------------------------------------------
  // What a process sees

  /** The context of one incarnation; every call fails once that incarnation has crashed. */
  private final class NodeContext implements Context {
    private final Slot slot;
    private final int incarnation;
    private final Disk disk = new NodeDisk(this);

    NodeContext(Slot slot, int incarnation) {
      this.slot = slot;
      this.incarnation = incarnation;
    }

    Slot live() {
      if (slot.incarnation != incarnation || !slot.up()) {
        throw new IllegalStateException(
            "incarnation #" + incarnation + " of " + slot.id + " acted after its node crashed");
      }
      return slot;
    }

    @Override
    public NodeId self() {
      return slot.id;
    }

    @Override
    public long nowMs() {
      return nowMs;
    }

    @Override
    public List<NodeId> members() {
      return World.this.members(slot.group);
    }

    @Override
    public void send(NodeId to, Bytes message) {
      live();
      requireNode(to);
      if (message.length() > SimulationLimits.MESSAGE_BYTES_MAX) {
        throw new IllegalArgumentException(
            slot.id
                + " sent a message of "
                + message.length()
                + " bytes, MESSAGE_BYTES_MAX is "
                + SimulationLimits.MESSAGE_BYTES_MAX);
      }
      Link link = new Link(slot.id, to);
      coverage.add(Coverage.SENT);
      observe(
          new Observation.Sent(
              nowMs, link, message, slot.disk.lastWriteSequence(), slot.disk.lastSyncedSequence()));
      network.send(link, message);
    }

    @Override
    public void setTimer(TimerId timer, long atOrAfterMs) {
      live();
      EventQueue.Scheduled replaced = slot.timers.remove(timer);
      if (replaced != null) {
        queue.remove(replaced);
      } else if (slot.timers.size() >= SimulationLimits.TIMERS_PER_NODE_MAX) {
        throw new IllegalStateException(
            slot.id
                + " has TIMERS_PER_NODE_MAX = "
                + SimulationLimits.TIMERS_PER_NODE_MAX
                + " timers pending");
      }
      long jitterMs =
          faults.timerJitterMsMax() == 0 ? 0 : random.nextLong(faults.timerJitterMsMax() + 1);
      long atMs = Math.max(nowMs, atOrAfterMs);
      atMs = atMs > Long.MAX_VALUE - jitterMs ? Long.MAX_VALUE : atMs + jitterMs;
      slot.timers.put(timer, queue.add(atMs, new Event.Fire(slot.id, incarnation, timer)));
    }

    @Override
    public void cancelTimer(TimerId timer) {
      live();
      EventQueue.Scheduled cancelled = slot.timers.remove(timer);
      if (cancelled != null) {
        queue.remove(cancelled);
      }
    }

    @Override
    public Disk disk() {
      live();
      return disk;
    }

    @Override
    public RandomGenerator random() {
      return live().random;
    }

    @Override
    public void count(String name) {
      coverage.add(Coverage.PROCESS_PREFIX + name);
    }
  }

  /**
   * The disk as one incarnation sees it: writes fail after a crash; syncs are observed; an armed
   * sync crashes the node instead.
   */
  private final class NodeDisk implements Disk {
    private final NodeContext context;

    NodeDisk(NodeContext context) {
      this.context = context;
    }

    private DiskModel model() {
      return context.slot.disk;
    }

    @Override
    public int append(Bytes record) {
      return context.live().disk.append(record);
    }

    @Override
    public void truncateLog(int recordCount) {
      context.live().disk.truncateLog(recordCount);
    }

    @Override
    public void put(Bytes key, Bytes value) {
      context.live().disk.put(key, value);
    }

    @Override
    public void delete(Bytes key) {
      context.live().disk.delete(key);
    }

    @Override
    public SyncPoint sync() {
      Slot slot = context.live();
      if (slot.crashAtNextSync) {
        crash(slot, true);
        throw new CrashedAtSync(slot.id, context.incarnation);
      }
      SyncPoint point = slot.disk.sync(nowMs);
      coverage.add(Coverage.SYNCS);
      observe(new Observation.Synced(nowMs, slot.id, point.sequence()));
      return point;
    }

    @Override
    public List<Bytes> log() {
      return model().log();
    }

    @Override
    public Optional<Bytes> get(Bytes key) {
      return model().get(key);
    }

    @Override
    public SortedMap<Bytes, Bytes> entries() {
      return model().entries();
    }

    @Override
    public long lastWriteSequence() {
      return model().lastWriteSequence();
    }

    @Override
    public long lastSyncedSequence() {
      return model().lastSyncedSequence();
    }

    @Override
    public Optional<SyncPoint> lastSync() {
      return model().lastSync();
    }

    @Override
    public long syncCount() {
      return model().syncCount();
    }
  }
}
