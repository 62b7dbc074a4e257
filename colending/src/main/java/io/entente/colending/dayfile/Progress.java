package io.entente.colending.dayfile;

/** Told how many records have been read so far, e.g. to draw a progress bar. */
@FunctionalInterface
public interface Progress {
  Progress NONE = records -> {};

  /** Called every {@code PROGRESS_EVERY_RECORDS} records and once at the end. */
  void recordsRead(long records);
}
