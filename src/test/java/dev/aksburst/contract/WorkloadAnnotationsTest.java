package dev.aksburst.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.BurstSize;
import dev.aksburst.model.BurstStrategy;
import dev.aksburst.model.LearnMode;
import dev.aksburst.model.Window;
import dev.aksburst.model.WorkloadPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadAnnotationsTest {

  @Test
  void noAnnotationsGiveDefaultsAndNoProblems() {
    WorkloadAnnotations.Parsed p = WorkloadAnnotations.parse(Map.of());
    assertThat(p.policy()).isEqualTo(WorkloadPolicy.DEFAULTS);
    assertThat(p.problems()).isEmpty();
    assertThat(p.policy().burstOrDefault()).isEqualTo(new BurstSize.Times(2));
    assertThat(p.policy().holdOrDefault()).isEqualTo(Duration.ofMinutes(15));
  }

  @ParameterizedTest
  @CsvSource({"cost,COST", "vm-first,VM_FIRST", "aci-first,ACI_FIRST", "' vm-first ',VM_FIRST"})
  void strategies(String text, BurstStrategy expected) {
    WorkloadAnnotations.Parsed p = WorkloadAnnotations.parse(Map.of("aksburst.dev/strategy", text));
    assertThat(p.problems()).isEmpty();
    assertThat(p.policy().strategy()).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"off,OFF", "suggest,SUGGEST", "act,ACT"})
  void learnModes(String text, LearnMode expected) {
    WorkloadAnnotations.Parsed p = WorkloadAnnotations.parse(Map.of("aksburst.dev/learn", text));
    assertThat(p.problems()).isEmpty();
    assertThat(p.policy().learnOrDefault()).isEqualTo(expected);
  }

  @Test
  void capacityModesParseAndTheClusterDefaultAppliesWithoutOne() {
    assertThat(
            WorkloadAnnotations.parse(Map.of("aksburst.dev/capacity", "placeholders"))
                .policy()
                .capacityOr(dev.aksburst.model.CapacityMode.NODE_POOL))
        .isEqualTo(dev.aksburst.model.CapacityMode.PLACEHOLDERS);
    assertThat(
            WorkloadAnnotations.parse(Map.of("aksburst.dev/capacity", "node-pool"))
                .policy()
                .capacityOr(dev.aksburst.model.CapacityMode.PLACEHOLDERS))
        .isEqualTo(dev.aksburst.model.CapacityMode.NODE_POOL);
    assertThat(
            WorkloadAnnotations.parse(Map.of())
                .policy()
                .capacityOr(dev.aksburst.model.CapacityMode.PLACEHOLDERS))
        .isEqualTo(dev.aksburst.model.CapacityMode.PLACEHOLDERS);
  }

  @Test
  void learningSuggestsByDefaultInTheZoneOfTheFirstWindowElseUtc() {
    assertThat(WorkloadPolicy.DEFAULTS.learnOrDefault()).isEqualTo(LearnMode.SUGGEST);
    assertThat(WorkloadPolicy.DEFAULTS.learnZoneOrDefault()).isEqualTo("UTC");
    WorkloadAnnotations.Parsed withWindow =
        WorkloadAnnotations.parse(
            Map.of(
                "aksburst.dev/windows",
                "[{\"start\":\"0 8 * * *\",\"end\":\"0 18 * * *\","
                    + "\"timezone\":\"Europe/Berlin\",\"replicas\":3}]"));
    assertThat(withWindow.policy().learnZoneOrDefault()).isEqualTo("Europe/Berlin");
    WorkloadAnnotations.Parsed explicit =
        WorkloadAnnotations.parse(Map.of("aksburst.dev/learn-timezone", "America/New_York"));
    assertThat(explicit.problems()).isEmpty();
    assertThat(explicit.policy().learnZoneOrDefault()).isEqualTo("America/New_York");
  }

  @Test
  void absentStrategyIsCost() {
    assertThat(WorkloadAnnotations.parse(Map.of()).policy().strategyOrDefault())
        .isEqualTo(BurstStrategy.COST);
  }

  @Test
  void everyAnnotationValid() {
    WorkloadAnnotations.Parsed p =
        WorkloadAnnotations.parse(
            Map.of(
                "aksburst.dev/max-replicas", "40",
                "aksburst.dev/burst", "x1.5",
                "aksburst.dev/hold", "1h30m",
                "aksburst.dev/alert-rules", " cpu-high , queue-depth,,cpu-high ",
                "aksburst.dev/windows",
                    "[{\"start\":\"0 8 * * 1-5\",\"end\":\"0 18 * * 1-5\","
                        + "\"timezone\":\"Europe/Amsterdam\",\"replicas\":12,\"leadTime\":\"10m\"}]",
                "aksburst.dev/max-virtual-pods", "0",
                "aksburst.dev/node-pool", "userpool",
                "aksburst.dev/state", "{}"));
    assertThat(p.problems()).isEmpty();
    WorkloadPolicy w = p.policy();
    assertThat(w.maxReplicas()).isEqualTo(OptionalInt.of(40));
    assertThat(w.burst()).contains(new BurstSize.Times(1.5));
    assertThat(w.hold()).contains(Duration.ofMinutes(90));
    assertThat(w.alertRules()).containsExactly("cpu-high", "queue-depth");
    assertThat(w.windows())
        .containsExactly(
            new Window(
                "0 8 * * 1-5",
                "0 18 * * 1-5",
                "Europe/Amsterdam",
                12,
                Optional.of(Duration.ofMinutes(10))));
    assertThat(w.maxVirtualPods()).isEqualTo(OptionalInt.of(0));
    assertThat(w.nodePool()).contains("userpool");
  }

  static Stream<Arguments> bursts() {
    return Stream.of(
        Arguments.of("20", new BurstSize.Absolute(20)),
        Arguments.of(" +10 ", new BurstSize.Plus(10)),
        Arguments.of("x2", new BurstSize.Times(2)),
        Arguments.of("x1.5", new BurstSize.Times(1.5)),
        Arguments.of("proportional", new BurstSize.Proportional()));
  }

  @ParameterizedTest
  @MethodSource("bursts")
  void burstSizes(String text, BurstSize expected) {
    WorkloadAnnotations.Parsed p = WorkloadAnnotations.parse(Map.of("aksburst.dev/burst", text));
    assertThat(p.problems()).isEmpty();
    assertThat(p.policy().burst()).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "15m,PT15M",
    "90s,PT1M30S",
    "1h30m,PT1H30M",
    "PT15M,PT15M",
    "2h,PT2H",
    "0s,PT0S",
    "1d,PT24H"
  })
  void holdDurations(String text, String iso) {
    WorkloadAnnotations.Parsed p = WorkloadAnnotations.parse(Map.of("aksburst.dev/hold", text));
    assertThat(p.problems()).isEmpty();
    assertThat(p.policy().hold()).contains(Duration.parse(iso));
  }

  /** key, value, a fragment the problem must contain. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "aksburst.dev/max-replicas|0|expected a whole number >= 1",
        "aksburst.dev/max-replicas|ten|expected a whole number >= 1",
        "aksburst.dev/max-replicas|99999999999|expected a whole number >= 1",
        "aksburst.dev/max-virtual-pods|-1|expected a whole number >= 0",
        "aksburst.dev/burst|x0.5|a factor >= 1",
        "aksburst.dev/burst|+0|an increment (+10)",
        "aksburst.dev/burst|0|expected replicas (20)",
        "aksburst.dev/burst|double|proportional",
        "aksburst.dev/hold|15 minutes|expected e.g. 15m, 90s, 1h30m",
        "aksburst.dev/hold|-PT5M|negative",
        "aksburst.dev/hold|''|is not a duration",
        "aksburst.dev/alert-rules|' , '|names no rule",
        "aksburst.dev/node-pool|user pool|not a node pool name",
        "aksburst.dev/strategy|cheapest|expected cost (the default), vm-first or aci-first",
        "aksburst.dev/learn|yes|expected off, suggest (the default: propose learned windows) or act",
        "aksburst.dev/learn|acts|did you mean act?",
        "aksburst.dev/learn|Suggest|did you mean suggest?",
        "aksburst.dev/learn|' act'|did you mean act?",
        "aksburst.dev/learn-timezone|Berlin|is not an IANA time zone",
        "aksburst.dev/capacity|placeholder|aksburst.dev/capacity=\"placeholder\" is not a capacity mode: did you mean placeholders?",
        "aksburst.dev/capacity|nodepool|did you mean node-pool?",
        "aksburst.dev/capacity|karpenter|expected node-pool (the default: size an agent pool through ARM) or placeholders",
        "aksburst.dev/capasity|placeholders|did you mean aksburst.dev/capacity?",
        "aksburst.dev/learn-timzone|UTC|did you mean aksburst.dev/learn-timezone?",
        "aksburst.dev/windows|not json|is not valid JSON",
        "aksburst.dev/windows|{}|must be a JSON list",
        "aksburst.dev/windows|[{\"start\":\"0 8 * *\",\"end\":\"0 18 * * *\",\"timezone\":\"UTC\",\"replicas\":3}]|[0].start=\"0 8 * *\" is not a 5-field UNIX cron",
        "aksburst.dev/windows|[{\"start\":\"0 8 * * *\",\"end\":\"0 61 * * *\",\"timezone\":\"UTC\",\"replicas\":3}]|[0].end",
        "aksburst.dev/windows|[{\"start\":\"0 8 * * *\",\"end\":\"0 18 * * *\",\"timezone\":\"Mars/Olympus\",\"replicas\":3}]|is not a time zone",
        "aksburst.dev/windows|[{\"start\":\"0 8 * * *\",\"end\":\"0 18 * * *\",\"timezone\":\"UTC\",\"replicas\":-3}]|[0].replicas=-3",
        "aksburst.dev/windows|[{\"start\":\"0 8 * * *\",\"end\":\"0 18 * * *\",\"timezone\":\"UTC\",\"replicas\":3,\"leadTime\":\"soon\"}]|[0].leadTime=\"soon\"",
        "aksburst.dev/windows|[{\"start\":\"0 8 * * *\",\"end\":\"0 18 * * *\",\"timezone\":\"UTC\",\"replicas\":3,\"lead\":\"5m\"}]|[0].lead: unknown field; did you mean leadTime?",
        "aksburst.dev/windows|[{\"end\":\"0 18 * * *\",\"timezone\":\"UTC\",\"replicas\":3}]|[0].start is missing",
        "aksburst.dev/max-replica|5|aksburst.dev/max-replica: unknown annotation; did you mean aksburst.dev/max-replicas?",
        "aksburst.dev/strtegy|cost|aksburst.dev/strtegy: unknown annotation",
      })
  void invalidValuesAreReportedAndLeftEmpty(String key, String value, String expected) {
    WorkloadAnnotations.Parsed p = WorkloadAnnotations.parse(Map.of(key, value));
    assertThat(p.problems()).anySatisfy(m -> assertThat(m).contains(key).contains(expected));
    assertThat(p.policy()).isEqualTo(WorkloadPolicy.DEFAULTS);
  }

  @Test
  void oneBadWindowLeavesTheWholeFieldEmptyAndKeepsTheOtherAnnotations() {
    WorkloadAnnotations.Parsed p =
        WorkloadAnnotations.parse(
            Map.of(
                "aksburst.dev/max-replicas",
                "10",
                "aksburst.dev/windows",
                "[{\"start\":\"0 8 * * *\",\"end\":\"0 18 * * *\",\"timezone\":\"UTC\","
                    + "\"replicas\":3},"
                    + "{\"start\":\"0 8 * * *\",\"end\":\"0 18 * * *\",\"timezone\":\"UTC\"}]"));
    assertThat(p.policy().windows()).isEmpty();
    assertThat(p.policy().maxReplicas()).isEqualTo(OptionalInt.of(10));
    assertThat(p.problems())
        .containsExactly(
            "aksburst.dev/windows[1].replicas=null is not valid: expected a whole number >= 0",
            "aksburst.dev/windows ignored as a whole until every window is valid");
  }

  @Test
  void problemsNameTheValue() {
    List<String> problems =
        WorkloadAnnotations.parse(Map.of("aksburst.dev/burst", "triple")).problems();
    assertThat(problems)
        .containsExactly(
            "aksburst.dev/burst=\"triple\" is not valid: expected replicas (20), an increment"
                + " (+10), a factor >= 1 (x2, x1.5) or proportional");
  }
}
