package io.entente.simulation.world;

import io.entente.core.bytes.Bytes;
import java.util.function.Consumer;

/** A process that runs a script at start and ignores everything else; keeps its context. */
final class Scripted implements Process {
  private final Consumer<Context> onStart;
  private Context context;

  Scripted(Consumer<Context> onStart) {
    this.onStart = onStart;
  }

  Context context() {
    return context;
  }

  @Override
  public void start(Context context) {
    this.context = context;
    onStart.accept(context);
  }

  @Override
  public void onMessage(Context context, NodeId from, Bytes message) {}

  @Override
  public void onTimer(Context context, TimerId timer) {}
}
