package dev.aksburst.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * The what-if grid in one picture: a heat map with a row per cell (trace, price book, pod shape)
 * and a column per policy, each square the policy's cost divided by the cheapest cost in the cell
 * among the policies that leave no more pods unmet than 1.05 × ACI only (1.00 = the cheapest; below
 * 1.00, drawn green too, only a policy that leaves more pods unmet, e.g. the autoscaler waiting for
 * VMs).
 */
final class GridChart {
  /** Columns: the five policies, aks-burst's cold run last. */
  static final List<String> COLUMNS =
      List.of(
          "aci-only", "autoscaler", "hybrid", "aks-burst-vm-first", "aks-burst", "aks-burst cold");

  /** Ratios above this are drawn at it (the autoscaler can cost several times more). */
  static final double CAP = 3.0;

  private GridChart() {}

  static void write(List<WhatIfGrid.Row> rows, Path file) throws IOException {
    Map<String, List<WhatIfGrid.Row>> byCell = new LinkedHashMap<>();
    for (WhatIfGrid.Row r : rows) {
      byCell
          .computeIfAbsent(
              r.trace() + " · " + r.priceBook() + " · " + r.podShape(), k -> new ArrayList<>())
          .add(r);
    }
    List<String> cells = new ArrayList<>(byCell.keySet());
    List<Number[]> heat = new ArrayList<>();
    for (int y = 0; y < cells.size(); y++) {
      List<WhatIfGrid.Row> cell = byCell.get(cells.get(y));
      double aciUnmet =
          cell.stream()
              .filter(r -> r.policy().equals("aci-only"))
              .mapToDouble(WhatIfGrid.Row::unmetPodSeconds)
              .findFirst()
              .orElseThrow();
      double cheapest =
          cell.stream()
              .filter(r -> r.unmetPodSeconds() <= 1.05 * aciUnmet)
              .mapToDouble(WhatIfGrid.Row::costUsd)
              .min()
              .orElseThrow();
      for (WhatIfGrid.Row r : cell) {
        String column = r.history().equals("cold") ? "aks-burst cold" : r.policy();
        double ratio = cheapest > 0 ? r.costUsd() / cheapest : 1;
        heat.add(
            new Number[] {
              COLUMNS.indexOf(column),
              cells.size() - 1 - y,
              Math.round(Math.min(CAP, ratio) * 100) / 100.0
            });
      }
    }
    List<String> yLabels = new ArrayList<>(cells);
    java.util.Collections.reverse(yLabels);
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(1100)
            .height(140 + 22 * cells.size())
            .title(
                "What-if grid: cost ÷ cheapest policy that leaves no more pods unmet than ACI only"
                    + " (capped at "
                    + CAP
                    + ")")
            .build();
    chart.getStyler().setShowValue(true);
    chart.getStyler().setMin(1.0);
    chart.getStyler().setMax(CAP);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart
        .getStyler()
        .setRangeColors(
            new Color[] {
              new Color(0x2c, 0xa0, 0x2c), new Color(0xff, 0xe0, 0x80), new Color(0xd6, 0x27, 0x28)
            });
    chart.getStyler().setValueFontColor(Color.BLACK);
    chart.addSeries("cost ratio", COLUMNS, yLabels, heat);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
