package dev.aksburst.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One PNG per trace: a panel per policy with Ready pods on VMs and on ACI and VM nodes. */
final class Charts {
  private static final int W = 720;
  private static final int H = 380;

  private Charts() {}

  static void write(
      PolicyBench.Trace trace, Map<PolicyBench.Policy, PolicyBench.Outcome> by, Path file)
      throws IOException {
    boolean hours = trace.duration().toHours() >= 3;
    BufferedImage image = new BufferedImage(2 * W, 2 * H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    int i = 0;
    for (Map.Entry<PolicyBench.Policy, PolicyBench.Outcome> e : by.entrySet()) {
      XYChart chart = panel(trace, e.getKey(), e.getValue().steps(), hours);
      g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % 2) * W, (i / 2) * H, null);
      i++;
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static XYChart panel(
      PolicyBench.Trace trace, PolicyBench.Policy policy, List<StepMetrics> steps, boolean hours) {
    XYChart chart =
        new XYChartBuilder()
            .width(W)
            .height(H)
            .title(policy.label + " — " + trace.label())
            .xAxisTitle(hours ? "hours" : "minutes")
            .yAxisTitle("pods / nodes")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(24.0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    double[] x =
        steps.stream().mapToDouble(s -> s.at().toSeconds() / (hours ? 3600.0 : 60.0)).toArray();
    series(chart, "demand", x, steps, StepMetrics::demand, new Color(150, 150, 150));
    series(chart, "Ready on VMs", x, steps, StepMetrics::readyOnVm, new Color(31, 119, 180));
    series(chart, "Ready on ACI", x, steps, StepMetrics::readyOnVirtual, new Color(255, 127, 14));
    series(chart, "VM nodes", x, steps, StepMetrics::vmNodes, new Color(44, 160, 44));
    return chart;
  }

  private static void series(
      XYChart chart,
      String name,
      double[] x,
      List<StepMetrics> steps,
      ToDoubleFunction<StepMetrics> f,
      Color color) {
    XYSeries s = chart.addSeries(name, x, steps.stream().mapToDouble(f).toArray());
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
  }
}
