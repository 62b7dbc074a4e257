/**
 * The simulated world (DESIGN §5.2): whole channels in one thread, on virtual time, from one seed.
 * Pure: no clock, threads, files or randomness of its own; the run's generator is passed in.
 *
 * <p>How the pieces fit:
 *
 * <ul>
 *   <li>{@link io.entente.simulation.world.World} holds nodes in named groups (channels), the
 *       {@link io.entente.simulation.world.Network} between them and one {@link
 *       io.entente.simulation.world.Disk} per node, and runs the event loop ({@code runUntil}).
 *       Scenarios and nemeses change the world through control actions scheduled with {@code at}:
 *       partitions, clogs, link profiles, {@code crash}, {@code crashAtNextSync} (the node dies at
 *       its next disk sync, inside its own event, losing what that sync was for), {@code restart}.
 *   <li>A {@link io.entente.simulation.world.Process} is one node's program; it exchanges opaque
 *       {@code Bytes} messages and sees the world only through its {@link
 *       io.entente.simulation.world.Context}: time, send, timers, its disk, its own generator,
 *       coverage counters.
 *   <li>Every event yields {@link io.entente.simulation.world.Observation}s: they are chained into
 *       the trace hash, counted in {@link io.entente.simulation.world.Coverage}, and handed to the
 *       {@link io.entente.simulation.world.Invariant}s after the event.
 *   <li>A {@link io.entente.simulation.world.Scenario} is a whole run as a function of one
 *       generator; the runner (shell) turns seeds into generators.
 * </ul>
 *
 * <p>An adapter for a pure state machine ({@code step(state, event) -> (state, actions)}) is a
 * {@code Process} that decodes each message, steps, and carries out the actions in order through
 * the context: persist to the disk, sync, then send, as DESIGN §2 requires and {@link
 * io.entente.simulation.world.DurabilityInvariants#syncBeforeSend()} checks.
 */
package io.entente.simulation.world;
