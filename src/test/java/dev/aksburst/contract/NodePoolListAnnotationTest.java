package dev.aksburst.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code aksburst.dev/node-pool} names one pool or an ordered list of them. */
class NodePoolListAnnotationTest {
  private static WorkloadAnnotations.Parsed parse(String v) {
    return WorkloadAnnotations.parse(Map.of(Annotations.NODE_POOL, v));
  }

  @Test
  void anOrderedListIsKeptInOrderAndTheFirstIsThePool() {
    WorkloadAnnotations.Parsed p = parse(" burst-d4as, burst-d4s ,agentpool");
    assertThat(p.problems()).isEmpty();
    assertThat(p.policy().nodePools()).containsExactly("burst-d4as", "burst-d4s", "agentpool");
    assertThat(p.policy().nodePool()).contains("burst-d4as");
  }

  @Test
  void onePoolIsAListOfOne() {
    assertThat(parse("userpool").policy().nodePools()).containsExactly("userpool");
  }

  @Test
  void anEmptyEntryAnInvalidNameOrARepeatIsAProblemAndNoPoolIsUsed() {
    for (String bad : new String[] {"a,,b", "a, b c", "a, b, a", ""}) {
      WorkloadAnnotations.Parsed p = parse(bad);
      assertThat(p.policy().nodePools()).as(bad).isEmpty();
      assertThat(p.policy().nodePool()).as(bad).isEmpty();
      assertThat(p.problems()).as(bad).singleElement().asString().contains(Annotations.NODE_POOL);
    }
  }
}
