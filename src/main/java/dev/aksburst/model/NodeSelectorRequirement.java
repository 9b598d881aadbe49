package dev.aksburst.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code key operator values} requirement of a node selector term, evaluated as kube-scheduler
 * does ({@code k8s.io/component-helpers/scheduling/corev1/nodeaffinity}): {@code In} and {@code
 * NotIn} compare the label's value with the list; a node lacking the key does not match {@code In},
 * and matches {@code NotIn}; {@code Exists} and {@code DoesNotExist} look at the key only; {@code
 * Gt} and {@code Lt} compare the value and the single listed number as integers, and a label that
 * is absent or not an integer does not match. An unknown operator matches nothing (the API server
 * rejects it, so only a hand-made object can carry one).
 *
 * @param key a label key, or for {@code matchFields} the field ({@code metadata.name})
 */
public record NodeSelectorRequirement(String key, String operator, List<String> values) {
  /** The operators of {@code core/v1} NodeSelectorOperator. */
  public static final List<String> OPERATORS =
      List.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

  public NodeSelectorRequirement {
    key = key == null ? "" : key;
    operator = operator == null ? "" : operator;
    values = values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
  }

  public static NodeSelectorRequirement in(String key, String... values) {
    return new NodeSelectorRequirement(key, "In", List.of(values));
  }

  public static NodeSelectorRequirement notIn(String key, String... values) {
    return new NodeSelectorRequirement(key, "NotIn", List.of(values));
  }

  /** The operator is one the scheduler knows. */
  public boolean understood() {
    return OPERATORS.contains(operator);
  }

  /** Matches a node whose labels (or fields) are {@code labels}. */
  public boolean matches(Map<String, String> labels) {
    String v = labels.get(key);
    return switch (operator) {
      case "In" -> v != null && values.contains(v);
      case "NotIn" -> v == null || !values.contains(v);
      case "Exists" -> v != null;
      case "DoesNotExist" -> v == null;
      case "Gt" -> compare(v).map(c -> c > 0).orElse(false);
      case "Lt" -> compare(v).map(c -> c < 0).orElse(false);
      default -> false;
    };
  }

  /** The label value compared with the single listed integer; empty when either is not one. */
  private Optional<Integer> compare(String labelValue) {
    if (labelValue == null || values.size() != 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Long.compare(Long.parseLong(labelValue.trim()), Long.parseLong(values.get(0).trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return key + " " + operator + (values.isEmpty() ? "" : " " + values);
  }
}
