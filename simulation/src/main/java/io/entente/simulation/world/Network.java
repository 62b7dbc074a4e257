package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simulated network: one state per directed link (profile, messages in flight, clogged or not,
 * held messages) and the active partitions. Every random decision is drawn from the run's generator
 * when the message is sent: drop, delay, duplicate, duplicate's delay, in that order.
 *
 * <p>A partition is a named set of nodes cut off from every node outside it; messages across it are
 * dropped at send and at arrival. A clogged link holds what arrives on it and sends it on, each
 * with a fresh delay, when unclogged. Held messages still count as in flight.
 */
public final class Network {

  private static final class LinkState {
    LinkProfile profile;
    int inFlight;
    boolean clogged;
    final ArrayDeque<Event.Envelope> held = new ArrayDeque<>();

    LinkState(LinkProfile profile) {
      this.profile = profile;
    }
  }

  private final World world;
  private final LinkProfile defaultProfile;
  private final TreeMap<Link, LinkState> links = new TreeMap<>();
  private final TreeMap<String, TreeSet<NodeId>> partitions = new TreeMap<>();

  Network(World world, LinkProfile defaultProfile) {
    this.world = world;
    this.defaultProfile = defaultProfile;
  }

  // ---------------------------------------------------------------------------------------------
  // Faults, for scenarios and nemeses

  /** Cuts {@code side} off from every other node until {@link #heal} of the same name. */
  public void partition(String name, Collection<NodeId> side) {
    Names.require("partition", name);
    if (partitions.containsKey(name)) {
      throw new IllegalArgumentException("partition " + name + " is already active");
    }
    if (partitions.size() >= SimulationLimits.PARTITIONS_MAX) {
      throw new IllegalStateException(
          "PARTITIONS_MAX = " + SimulationLimits.PARTITIONS_MAX + " partitions are active");
    }
    TreeSet<NodeId> members = new TreeSet<>(side);
    members.forEach(world::requireNode);
    partitions.put(name, members);
    world.coverage().add(Coverage.PARTITIONS);
    world.observe(
        new Observation.NetworkChanged(world.nowMs(), "partition " + name + " " + members));
  }

  public void heal(String name) {
    if (partitions.remove(name) == null) {
      throw new IllegalArgumentException("no partition named " + name + " is active");
    }
    world.coverage().add(Coverage.HEALS);
    world.observe(new Observation.NetworkChanged(world.nowMs(), "heal " + name));
  }

  public void healAll() {
    for (String name : new ArrayList<>(partitions.keySet())) {
      heal(name);
    }
  }

  public void clog(NodeId from, NodeId to) {
    LinkState state = state(link(from, to));
    if (state.clogged) {
      throw new IllegalArgumentException("link " + from + "->" + to + " is already clogged");
    }
    state.clogged = true;
    world.coverage().add(Coverage.CLOGS);
    world.observe(new Observation.NetworkChanged(world.nowMs(), "clog " + from + "->" + to));
  }

  /** Opens a clogged link; its held messages leave in the order they arrived. */
  public void unclog(NodeId from, NodeId to) {
    Link link = link(from, to);
    LinkState state = state(link);
    if (!state.clogged) {
      throw new IllegalArgumentException("link " + link + " is not clogged");
    }
    state.clogged = false;
    world.coverage().add(Coverage.UNCLOGS);
    world.observe(new Observation.NetworkChanged(world.nowMs(), "unclog " + link));
    while (!state.held.isEmpty()) {
      Event.Envelope envelope = state.held.removeFirst();
      world.coverage().add(Coverage.RELEASED);
      world.observe(new Observation.Released(world.nowMs(), link, envelope.message()));
      world.schedule(world.nowMs() + delayMs(state.profile), new Event.Arrive(envelope));
    }
  }

  public void unclogAll() {
    for (Link link : cloggedLinks()) {
      unclog(link.from(), link.to());
    }
  }

  /** Changes how one directed link treats messages sent from now on. */
  public void setProfile(NodeId from, NodeId to, LinkProfile profile) {
    Link link = link(from, to);
    state(link).profile = profile;
    world.observe(new Observation.NetworkChanged(world.nowMs(), "profile " + link + " " + profile));
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** False when a partition separates the two nodes. */
  public boolean connected(NodeId a, NodeId b) {
    for (TreeSet<NodeId> side : partitions.values()) {
      if (side.contains(a) != side.contains(b)) {
        return false;
      }
    }
    return true;
  }

  public List<String> partitions() {
    return List.copyOf(partitions.keySet());
  }

  public List<Link> cloggedLinks() {
    List<Link> clogged = new ArrayList<>();
    for (Map.Entry<Link, LinkState> entry : links.entrySet()) {
      if (entry.getValue().clogged) {
        clogged.add(entry.getKey());
      }
    }
    return clogged;
  }

  public LinkProfile profile(NodeId from, NodeId to) {
    LinkState state = links.get(new Link(from, to));
    return state == null ? defaultProfile : state.profile;
  }

  public int inFlight(NodeId from, NodeId to) {
    LinkState state = links.get(new Link(from, to));
    return state == null ? 0 : state.inFlight;
  }

  // ---------------------------------------------------------------------------------------------
  // Carrying messages, for the world

  void send(Link link, Bytes message) {
    LinkState state = state(link);
    if (!connected(link.from(), link.to())) {
      drop(link, message, DropReason.PARTITION);
      return;
    }
    if (world.random().nextDouble() < state.profile.dropProbability()) {
      drop(link, message, DropReason.RANDOM);
      return;
    }
    dispatch(link, state, message);
    if (world.random().nextDouble() < state.profile.duplicateProbability()) {
      world.coverage().add(Coverage.DUPLICATED);
      world.observe(new Observation.Duplicated(world.nowMs(), link, message));
      dispatch(link, state, message);
    }
  }

  /** A message reached the end of its link: held if the link is clogged, else handed over. */
  void arrive(Event.Envelope envelope) {
    Link link = envelope.link();
    LinkState state = state(link);
    if (state.clogged) {
      state.held.addLast(envelope);
      world.coverage().add(Coverage.HELD);
      world.observe(new Observation.Held(world.nowMs(), link, envelope.message()));
      return;
    }
    state.inFlight--;
    if (state.inFlight < 0) {
      throw new IllegalStateException("link " + link + " has a negative in-flight count");
    }
    if (!connected(link.from(), link.to())) {
      drop(link, envelope.message(), DropReason.PARTITION);
      return;
    }
    world.deliver(link, envelope.message());
  }

  void drop(Link link, Bytes message, DropReason reason) {
    world.coverage().add(reason.counter());
    world.observe(new Observation.Dropped(world.nowMs(), link, message, reason));
  }

  private void dispatch(Link link, LinkState state, Bytes message) {
    if (state.inFlight >= state.profile.inFlightMax()) {
      drop(link, message, DropReason.LINK_FULL);
      return;
    }
    state.inFlight++;
    Event.Envelope envelope = new Event.Envelope(world.nextEnvelopeId(), link, message);
    world.schedule(world.nowMs() + delayMs(state.profile), new Event.Arrive(envelope));
  }

  private long delayMs(LinkProfile profile) {
    return profile.delayMinMs()
        + world.random().nextLong(profile.delayMaxMs() - profile.delayMinMs() + 1);
  }

  private Link link(NodeId from, NodeId to) {
    world.requireNode(from);
    world.requireNode(to);
    return new Link(from, to);
  }

  private LinkState state(Link link) {
    return links.computeIfAbsent(link, unused -> new LinkState(defaultProfile));
  }
}
