package io.entente.simulation.world;

/** A sync of one disk: every write up to {@code sequence} became durable at {@code timeMs}. */
public record SyncPoint(long sequence, long timeMs) {}
