package dev.aksburst.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An opted-in Deployment with everything the planner needs about it.
 *
 * @param resourceVersion the Deployment's version as read (the adapters guard their own writes with
 *     the version their read returns; the applier's stale-plan guard compares values)
 * @param specReplicas spec.replicas
 * @param readyReplicas status.readyReplicas
 * @param rolloutInProgress a rollout is under way (updated/available replicas lag the spec, or
 *     observedGeneration lags generation): no backfill, no shedding
 * @param podRequests requests of one pod as the scheduler counts them (sum of containers, max with
 *     each init container)
 * @param placement tolerations and node selection of the pod template
 * @param hpa the HPA that targets it, if any
 * @param policyProblems every invalid {@code aksburst.dev/*} annotation, as a message
 * @param readinessProblems why it can not burst to virtual nodes (no toleration, hostPath, PVC...)
 * @param pods its live and terminating pods
 */
public record WorkloadView(
    WorkloadRef ref,
    String resourceVersion,
    int specReplicas,
    int readyReplicas,
    boolean rolloutInProgress,
    Map<String, String> selector,
    Resources podRequests,
    Placement placement,
    Optional<HpaView> hpa,
    WorkloadPolicy policy,
    List<String> policyProblems,
    List<String> readinessProblems,
    BurstState state,
    List<PodView> pods) {
  public WorkloadView {
    Objects.requireNonNull(ref, "ref");
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
    if (specReplicas < 0 || readyReplicas < 0) {
      throw new IllegalArgumentException(ref + ": replica counts must be >= 0");
    }
    selector = Map.copyOf(selector);
    Objects.requireNonNull(podRequests, "podRequests");
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(hpa, "hpa");
    Objects.requireNonNull(policy, "policy");
    policyProblems = List.copyOf(policyProblems);
    readinessProblems = List.copyOf(readinessProblems);
    Objects.requireNonNull(state, "state");
    pods = List.copyOf(pods);
  }

  /** Can burst to virtual nodes: tolerates them and uses nothing ACI can not run. */
  public boolean burstReady() {
    return readinessProblems.isEmpty();
  }

  public WorkloadView withState(BurstState s) {
    return new WorkloadView(
        ref,
        resourceVersion,
        specReplicas,
        readyReplicas,
        rolloutInProgress,
        selector,
        podRequests,
        placement,
        hpa,
        policy,
        policyProblems,
        readinessProblems,
        s,
        pods);
  }

  /** The value aks-burst writes for this workload's replicas: HPA minReplicas or spec.replicas. */
  public int writtenReplicas() {
    return hpa.map(HpaView::minReplicas).orElse(specReplicas);
  }

  /** The written value recorded before a burst raised it, while a burst holds the workload. */
  public java.util.OptionalInt recordedBaseline() {
    return hpa.isPresent()
        ? state.bookkeeping().hpaBaselineMin()
        : state.bookkeeping().baselineReplicas();
  }

  /**
   * The replicas the workload runs with now: during a backfill surge the count before the surge
   * while the written value is still the surge's own (base + surge), else the written value. A
   * {@code kubectl scale} during the surge is what the workload runs with from then on.
   */
  public int currentReplicas() {
    int written = writtenReplicas();
    return state
        .bookkeeping()
        .backfill()
        .filter(b -> written == b.baseReplicas() + b.surge())
        .map(Backfill::baseReplicas)
        .orElse(written);
  }

  /**
   * What the workload runs with when not bursting: the recorded baseline, else {@link
   * #currentReplicas()}. Alert floors ({@code +10}, {@code x2}, {@code proportional}) and the
   * planner both start from it.
   */
  public int baseline() {
    return recordedBaseline().orElse(currentReplicas());
  }
}
