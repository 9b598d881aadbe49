package dev.aksburst.k8s;

import static dev.aksburst.k8s.Fixtures.create;
import static dev.aksburst.k8s.Fixtures.deployment;
import static dev.aksburst.k8s.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.IntentStore;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesWritersIT {
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");
  static final WorkloadRef LEGACY = WorkloadRef.of("shop", "legacy");
  static final ReconcileContext CTX = ReconcileContext.of("alert", "corr-1");
  KubernetesClient client;
  KubernetesWorkloadWriter writer;
  AnnotationIntentStore intents;

  @BeforeEach
  void seed() {
    writer = new KubernetesWorkloadWriter(client);
    intents = new AnnotationIntentStore(client);
    create(
        client,
        deployment("shop", "web", 2, true).build(),
        deployment("shop", "legacy", 2, false).build(),
        pod("shop", "web-1", "web", "aks-userpool-0", "250m", "256Mi"),
        pod("shop", "web-2", "web", "virtual-node-aci-linux", "250m", "256Mi"),
        pod("shop", "legacy-1", "legacy", "aks-userpool-0", "250m", "256Mi"));
  }

  Deployment web() {
    return client.apps().deployments().inNamespace("shop").withName("web").get();
  }

  static Intent intent(String id, int replicas, Instant observedAt) {
    return new Intent(
        id,
        IntentSource.MANUAL,
        WEB,
        replicas,
        Fixtures.NOW,
        Optional.empty(),
        "test " + id,
        Optional.empty(),
        observedAt);
  }

  // ------------------------------------------------------------- replicas and HPA

  @Test
  void scaleWritesReplicasOfAnOptedInDeployment() {
    writer.scale(WEB, 7);
    assertThat(web().getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  void scaleRefusesADeploymentWithoutTheOptInLabel() {
    assertThatThrownBy(() -> writer.scale(LEGACY, 7))
        .isInstanceOf(WriteFailure.class)
        .hasMessageContaining("shop/legacy does not carry the label aksburst.dev/enabled=true")
        .extracting(e -> ((WriteFailure) e).code())
        .isEqualTo("NotOptedIn");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("legacy")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
    assertThatThrownBy(() -> writer.scale(WorkloadRef.of("shop", "gone"), 3))
        .isInstanceOf(WriteFailure.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void staleResourceVersionIsRejectedByTheServer() {
    String stale = web().getMetadata().getResourceVersion();
    writer.scale(WEB, 5);
    var body = Patches.guarded(stale);
    body.putObject("spec").put("replicas", 9);
    assertThatThrownBy(
            () ->
                Patches.mergePatch(
                    client.apps().deployments().inNamespace("shop").withName("web"), body))
        .hasMessageContaining("409");
    assertThat(web().getSpec().getReplicas()).isEqualTo(5);
  }

  @Test
  void hpaMinReplicasIsSetAndRestored() {
    create(
        client,
        new HorizontalPodAutoscalerBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("web-hpa")
            .endMetadata()
            .withNewSpec()
            .withMinReplicas(2)
            .withMaxReplicas(40)
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName("web")
            .endScaleTargetRef()
            .endSpec()
            .build());
    var hpa =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace("shop")
            .withName("web-hpa");
    writer.setHpaMinReplicas(WEB, "web-hpa", 20);
    assertThat(hpa.get().getSpec().getMinReplicas()).isEqualTo(20);
    writer.setHpaMinReplicas(WEB, "web-hpa", 2);
    assertThat(hpa.get().getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.get().getSpec().getMaxReplicas()).isEqualTo(40);
    assertThatThrownBy(
            () -> writer.setHpaMinReplicas(WorkloadRef.of("shop", "other"), "web-hpa", 3))
        .isInstanceOf(WriteFailure.class);
  }

  @Test
  void deletionCostIsMergedOntoTheWorkloadsPodsOnly() {
    writer.setDeletionCost(WEB, List.of("web-2", "legacy-1", "web-gone"), -100);
    var pods = client.pods().inNamespace("shop");
    assertThat(pods.withName("web-2").get().getMetadata().getAnnotations())
        .containsEntry("controller.kubernetes.io/pod-deletion-cost", "-100");
    assertThat(pods.withName("web-2").get().getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(pods.withName("legacy-1").get().getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(pods.withName("web-1").get().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  // ------------------------------------------------------------- intent store

  @Test
  void intentsRoundTripThroughTheAnnotation() {
    BurstState written = intents.update(WEB, s -> s.withIntent(intent("a", 10, Fixtures.NOW)));
    assertThat(intents.read(WEB)).isEqualTo(written);
    assertThat(web().getMetadata().getAnnotations().get("aksburst.dev/state"))
        .contains("\"id\":\"a\"");
  }

  @Test
  void aConflictIsReReadAndTheSameChangeReApplied() {
    AtomicInteger calls = new AtomicInteger();
    BurstState result =
        intents.update(
            WEB,
            s -> {
              if (calls.incrementAndGet() == 1) {
                // another writer lands between our read and our write
                new AnnotationIntentStore(client)
                    .update(WEB, o -> o.withIntent(intent("other", 4, Fixtures.NOW)));
              }
              return s.withIntent(intent("mine", 9, Fixtures.NOW));
            });
    assertThat(calls.get()).isEqualTo(2);
    assertThat(result.intents()).extracting(Intent::id).containsExactly("other", "mine");
    assertThat(intents.read(WEB)).isEqualTo(result);
  }

  @Test
  void twoConcurrentWritersBothSurvive() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch bothRead = new CountDownLatch(2);
    try {
      List<Future<BurstState>> futures =
          List.of("alert", "manual").stream()
              .map(
                  id ->
                      pool.submit(
                          () ->
                              new AnnotationIntentStore(client)
                                  .update(
                                      WEB,
                                      s -> {
                                        bothRead.countDown();
                                        awaitQuietly(bothRead);
                                        return s.withIntent(intent(id, 5, Fixtures.NOW));
                                      })))
              .toList();
      for (Future<BurstState> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(intents.read(WEB).intents())
        .extracting(Intent::id)
        .containsExactlyInAnyOrder("alert", "manual");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void missingOrNotOptedInDeploymentsAreNotOptedIn() {
    assertThatThrownBy(() -> intents.read(LEGACY))
        .isInstanceOfSatisfying(IntentStore.NotOptedIn.class, e -> assertThat(e.exists()).isTrue());
    assertThatThrownBy(() -> intents.update(WorkloadRef.of("shop", "gone"), s -> s))
        .isInstanceOfSatisfying(
            IntentStore.NotOptedIn.class, e -> assertThat(e.exists()).isFalse());
  }

  @Test
  void aGarbledStateIsReadAsEmptyButNeverOverwritten() {
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("web")
        .edit(
            d -> {
              d.getMetadata()
                  .setAnnotations(
                      new java.util.HashMap<>(
                          java.util.Map.of("aksburst.dev/state", "{hand-edited")));
              return d;
            });
    assertThat(intents.read(WEB)).isEqualTo(BurstState.EMPTY);
    assertThatThrownBy(() -> intents.update(WEB, s -> s.withIntent(intent("a", 3, Fixtures.NOW))))
        .isInstanceOf(WriteFailure.class)
        .hasMessageContaining("refused")
        .hasMessageContaining("will not overwrite it");
    assertThat(web().getMetadata().getAnnotations())
        .containsEntry("aksburst.dev/state", "{hand-edited");
  }

  // ------------------------------------------------------------- pool states

  @Test
  void poolStatesLiveInOneConfigMapWithCompareAndSwap() {
    ConfigMapPoolStateStore store = new ConfigMapPoolStateStore(client, "aks-burst");
    assertThat(store.readAll()).isEmpty();
    store.update("userpool", s -> s.withBaseline(OptionalInt.of(3)));
    store.update("spot", s -> s.withLastScaleOut(Fixtures.NOW));
    AtomicInteger calls = new AtomicInteger();
    store.update(
        "userpool",
        s -> {
          if (calls.incrementAndGet() == 1) {
            new ConfigMapPoolStateStore(client, "aks-burst")
                .update("spot", o -> o.withLastScaleIn(Fixtures.NOW));
          }
          return s.withLastScaleOut(Fixtures.NOW);
        });
    assertThat(calls.get()).isEqualTo(2);
    var all = store.readAll();
    assertThat(all.get("userpool"))
        .isEqualTo(PoolState.EMPTY.withBaseline(OptionalInt.of(3)).withLastScaleOut(Fixtures.NOW));
    assertThat(all.get("spot"))
        .isEqualTo(PoolState.EMPTY.withLastScaleOut(Fixtures.NOW).withLastScaleIn(Fixtures.NOW));
    assertThat(
            client
                .configMaps()
                .inNamespace("aks-burst")
                .withName("aks-burst-pools")
                .get()
                .getData())
        .containsOnlyKeys("userpool", "spot");
  }

  // ------------------------------------------------------------- events

  @Test
  void eventsAreRecordedOnTheDeploymentAndRepeatsBumpTheCount() {
    Instant[] now = {Fixtures.NOW};
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    KubernetesEventRecorder events = new KubernetesEventRecorder(client, clock);
    events.record(WEB, "BurstStarted", "alert cpu-high: 2 -> 6 replicas", false, CTX);
    now[0] = now[0].plusSeconds(60);
    events.record(
        WEB,
        "BurstStarted",
        "alert cpu-high: 2 -> 6 replicas",
        false,
        ReconcileContext.of("timer", "corr-2"));
    events.record(WEB, "Shed", "marked 1 ACI pod", true, CTX);

    List<Event> list = client.v1().events().inNamespace("shop").list().getItems();
    assertThat(list).hasSize(2);
    Event started =
        list.stream().filter(e -> e.getReason().equals("BurstStarted")).findFirst().orElseThrow();
    assertThat(started.getCount()).isEqualTo(2);
    assertThat(started.getMetadata().getAnnotations())
        .as("the latest reconcile's trigger and correlation id ride on the Event, not the message")
        .containsEntry("aksburst.dev/trigger", "timer")
        .containsEntry("aksburst.dev/correlation-id", "corr-2");
    assertThat(started.getMessage()).isEqualTo("alert cpu-high: 2 -> 6 replicas");
    assertThat(started.getFirstTimestamp()).isEqualTo("2025-03-01T08:00:00Z");
    assertThat(started.getLastTimestamp()).isEqualTo("2025-03-01T08:01:00Z");
    assertThat(started.getType()).isEqualTo("Normal");
    assertThat(started.getSource().getComponent()).isEqualTo("aks-burst");
    assertThat(started.getInvolvedObject().getKind()).isEqualTo("Deployment");
    assertThat(started.getInvolvedObject().getName()).isEqualTo("web");
    assertThat(started.getInvolvedObject().getUid()).isEqualTo(web().getMetadata().getUid());
    Event shed = list.stream().filter(e -> e.getReason().equals("Shed")).findFirst().orElseThrow();
    assertThat(shed.getType()).isEqualTo("Warning");

    now[0] = now[0].plus(Duration.ofMinutes(11));
    events.record(WEB, "BurstStarted", "alert cpu-high: 2 -> 6 replicas", false, CTX);
    Event again =
        client.v1().events().inNamespace("shop").withName(started.getMetadata().getName()).get();
    assertThat(again.getCount()).as("outside the 10-minute window it starts over").isEqualTo(1);
    assertThat(again.getFirstTimestamp()).isEqualTo("2025-03-01T08:12:00Z");
  }
}
