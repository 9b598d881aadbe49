package dev.aksburst.local;

import dev.aksburst.sim.CostReport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The figures of one demo run.
 *
 * @param timeTo20Ready from the alert to 20 Ready replicas
 * @param aciPodMinutes minutes of pods on the virtual node (ACI bills per pod-second)
 * @param peakNodes the most VM nodes that existed at once (booting and draining included)
 * @param lowestReadyBackfill the fewest Ready replicas while pods moved from ACI to VMs
 * @param lowestReadyShed the fewest Ready replicas while shedding back to the baseline
 * @param cost VM and ACI cost of the whole run
 * @param simulated simulated time the story took
 * @param wall wall time the story took
 * @param events the Deployment's Event reasons, in order
 */
record DemoSummary(
    Duration timeTo20Ready,
    double aciPodMinutes,
    int peakNodes,
    int lowestReadyBackfill,
    int lowestReadyShed,
    CostReport cost,
    Duration simulated,
    Duration wall,
    List<String> events) {
  DemoSummary {
    Objects.requireNonNull(timeTo20Ready);
    Objects.requireNonNull(cost);
    Objects.requireNonNull(simulated);
    Objects.requireNonNull(wall);
    events = List.copyOf(events);
  }

  String render() {
    return String.format(
        Locale.ROOT,
        "%nSummary%n"
            + "  time to 20 ready:                 %ds after the alert%n"
            + "  ACI pod-minutes:                  %.1f%n"
            + "  peak VM nodes:                    %d%n"
            + "  lowest ready during backfill:     %d (floor %d)%n"
            + "  lowest ready during shed:         %d (floor %d)%n"
            + "  cost:                             $%.2f (VM $%.2f, ACI $%.2f)%n"
            + "  simulated time:                   %s, in %.1fs of wall time%n"
            + "  baseline:                         %d replicas, set by the operator's kubectl"
            + " scale before the alert%n",
        timeTo20Ready.toSeconds(),
        aciPodMinutes,
        peakNodes,
        lowestReadyBackfill,
        SeedDemo.BURST,
        lowestReadyShed,
        SeedDemo.BASELINE,
        cost.total(),
        cost.vmCost(),
        cost.aciCost(),
        hm(simulated),
        wall.toMillis() / 1000.0,
        SeedDemo.BASELINE);
  }

  private static String hm(Duration d) {
    return d.toHours()
        + "h"
        + String.format(Locale.ROOT, "%02dm%02ds", d.toMinutesPart(), d.toSecondsPart());
  }
}
