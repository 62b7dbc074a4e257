package io.entente.simulation.toy;

import io.entente.simulation.runner.SimulationCommand;

/** The command line over the toy scenarios, for replays and for the fresh-JVM test. */
public final class ToyMain {
  private ToyMain() {}

  public static void main(String[] args) {
    int exitCode =
        new SimulationCommand(ToyMain.class.getName(), ToyScenarios.all(), System.out).run(args);
    System.out.flush();
    System.exit(exitCode);
  }
}
