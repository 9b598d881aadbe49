package dev.aksburst.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What aks-burst does with the surges it learns to expect ({@code aksburst.dev/learn}).
 *
 * <ul>
 *   <li>{@link #OFF}: learns nothing;
 *   <li>{@link #SUGGEST}: proposes learned windows in status and Events, changes nothing (the
 *       default);
 *   <li>{@link #ACT}: learned windows act as scheduled windows: they pre-warm before the surge.
 * </ul>
 */
public enum LearnMode {
  OFF("off"),
  SUGGEST("suggest"),
  ACT("act");

  public static final LearnMode DEFAULT = SUGGEST;

  private final String wireName;

  LearnMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(LearnMode::wireName).toList();
  }

  public static Optional<LearnMode> fromWire(String s) {
    return Arrays.stream(values()).filter(v -> v.wireName.equals(s)).findFirst();
  }
}
