package dev.aksburst.reconcile;

import dev.aksburst.model.PoolState;
import java.util.Map;
import java.util.function.UnaryOperator;

/** What aks-burst records per node pool (baseline, pauses, errors), stored in the cluster. */
public interface PoolStateStore {
  Map<String, PoolState> readAll();

  /** Compare-and-swap update, retried on conflict like {@link IntentStore#update}. */
  PoolState update(String pool, UnaryOperator<PoolState> change);
}
