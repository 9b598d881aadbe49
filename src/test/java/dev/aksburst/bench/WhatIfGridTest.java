package dev.aksburst.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariants of the what-if grid on one cheap cell (simulated time), never its figures. */
class WhatIfGridTest {
  @TempDir Path dir;

  @Test
  void oneCellHasEveryPolicyAndAksBurstColdAndWarmWrittenWithExactlyTheFields() throws Exception {
    WhatIfGrid.Trace spike =
        WhatIfGrid.traces().stream()
            .filter(t -> t.id().equals("spike-10m"))
            .findFirst()
            .orElseThrow();
    List<WhatIfGrid.Row> rows =
        WhatIfGrid.cell(spike, WhatIfGrid.priceBooks().get(0), WhatIfGrid.shapes().get(0));
    rows.forEach(System.out::println);
    assertThat(rows)
        .extracting(WhatIfGrid.Row::policy)
        .containsExactly(
            "aci-only", "autoscaler", "hybrid", "aks-burst-vm-first", "aks-burst", "aks-burst");
    assertThat(rows)
        .extracting(WhatIfGrid.Row::history)
        .containsExactly("n/a", "n/a", "n/a", "n/a", "cold", "warm");
    assertThat(rows).allMatch(r -> r.costUsd() > 0 && r.unmetPodSeconds() >= 0);
    WhatIfGrid.Row aci = rows.get(0);
    WhatIfGrid.Row autoscaler = rows.get(1);
    assertThat(autoscaler.unmetPodSeconds())
        .as("new VMs take minutes, ACI seconds")
        .isGreaterThan(aci.unmetPodSeconds());

    Path json = dir.resolve("whatif-grid.json");
    WhatIfGrid.writeJson(rows, json);
    JsonNode array = new ObjectMapper().readTree(Files.readString(json));
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(rows.size());
    for (JsonNode o : array) {
      assertThat(StreamSupport.stream(((Iterable<String>) o::fieldNames).spliterator(), false))
          .containsExactlyInAnyOrder(
              "trace", "priceBook", "podShape", "policy", "history", "unmetPodSeconds", "costUsd");
    }

    List<WhatIfGrid.Verdict> v = WhatIfGrid.verdicts(rows, "warm");
    assertThat(v).hasSize(1);
    assertThat(v.get(0).aksBurst()).isSameAs(rows.get(5));
    assertThat(v.get(0).best().unmetPodSeconds()).isLessThanOrEqualTo(1.05 * aci.unmetPodSeconds());
    assertThat(Set.of("aci-only", "hybrid", "aks-burst-vm-first", "aks-burst"))
        .contains(v.get(0).best().policy());
    GridChart.write(rows, dir.resolve("grid.png"));
    assertThat(Files.size(dir.resolve("grid.png"))).isPositive();
  }

  @Test
  void theOverQuotaTraceAsksForMoreCoresThanTheRegionsAciQuota() {
    for (WhatIfGrid.PodShape s : WhatIfGrid.shapes()) {
      assertThat(WhatIfGrid.overQuotaReplicas(s) * s.requests().milliCpu())
          .isGreaterThan(WhatIfGrid.ACI_CORE_QUOTA * 1000L);
    }
  }
}
