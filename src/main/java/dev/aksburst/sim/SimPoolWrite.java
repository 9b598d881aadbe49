package dev.aksburst.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * One ARM write to a simulated agent pool that ARM accepted (its operation may still fail).
 *
 * @param field what the write changed: {@code count}, {@code minCount}, {@code deleteMachines}
 *     (named machines deleted, the count lowered by as many), or for a VirtualMachines pool {@code
 *     virtualMachinesProfile.scale.manual[<size>].count}
 * @param from the pool's value before
 * @param to the value written
 */
public record SimPoolWrite(String pool, String field, int from, int to, Instant at) {
  public SimPoolWrite {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(at, "at");
  }
}
