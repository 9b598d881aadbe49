package dev.aksburst.model;

import java.util.Objects;

/** A Deployment by namespace and name. */
public record WorkloadRef(String namespace, String name) implements Comparable<WorkloadRef> {
  public WorkloadRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  public static WorkloadRef of(String namespace, String name) {
    return new WorkloadRef(namespace, name);
  }

  @Override
  public int compareTo(WorkloadRef o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
