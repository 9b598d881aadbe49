package dev.aksburst.model;

/**
 * A pod toleration with the scheduler's matching rule. A null/empty key with operator Exists
 * tolerates everything; a null/empty effect matches every effect.
 */
public record Toleration(String key, String operator, String value, String effect) {
  public Toleration {
    key = key == null ? "" : key;
    operator = operator == null || operator.isEmpty() ? "Equal" : operator;
    value = value == null ? "" : value;
    effect = effect == null ? "" : effect;
  }

  public boolean tolerates(Taint taint) {
    if (!effect.isEmpty() && !effect.equals(taint.effect())) {
      return false;
    }
    if (key.isEmpty()) {
      return "Exists".equals(operator);
    }
    if (!key.equals(taint.key())) {
      return false;
    }
    return "Exists".equals(operator) || value.equals(taint.value());
  }
}
