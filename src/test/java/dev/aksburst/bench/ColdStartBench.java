package dev.aksburst.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Figure 2: a fresh JVM on the packaged class path builds the Kubernetes and ARM clients and the
 * app, handles one alert (intent recorded, reconcile, writes sent) and exits; wall time from
 * process start to exit, median of {@code runs}. Baseline: the same JVM printing hello world.
 * Before each run the target Deployment and the controller's ConfigMap and Lease are reset, so each
 * child handles a first alert.
 */
final class ColdStartBench {
  private final Child child;
  private final int runs;

  ColdStartBench(Child child, int runs) {
    this.child = child;
    this.runs = runs;
  }

  private static double wall(ProcessBuilder pb, Path log) throws IOException, InterruptedException {
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    int code = p.waitFor();
    double ms = (System.nanoTime() - t0) / 1e6;
    if (code != 0) {
      throw new IllegalStateException(
          "child JVM exited with "
              + code
              + "; its output is in "
              + log
              + ":\n"
              + Files.readString(log));
    }
    return ms;
  }

  List<Figure> run(Path workDir) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    double[] hello = new double[runs];
    double[] cold = new double[runs];
    try (KubeWorld world = new KubeWorld(3, "500m", "1Gi")) {
      world.seed(3, 5, 15);
      Path kubeconfig = workDir.resolve("kubeconfig.yaml");
      Files.writeString(kubeconfig, world.kubeconfig(), StandardCharsets.UTF_8);
      Path alert = workDir.resolve("alert.json");
      Files.writeString(alert, LatencyBench.alertBody(20), StandardCharsets.UTF_8);
      for (int i = 0; i < runs; i++) {
        hello[i] = wall(child.command(List.of(), "hello"), workDir.resolve("hello.log"));
        world.resetDeployment(LatencyBench.TARGET, 3, Map.of());
        world.resetControllerState();
        Path log = workDir.resolve("cold-start-" + i + ".log");
        cold[i] =
            wall(
                child.command(
                    List.of(),
                    "alert",
                    kubeconfig.toString(),
                    Integer.toString(world.arm.port()),
                    alert.toString()),
                log);
        int replicas;
        try (var check = world.client(b -> {})) {
          replicas =
              check
                  .apps()
                  .deployments()
                  .inNamespace(KubeWorld.NAMESPACE)
                  .withName(LatencyBench.TARGET)
                  .get()
                  .getSpec()
                  .getReplicas();
        }
        if (replicas != 20) {
          throw new IllegalStateException(
              "cold start run "
                  + i
                  + " left "
                  + LatencyBench.TARGET
                  + " at "
                  + replicas
                  + " replicas, not 20: the alert was not fully handled; see "
                  + log);
        }
      }
    }
    double median = Stats.median(cold);
    return List.of(
        Figure.of(
                "cold start: fresh JVM → first alert handled, median of " + runs,
                median,
                "ms",
                Stats.median(hello),
                "JVM hello world")
            .withGoal("≤ 1500 ms", median <= 1500));
  }
}
