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
 * child handles a first alert. The same is measured with start-up-oriented JVM flags: C1 only and
 * SerialGC, an AppCDS archive dumped by a training run ({@code -XX:ArchiveClassesAtExit}), and
 * both.
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

  /** Start-up-oriented JVM flags, each set measured beside the default JVM. */
  static final List<String> C1_SERIAL = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  List<Figure> run(Path workDir) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    try (KubeWorld world = new KubeWorld(3, "500m", "1Gi")) {
      world.seed(3, 5, 15);
      Path kubeconfig = workDir.resolve("kubeconfig.yaml");
      Files.writeString(kubeconfig, world.kubeconfig(), StandardCharsets.UTF_8);
      Path alert = workDir.resolve("alert.json");
      Files.writeString(alert, LatencyBench.alertBody(20), StandardCharsets.UTF_8);
      String[] args = {
        "alert", kubeconfig.toString(), Integer.toString(world.arm.port()), alert.toString()
      };
      double[] hello = new double[runs];
      for (int i = 0; i < runs; i++) {
        hello[i] = wall(child.command(List.of(), "hello"), workDir.resolve("hello.log"));
      }
      double plain = measure(world, workDir, "default", List.of(), args);
      double c1 = measure(world, workDir, "c1-serial", C1_SERIAL, args);
      // AppCDS: a training run lists the classes it loads, -Xshare:dump archives them. (The
      // dynamic archive, -XX:ArchiveClassesAtExit, crashed this JDK 17.0.15 at exit with SIGSEGV
      // in SystemDictionaryShared::adjust_lambda_proxy_class_dictionary.)
      Path archive = workDir.resolve("aks-burst.jsa");
      Path classList = workDir.resolve("aks-burst.classlist");
      Files.deleteIfExists(archive);
      reset(world);
      wall(
          child.command(List.of("-XX:DumpLoadedClassList=" + classList), args),
          workDir.resolve("cds-training.log"));
      // The same JDK also crashes dumping the list's @lambda-proxy entries: archive classes only.
      Files.write(
          classList,
          Files.readAllLines(classList).stream().filter(l -> !l.startsWith("@")).toList());
      wall(
          child.command(
              List.of(
                  "-Xshare:dump",
                  "-XX:SharedClassListFile=" + classList,
                  "-XX:SharedArchiveFile=" + archive),
              "hello"),
          workDir.resolve("cds-dump.log"));
      if (!Files.isRegularFile(archive)) {
        throw new IllegalStateException(
            "the AppCDS dump wrote no archive at " + archive + "; see cds-dump.log");
      }
      List<String> cds = List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + archive);
      double appCds = measure(world, workDir, "appcds", cds, args);
      List<String> all = new java.util.ArrayList<>(C1_SERIAL);
      all.addAll(cds);
      double both = measure(world, workDir, "c1-serial-appcds", all, args);
      String name = "cold start: fresh JVM → first alert handled, median of " + runs;
      return List.of(
          Figure.of(name, plain, "ms", Stats.median(hello), "JVM hello world")
              .withGoal("≤ 1500 ms", plain <= 1500),
          Figure.of(
              "cold start with -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
              c1,
              "ms",
              plain,
              "default JVM flags"),
          Figure.of("cold start with an AppCDS archive", appCds, "ms", plain, "default JVM flags"),
          Figure.of(
                  "cold start with C1 only, SerialGC and AppCDS",
                  both,
                  "ms",
                  plain,
                  "default flags")
              .withGoal("≤ 1500 ms", both <= 1500));
    }
  }

  private static void reset(KubeWorld world) {
    world.resetDeployment(LatencyBench.TARGET, 3, Map.of());
    world.resetControllerState();
  }

  /** Median wall time of {@code runs} first alerts, each checked to have scaled to 20. */
  private double measure(
      KubeWorld world, Path workDir, String label, List<String> flags, String[] args)
      throws IOException, InterruptedException {
    double[] cold = new double[runs];
    for (int i = 0; i < runs; i++) {
      reset(world);
      Path log = workDir.resolve("cold-start-" + label + "-" + i + ".log");
      cold[i] = wall(child.command(flags, args), log);
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
                + label
                + " "
                + i
                + " left "
                + LatencyBench.TARGET
                + " at "
                + replicas
                + " replicas, not 20: the alert was not fully handled; see "
                + log);
      }
    }
    return Stats.median(cold);
  }
}
