package dev.aksburst.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kube-scheduler's PodTopologySpread filter, one row per rule it applies. */
class SpreadCountsTest {
  static final Map<String, String> WEB = Map.of("app", "web");
  static final Taint SYSTEM = new Taint("CriticalAddonsOnly", "true", "NoSchedule");

  static SpreadCounts.Domain node(String name, String zone, Taint... taints) {
    return new SpreadCounts.Domain(
        name, Map.of(TopologySpread.HOSTNAME, name, TopologySpread.ZONE, zone), List.of(taints));
  }

  static Map<String, String> labels(SpreadCounts.Domain d) {
    return d.labels();
  }

  static Placement spread(TopologySpread... c) {
    return Placement.NONE.withSpread(List.of(c));
  }

  static final SpreadCounts.Domain A = node("a", "z1");
  static final SpreadCounts.Domain B = node("b", "z2");

  @Test
  void withoutConstraintsEveryNodeIsAllowed() {
    SpreadCounts s = SpreadCounts.of(Placement.NONE, List.of(A), Map.of());
    assertThat(s.constrained()).isFalse();
    assertThat(s.allows(Map.of())).isTrue();
  }

  @Test
  void aNodeLackingTheKeyIsRefused() {
    SpreadCounts s =
        SpreadCounts.of(
            spread(TopologySpread.hard(1, TopologySpread.ZONE, WEB)), List.of(A), Map.of());
    assertThat(s.allows(Map.of("type", "virtual-kubelet"))).isFalse();
    assertThat(s.allows(labels(A))).isTrue();
  }

  @Test
  void aDomainMayNotExceedTheLeastPopulatedByMoreThanMaxSkew() {
    SpreadCounts s =
        SpreadCounts.of(
            spread(TopologySpread.hard(1, TopologySpread.HOSTNAME, WEB)),
            List.of(A, B),
            Map.of("a", List.of(WEB, WEB), "b", List.of(WEB)));
    assertThat(s.allows(labels(A))).as("2 + 1 - 1 > 1").isFalse();
    assertThat(s.allows(labels(B))).isTrue();
    s.add(labels(B));
    assertThat(s.allows(labels(A))).as("2 + 1 - 2 <= 1").isTrue();
  }

  @Test
  void onlyPodsTheSelectorMatchesCount() {
    SpreadCounts s =
        SpreadCounts.of(
            spread(TopologySpread.hard(1, TopologySpread.HOSTNAME, WEB)),
            List.of(A, B),
            Map.of("a", List.of(Map.of("app", "db"), Map.of("app", "db"))));
    assertThat(s.allows(labels(A))).isTrue();
  }

  @Test
  void aNilSelectorCountsNoPod() {
    TopologySpread nil =
        new TopologySpread(1, TopologySpread.HOSTNAME, true, List.of(), false, 1, false, true);
    SpreadCounts s = SpreadCounts.of(spread(nil), List.of(A, B), Map.of("a", List.of(WEB, WEB)));
    assertThat(s.allows(labels(A))).isTrue();
  }

  @Test
  void aTaintedNodeIsADomainUnlessNodeTaintsPolicyIsHonor() {
    SpreadCounts.Domain system = node("system", "z1", SYSTEM);
    Map<String, List<Map<String, String>>> pods = Map.of("a", List.of(WEB));
    SpreadCounts ignore =
        SpreadCounts.of(
            spread(TopologySpread.hard(1, TopologySpread.HOSTNAME, WEB)), List.of(A, system), pods);
    assertThat(ignore.allows(labels(A)))
        .as("the untolerated system node holds 0 and still counts (Ignore)")
        .isFalse();
    TopologySpread honor =
        new TopologySpread(
            1,
            TopologySpread.HOSTNAME,
            true,
            List.of(NodeSelectorRequirement.in("app", "web")),
            true,
            1,
            true,
            true);
    assertThat(SpreadCounts.of(spread(honor), List.of(A, system), pods).allows(labels(A))).isTrue();
  }

  @Test
  void aNodeTheAffinityExcludesIsNoDomainUnlessNodeAffinityPolicyIsIgnore() {
    Placement onlyA =
        new Placement(List.of(), Map.of(TopologySpread.ZONE, "z1"), List.of(), List.of());
    Map<String, List<Map<String, String>>> pods = Map.of("a", List.of(WEB));
    TopologySpread honor = TopologySpread.hard(1, TopologySpread.HOSTNAME, WEB);
    assertThat(
            SpreadCounts.of(onlyA.withSpread(List.of(honor)), List.of(A, B), pods)
                .allows(labels(A)))
        .isTrue();
    TopologySpread ignore =
        new TopologySpread(
            1, TopologySpread.HOSTNAME, true, honor.selector(), true, 1, false, false);
    assertThat(
            SpreadCounts.of(onlyA.withSpread(List.of(ignore)), List.of(A, B), pods)
                .allows(labels(A)))
        .isFalse();
  }

  @Test
  void belowMinDomainsTheLeastPopulatedCountsAsZero() {
    TopologySpread three =
        new TopologySpread(2, TopologySpread.ZONE, true, List.of(), true, 3, false, true);
    SpreadCounts s =
        SpreadCounts.of(
            spread(three), List.of(A, B), Map.of("a", List.of(WEB, WEB), "b", List.of(WEB, WEB)));
    assertThat(s.allows(labels(A))).as("2 + 1 - 0 > 2 with 2 of 3 domains").isFalse();
  }

  @Test
  void scheduleAnywayDoesNotFilter() {
    TopologySpread soft =
        new TopologySpread(1, TopologySpread.ZONE, false, List.of(), true, 1, false, true);
    SpreadCounts s = SpreadCounts.of(spread(soft), List.of(A), Map.of());
    assertThat(s.allows(Map.of())).isTrue();
  }
}
