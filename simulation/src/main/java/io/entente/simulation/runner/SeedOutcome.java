package io.entente.simulation.runner;

import io.entente.simulation.world.RunResult;

/** The result of one seed, with the wall time it took (measured, printed, never asserted). */
public record SeedOutcome(long seed, RunResult result, long wallMs) {}
