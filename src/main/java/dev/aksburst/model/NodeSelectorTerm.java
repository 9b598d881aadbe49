package dev.aksburst.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One term of a required node affinity: every {@code matchExpressions} requirement (on the node's
 * labels) and every {@code matchFields} requirement (on its fields; only {@code metadata.name}
 * exists) must match. As in kube-scheduler, a term with neither matches no node.
 */
public record NodeSelectorTerm(
    List<NodeSelectorRequirement> matchExpressions, List<NodeSelectorRequirement> matchFields) {
  /** The only node field a selector term can name. */
  public static final String NODE_NAME_FIELD = "metadata.name";

  public NodeSelectorTerm {
    matchExpressions = List.copyOf(matchExpressions);
    matchFields = List.copyOf(matchFields);
  }

  public static NodeSelectorTerm of(NodeSelectorRequirement... expressions) {
    return new NodeSelectorTerm(List.of(expressions), List.of());
  }

  /**
   * The term admits a node with these labels.
   *
   * @param nodeName the node's name, or null for a node that does not exist yet (then {@code
   *     metadata.name In [...]} does not match and {@code NotIn} does)
   */
  public boolean matches(String nodeName, Map<String, String> labels) {
    if (matchExpressions.isEmpty() && matchFields.isEmpty()) {
      return false;
    }
    for (NodeSelectorRequirement r : matchExpressions) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    if (!matchFields.isEmpty()) {
      Map<String, String> fields = new HashMap<>();
      if (nodeName != null) {
        fields.put(NODE_NAME_FIELD, nodeName);
      }
      for (NodeSelectorRequirement r : matchFields) {
        if (!NODE_NAME_FIELD.equals(r.key()) || !r.matches(fields)) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (NodeSelectorRequirement r : matchExpressions) {
      sb.append(sb.isEmpty() ? "" : " && ").append(r);
    }
    for (NodeSelectorRequirement r : matchFields) {
      sb.append(sb.isEmpty() ? "" : " && ").append("field ").append(r);
    }
    return sb.isEmpty() ? "(empty term: matches nothing)" : sb.toString();
  }
}
