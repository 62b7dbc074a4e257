/**
 * The shell around the simulated world: turns seeds into generators, sweeps seed ranges, prints
 * failures with the command that replays them, and starts fresh JVMs to prove a replay gives the
 * same trace. A simulation main is a few lines: {@code System.exit(new SimulationCommand(mainClass,
 * scenarios, System.out).run(args))}.
 */
package io.entente.simulation.runner;
