package dev.aksburst.model;

import java.util.Locale;

/**
 * Where a demand floor came from. Serialized lower-case: alert, schedule, manual, event, learned (a
 * learned window acting, {@code aksburst.dev/learn: act}).
 */
public enum IntentSource {
  ALERT,
  SCHEDULE,
  MANUAL,
  EVENT,
  LEARNED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IntentSource fromWire(String s) {
    return IntentSource.valueOf(s.toUpperCase(Locale.ROOT));
  }
}
