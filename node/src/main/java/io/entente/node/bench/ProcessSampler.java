package io.entente.node.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and peak resident memory of a process, from Linux's {@code /proc}: {@code utime + stime}
 * of {@code /proc/PID/stat} and {@code VmHWM} of {@code /proc/PID/status}.
 */
final class ProcessSampler {
  /** Clock ticks per second of {@code /proc/PID/stat}; 100 on every Linux we run on. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private static final int UTIME_FIELD = 14;
  private static final int STIME_FIELD = 15;

  private ProcessSampler() {}

  /** Whether this machine has {@code /proc} (Linux); elsewhere CPU and RSS are reported as -1. */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  /** User plus system CPU seconds the process used so far; -1 when it cannot be read. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) is in parentheses and may hold spaces: count after it.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks =
          Long.parseLong(fields[UTIME_FIELD - 3]) + Long.parseLong(fields[STIME_FIELD - 3]);
      return (double) ticks / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Peak resident set size in bytes (VmHWM); -1 when it cannot be read. */
  static long peakRssBytes(long pid) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
      for (String line : lines) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
