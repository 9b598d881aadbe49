package dev.aksburst.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import dev.aksburst.intent.AlertParser;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.reconcile.ReconcileContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 1: alert received (its JSON body) → first write sent to the Kubernetes API, warm, in
 * process, with the production adapters against the mock API and the fake ARM. Two instants are
 * taken by a client interceptor just before a request leaves: the first write of any kind (the
 * intent recorded in the Deployment's state annotation) and the write that raises the Deployment's
 * replicas. Baseline: the floor of any reaction, the same warm client sending {@code scale} for the
 * same Deployment with nothing else (what a bare script would do on the alert).
 */
final class LatencyBench {
  static final String TARGET = KubeWorld.deploymentName(0);
  private final int warmup;
  private final int alerts;

  LatencyBench(int warmup, int alerts) {
    this.warmup = warmup;
    this.alerts = alerts;
  }

  /** Records when the first write and the first replicas write of a round leave the client. */
  static final class WriteClock implements Interceptor {
    volatile long firstWrite;
    volatile long firstScale;

    void arm() {
      firstWrite = 0;
      firstScale = 0;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      if ("GET".equals(request.method())) {
        return;
      }
      long now = System.nanoTime();
      if (firstWrite == 0) {
        firstWrite = now;
      }
      String path = request.uri().getPath();
      String body = request.bodyString();
      boolean replicas =
          path.contains("/deployments/" + TARGET)
              && (path.endsWith("/scale")
                  || (body != null && body.contains("\"spec\"") && body.contains("\"replicas\"")));
      if (replicas && firstScale == 0) {
        firstScale = now;
      }
    }
  }

  static String alertBody(int replicas) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    try (InputStream in =
        LatencyBench.class.getResourceAsStream("/samples/alerts/metric-static-fired.json")) {
      if (in == null) {
        throw new IllegalStateException("test resource samples/alerts/metric-static-fired.json");
      }
      ObjectNode root = (ObjectNode) mapper.readTree(in);
      ObjectNode props = root.with("data").putObject("customProperties");
      props.put("aksburst.namespace", KubeWorld.NAMESPACE);
      props.put("aksburst.deployment", TARGET);
      props.put("aksburst.replicas", Integer.toString(replicas));
      return mapper.writeValueAsString(root);
    }
  }

  List<Figure> run() throws IOException {
    WriteClock clock = new WriteClock();
    try (KubeWorld world = new KubeWorld(3, "500m", "1Gi")) {
      world.seed(3, 5, 15);
      KubernetesClient client =
          world.client(
              b -> b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("bench", clock)));
      AksBurst app =
          AksBurst.create(
              Settings.parse(Map.of(Settings.CLUSTER_ID, KubeWorld.CLUSTER_ID)),
              List.of(world.ports(client, Clock.systemUTC())),
              new BurstPlanner(),
              Clock.systemUTC());
      String body = alertBody(20);
      List<Double> toWrite = new ArrayList<>();
      List<Double> toScale = new ArrayList<>();
      List<Double> floor = new ArrayList<>();
      int noScale = 0;
      for (int i = 0; i < warmup + alerts; i++) {
        world.resetDeployment(TARGET, 3, Map.of());
        world.resetControllerState();
        clock.arm();
        long t0 = System.nanoTime();
        app.alerts().handle(AlertParser.parse(body), ReconcileContext.of("alert"));
        if (i >= warmup) {
          toWrite.add((clock.firstWrite - t0) / 1e6);
          if (clock.firstScale == 0) {
            noScale++;
          } else {
            toScale.add((clock.firstScale - t0) / 1e6);
          }
        }
        world.resetDeployment(TARGET, 3, Map.of());
        clock.arm();
        long b0 = System.nanoTime();
        client.apps().deployments().inNamespace(KubeWorld.NAMESPACE).withName(TARGET).scale(20);
        if (i >= warmup) {
          floor.add((clock.firstWrite - b0) / 1e6);
        }
      }
      if (noScale > 0) {
        throw new IllegalStateException(
            noScale
                + " of "
                + alerts
                + " alerts sent no replicas write: the bench is not measuring"
                + " a burst; check the planner's answer for "
                + TARGET);
      }
      double[] w = toWrite.stream().mapToDouble(Double::doubleValue).toArray();
      double[] s = toScale.stream().mapToDouble(Double::doubleValue).toArray();
      double[] f = floor.stream().mapToDouble(Double::doubleValue).toArray();
      String base = "bare client scale()";
      double p99 = Stats.percentile(s, 99);
      return List.of(
          Figure.of(
              "reaction: alert → Deployment scaled, p50 (n=" + alerts + ")",
              Stats.median(s),
              "ms",
              Stats.median(f),
              base),
          Figure.of(
                  "reaction: alert → Deployment scaled, p99 (n=" + alerts + ")",
                  p99,
                  "ms",
                  Stats.percentile(f, 99),
                  base)
              .withGoal("p99 ≤ 50 ms", p99 <= 50),
          Figure.of(
              "reaction: alert → first write (intent), p50",
              Stats.median(w),
              "ms",
              Stats.median(f),
              base),
          Figure.of(
              "reaction: alert → first write (intent), p99",
              Stats.percentile(w, 99),
              "ms",
              Stats.percentile(f, 99),
              base));
    }
  }
}
