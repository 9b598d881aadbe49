package dev.aksburst.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodAnnotationsTest {
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
