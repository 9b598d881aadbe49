package dev.aksburst.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.reconcile.ReconcileLock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaseReconcileLockIT {
  KubernetesClient client;

  LeaseReconcileLock lockAt(Instant t) {
    return new LeaseReconcileLock(client, "aks-burst", Clock.fixed(t, ZoneOffset.UTC));
  }

  @Test
  void heldLockIsRefusedThenFreeAfterClose() {
    LeaseReconcileLock lock = lockAt(Fixtures.NOW);
    Optional<ReconcileLock.Held> a = lock.tryAcquire("instance-a");
    assertThat(a).isPresent();
    assertThat(lock.tryAcquire("instance-b")).isEmpty();
    assertThat(lock.tryAcquire("instance-a"))
        .as("the same holder name does not share a hold")
        .isEmpty();
    a.get().close();
    var lease = client.leases().inNamespace("aks-burst").withName("aks-burst-reconcile").get();
    assertThat(lease.getSpec().getHolderIdentity()).isNull();
    Optional<ReconcileLock.Held> b = lock.tryAcquire("instance-b");
    assertThat(b).isPresent();
    b.get().close();
  }

  @Test
  void anExpiredLeaseIsTakenOver() {
    Optional<ReconcileLock.Held> crashed = lockAt(Fixtures.NOW).tryAcquire("crashed");
    assertThat(crashed).isPresent();
    assertThat(lockAt(Fixtures.NOW.plusSeconds(29)).tryAcquire("late")).isEmpty();
    Optional<ReconcileLock.Held> late = lockAt(Fixtures.NOW.plusSeconds(30)).tryAcquire("late");
    assertThat(late).isPresent();
    var lease = client.leases().inNamespace("aks-burst").withName("aks-burst-reconcile").get();
    assertThat(lease.getSpec().getHolderIdentity()).startsWith("late#");
    assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(30);
    // the crashed holder's close must not release the new holder's lease
    crashed.get().close();
    assertThat(
            client
                .leases()
                .inNamespace("aks-burst")
                .withName("aks-burst-reconcile")
                .get()
                .getSpec()
                .getHolderIdentity())
        .startsWith("late#");
    late.get().close();
  }

  @Test
  void ofConcurrentContendersExactlyOneWins() throws Exception {
    LeaseReconcileLock lock = lockAt(Fixtures.NOW);
    lock.tryAcquire("warm-up").orElseThrow().close();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Optional<ReconcileLock.Held>>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String holder = "contender-" + i;
        tasks.add(() -> lock.tryAcquire(holder));
      }
      long winners = 0;
      for (Future<Optional<ReconcileLock.Held>> f : pool.invokeAll(tasks)) {
        if (f.get().isPresent()) {
          winners++;
        }
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
