package dev.aksburst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aksburst.sim.CostRates;
import dev.aksburst.sim.SeedScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** whatif-grid.json written by the grid and the learned-windows what-if, in either order. */
class GridFileTest {
  @TempDir Path dir;

  private static final List<WhatIfGrid.Row> GRID =
      List.of(
          new WhatIfGrid.Row("seed", "payg-DS2_v2", "500m-1Gi", "aci-only", "n/a", 990, 0.41),
          new WhatIfGrid.Row("seed", "payg-DS2_v2", "500m-1Gi", "aks-burst", "cold", 920, 0.39),
          new WhatIfGrid.Row("seed", "payg-DS2_v2", "500m-1Gi", "aks-burst", "warm", 920, 0.38));

  private static List<WhatIfGrid.Row> learned() {
    Map<LearnBench.Policy, LearnBench.Outcome> rec = new LinkedHashMap<>();
    rec.put(LearnBench.Policy.ACI_ONLY, new LearnBench.Outcome(5040, 37.1, 9900, 74.2, 0));
    rec.put(LearnBench.Policy.REACTIVE, new LearnBench.Outcome(23800, 27.1, 47000, 54.0, 0));
    rec.put(LearnBench.Policy.LEARN_COST, new LearnBench.Outcome(280, 28.2, 5000, 56.0, 1));
    rec.put(LearnBench.Policy.LEARN_VM_FIRST, new LearnBench.Outcome(250, 32.4, 4800, 64.0, 1));
    return LearnBench.gridRows(rec);
  }

  @Test
  void theLearnedTraceHasAciOnlyAndBothLearningPoliciesOfTheSecondWeekUnderTheGridsNames() {
    List<WhatIfGrid.Row> rows = learned();
    assertThat(rows)
        .extracting(WhatIfGrid.Row::policy)
        .containsExactly("aci-only", "aks-burst", "aks-burst-vm-first");
    assertThat(rows).extracting(WhatIfGrid.Row::history).containsExactly("n/a", "warm", "warm");
    assertThat(rows)
        .extracting(WhatIfGrid.Row::unmetPodSeconds)
        .containsExactly(5040.0, 280.0, 250.0);
    assertThat(rows).extracting(WhatIfGrid.Row::costUsd).containsExactly(37.1, 28.2, 32.4);
    assertThat(rows)
        .allMatch(
            r ->
                r.trace().equals("recurring-weekday-alert")
                    && r.priceBook().equals(LearnBench.GRID_PRICE_BOOK)
                    && r.podShape().equals(LearnBench.GRID_POD_SHAPE));
    // The names say what LearnBench runs: the seed's pod and the simulator's 2025 prices.
    WhatIfGrid.PodShape shape =
        WhatIfGrid.shapes().stream()
            .filter(s -> s.id().equals(LearnBench.GRID_POD_SHAPE))
            .findFirst()
            .orElseThrow();
    assertThat(shape.requests()).isEqualTo(SeedScenario.POD_REQUESTS);
    assertThat(LearnBench.settings().prices()).isEqualTo(CostRates.EAST_US_2025);
    assertThat(WhatIfGrid.priceBooks()).noneMatch(b -> b.id().equals(LearnBench.GRID_PRICE_BOOK));
  }

  @Test
  void eitherOrderKeepsTheGridsRowsAndAddsTheLearnedTracesWithExactlyTheFields() throws Exception {
    Path gridFirst = dir.resolve("a").resolve(GridFile.NAME);
    GridFile.merge(gridFirst, GRID);
    GridFile.merge(gridFirst, learned());
    Path learnFirst = dir.resolve("b").resolve(GridFile.NAME);
    GridFile.merge(learnFirst, learned());
    GridFile.merge(learnFirst, GRID);

    for (Path file : List.of(gridFirst, learnFirst)) {
      assertThat(WhatIfGrid.readJson(file))
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.Stream.concat(GRID.stream(), learned().stream()).toList());
      JsonNode array = new ObjectMapper().readTree(Files.readString(file));
      assertThat(array.isArray()).isTrue();
      assertThat(array).hasSize(GRID.size() + 3);
      for (JsonNode o : array) {
        assertThat(StreamSupport.stream(((Iterable<String>) o::fieldNames).spliterator(), false))
            .containsExactlyInAnyOrder(
                "trace",
                "priceBook",
                "podShape",
                "policy",
                "history",
                "unmetPodSeconds",
                "costUsd");
      }
    }
  }

  @Test
  void aRerunReplacesItsOwnRowsInPlaceAndKeepsTheOthers() throws Exception {
    Path file = dir.resolve(GridFile.NAME);
    GridFile.merge(file, GRID);
    GridFile.merge(file, learned());
    WhatIfGrid.Row rerun =
        new WhatIfGrid.Row("seed", "payg-DS2_v2", "500m-1Gi", "aks-burst", "warm", 100, 0.5);
    List<WhatIfGrid.Row> all = GridFile.merge(file, List.of(rerun));
    assertThat(all).hasSize(GRID.size() + 3);
    assertThat(all.get(2)).isEqualTo(rerun);
    assertThat(all.subList(0, 2)).isEqualTo(GRID.subList(0, 2));
    assertThat(all.subList(3, 6)).isEqualTo(learned());
    assertThat(WhatIfGrid.readJson(file)).isEqualTo(all);
  }

  @Test
  void twoRowsOfOneKeyAreRefusedAndTheFileIsLeftAlone() throws Exception {
    Path file = dir.resolve(GridFile.NAME);
    GridFile.merge(file, GRID);
    String before = Files.readString(file);
    assertThatThrownBy(() -> GridFile.merge(file, List.of(GRID.get(0), GRID.get(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two rows for")
        .hasMessageContaining("aci-only");
    assertThat(Files.readString(file)).isEqualTo(before);
  }
}
