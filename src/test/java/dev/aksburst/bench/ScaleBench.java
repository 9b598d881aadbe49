package dev.aksburst.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 4: one steady-state reconcile (the safety-net timer's) of a cluster with many opted-in
 * Deployments, pods and nodes, in a child JVM on the packaged class path limited to {@code
 * -Xmx256m}, against the mock API and the fake ARM in this JVM. Per size: median wall time of the
 * measured reconciles, Kubernetes API and ARM requests per reconcile (counted by the servers), and
 * the child's peak heap (sum of the heap pools' peaks, garbage included) over the measured ones.
 */
final class ScaleBench {
  record Size(int deployments, int pods, int nodes) {
    String label() {
      return deployments + " Deployments / " + pods + " pods / " + nodes + " nodes";
    }
  }

  record Result(
      Size size, double medianMs, double kubeRequests, double armRequests, long peakHeap) {}

  private final Child child;
  private final int reconciles;

  ScaleBench(Child child, int reconciles) {
    this.child = child;
    this.reconciles = reconciles;
  }

  Result measure(Size size, Path workDir) throws IOException, InterruptedException {
    try (KubeWorld world = new KubeWorld(size.nodes(), "30m", "32Mi")) {
      world.seed(size.nodes(), size.deployments(), size.pods());
      Path kubeconfig = workDir.resolve("kubeconfig-scale.yaml");
      java.nio.file.Files.writeString(kubeconfig, world.kubeconfig(), StandardCharsets.UTF_8);
      ProcessBuilder pb =
          child
              .command(
                  List.of("-Xmx256m"),
                  "reconcile",
                  kubeconfig.toString(),
                  Integer.toString(world.arm.port()),
                  Integer.toString(reconciles))
              .redirectError(workDir.resolve("scale-" + size.pods() + ".err.log").toFile());
      Process p = pb.start();
      List<Double> times = new ArrayList<>();
      long peak = -1;
      int kubeBefore = -1;
      int armBefore = -1;
      try (BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("warm")) {
            kubeBefore = world.kube.getRequestCount();
            armBefore = world.armRequests();
            in.write("go\n");
            in.flush();
          } else if (line.startsWith("reconcile-ms ")) {
            times.add(Double.parseDouble(line.substring("reconcile-ms ".length())));
          } else if (line.startsWith("peak-heap-bytes ")) {
            peak = Long.parseLong(line.substring("peak-heap-bytes ".length()));
          }
        }
      }
      int code = p.waitFor();
      if (code != 0 || times.size() != reconciles || kubeBefore < 0) {
        throw new IllegalStateException(
            "the reconcile child for "
                + size.label()
                + " exited with "
                + code
                + " after "
                + times.size()
                + " reconciles; see "
                + workDir.resolve("scale-" + size.pods() + ".err.log"));
      }
      double kube = (world.kube.getRequestCount() - kubeBefore) / (double) reconciles;
      double arm = (world.armRequests() - armBefore) / (double) reconciles;
      return new Result(
          size,
          Stats.median(times.stream().mapToDouble(Double::doubleValue).toArray()),
          kube,
          arm,
          peak);
    }
  }

  List<Figure> run(Path workDir) throws IOException, InterruptedException {
    java.nio.file.Files.createDirectories(workDir);
    Size small = new Size(50, 1_000, 20);
    Size large = new Size(500, 10_000, 200);
    Size largeFewPods = new Size(500, 1_000, 200);
    Result s = measure(small, workDir);
    Result l = measure(large, workDir);
    Result lf = measure(largeFewPods, workDir);
    double mib = 1024.0 * 1024.0;
    return List.of(
        Figure.of(
                "reconcile wall time, " + large.label(),
                l.medianMs(),
                "ms",
                s.medianMs(),
                small.label())
            .withGoal("≤ 1000 ms", l.medianMs() <= 1000),
        Figure.of(
                "Kubernetes requests per reconcile, " + large.label(),
                l.kubeRequests(),
                "requests",
                lf.kubeRequests(),
                largeFewPods.label())
            .withGoal(
                "independent of the pod count (same as with 1 000 pods)",
                l.kubeRequests() == lf.kubeRequests()),
        Figure.of(
            "Kubernetes requests per reconcile, " + small.label(),
            s.kubeRequests(),
            "requests",
            l.kubeRequests(),
            large.label()),
        Figure.of(
            "ARM requests per reconcile, " + large.label(),
            l.armRequests(),
            "requests",
            s.armRequests(),
            small.label()),
        Figure.of(
                "peak heap during reconciles, " + large.label(),
                l.peakHeap() / mib,
                "MiB",
                s.peakHeap() / mib,
                small.label())
            .withGoal("≤ 256 MiB (child runs with -Xmx256m)", l.peakHeap() / mib <= 256));
  }
}
