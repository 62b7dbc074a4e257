package io.entente.app.colending;

import java.time.LocalDate;

/**
 * Business dates in Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so a
 * fixed offset gives the same calendar as the time-zone database while keeping every validator
 * independent of its JDK's tzdata version.
 */
final class ShanghaiCalendar {
  private ShanghaiCalendar() {}

  static final long OFFSET_MS = 8 * ColendingLimits.HOUR_MS;

  /** The Shanghai calendar day (days since 1970-01-01) of a block time. */
  static int day(long epochMs) {
    return Math.toIntExact(Math.floorDiv(epochMs + OFFSET_MS, ColendingLimits.DAY_MS));
  }

  /** The block time of 00:00 Shanghai on {@code day}. */
  static long startOfDay(int day) {
    return day * ColendingLimits.DAY_MS - OFFSET_MS;
  }

  static String iso(int day) {
    return LocalDate.ofEpochDay(day).toString();
  }

  static int parse(String isoDate) {
    return Math.toIntExact(LocalDate.parse(isoDate).toEpochDay());
  }
}
