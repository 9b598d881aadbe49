package dev.aksburst.model;

import java.util.Objects;

/**
 * A node taint; {@code value} may be empty. Effect is NoSchedule, PreferNoSchedule or NoExecute.
 */
public record Taint(String key, String value, String effect) {
  public Taint {
    Objects.requireNonNull(key, "taint key");
    value = value == null ? "" : value;
    Objects.requireNonNull(effect, "taint effect");
  }
}
