package io.entente.simulation.world;

import java.util.random.RandomGenerator;

/**
 * A whole simulated run as a function of one generator: it builds a world (drawing its fault plan
 * from the generator first), runs it and returns the result. The runner makes the generator from a
 * seed, so a seed names a run.
 */
public interface Scenario {

  /** A short name for the command line, e.g. {@code counter}. */
  String name();

  RunResult run(RandomGenerator.SplittableGenerator random);
}
