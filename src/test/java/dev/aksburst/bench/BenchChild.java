package dev.aksburst.bench;

import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import dev.aksburst.intent.AlertParser;
import dev.aksburst.k8s.KubernetesClients;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileResult;
import dev.aksburst.reconcile.Reconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the benchmarks run in a fresh JVM on the packaged class path (the Functions package's jars
 * plus this class): {@code hello} (the JVM floor), {@code alert <kubeconfig> <armPort>
 * <alert.json>} (build every client, handle one alert, exit) and {@code reconcile <kubeconfig>
 * <armPort> <n>} (one warm-up reconcile, then {@code n} measured ones after the parent says {@code
 * go}).
 */
public final class BenchChild {
  private BenchChild() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "hello" -> System.out.println("hello");
      case "alert" -> alert(args);
      case "reconcile" -> reconcile(args);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static ClusterPorts ports(String kubeconfig, String armPort) throws Exception {
    KubernetesClient client =
        KubernetesClients.build(
            new KubernetesClients.Kubeconfig(
                Files.readString(Path.of(kubeconfig), StandardCharsets.UTF_8), kubeconfig));
    return BenchPorts.of(
        KubeWorld.CLUSTER_ID, client, Integer.parseInt(armPort), Clock.systemUTC());
  }

  private static void alert(String[] args) throws Exception {
    ClusterPorts ports = ports(args[1], args[2]);
    AksBurst app =
        AksBurst.create(
            Settings.parse(Map.of(Settings.CLUSTER_ID, KubeWorld.CLUSTER_ID)),
            List.of(ports),
            new BurstPlanner(),
            Clock.systemUTC());
    String body = Files.readString(Path.of(args[3]), StandardCharsets.UTF_8);
    var answer =
        dev.aksburst.function.Answers.alert(
            app.alerts().handle(AlertParser.parse(body), ReconcileContext.of("alert")));
    System.out.println("handled " + answer);
    System.exit(0);
  }

  private static void reconcile(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    ClusterPorts ports = ports(args[1], args[2]);
    int n = Integer.parseInt(args[3]);
    Reconciler r =
        new Reconciler(
            ports,
            new BurstPlanner(),
            dev.aksburst.plan.PlannerConfig.DEFAULTS,
            Clock.systemUTC(),
            dev.aksburst.reconcile.ApplyMode.WRITE,
            dev.aksburst.reconcile.Reconciler.Timing.waiting(Duration.ofSeconds(2)),
            "bench-child");
    ReconcileResult warm = r.reconcile(ReconcileContext.of("bench-warmup"));
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
    System.out.println("warm " + warm.getClass().getSimpleName());
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      throw new IllegalStateException("the parent did not say go");
    }
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      r.reconcile(ReconcileContext.of("bench"));
      System.out.println("reconcile-ms " + (System.nanoTime() - t0) / 1e6);
    }
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    System.out.println("peak-heap-bytes " + peak);
    System.out.println(
        "max-heap-bytes " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
    System.exit(0);
  }
}
