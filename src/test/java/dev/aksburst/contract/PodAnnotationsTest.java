package dev.aksburst.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodAnnotationsTest {
  @Test
  void onlyTrueIsKarpentersSentinel() {
    assertThat(
            PodAnnotations.managedDeletionCost(
                Map.of(Annotations.KARPENTER_MANAGED_DELETION_COST, "true")))
        .isTrue();
    assertThat(
            PodAnnotations.managedDeletionCost(
                Map.of(Annotations.KARPENTER_MANAGED_DELETION_COST, " True ")))
        .isTrue();
    assertThat(
            PodAnnotations.managedDeletionCost(
                Map.of(Annotations.KARPENTER_MANAGED_DELETION_COST, "false")))
        .isFalse();
    assertThat(PodAnnotations.managedDeletionCost(Map.of(Annotations.POD_DELETION_COST, "-3")))
        .isFalse();
  }

  @Test
  void deletionCostIsAnInt32() {
    List<String> problems = new ArrayList<>();
    assertThat(PodAnnotations.deletionCost("shop/web-1", " -100 ", problems))
        .isEqualTo(OptionalInt.of(-100));
    assertThat(PodAnnotations.deletionCost("shop/web-1", null, problems)).isEmpty();
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "cheap", "1.5", "2147483648"})
  void anythingElseIsReportedAndIgnored(String raw) {
    List<String> problems = new ArrayList<>();
    assertThat(PodAnnotations.deletionCost("shop/web-1", raw, problems)).isEmpty();
    assertThat(problems)
        .singleElement()
        .asString()
        .contains("shop/web-1", Annotations.POD_DELETION_COST, "not an int32");
  }
}
