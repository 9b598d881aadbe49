package dev.aksburst.local;

import dev.aksburst.contract.Annotations;
import dev.aksburst.contract.KnownNames;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimNodeAutoProvisioning;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimVirtualNodesV2;
import dev.aksburst.sim.SimWorkloadSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The setups of the seed's cluster the demo can run on ({@code --setup NAME}), the same ones {@code
 * SeedStorySetupsE2ETest} runs the story on: docs/setups.md says what aks-burst does on each.
 */
final class SimSetups {
  /** The pool listed before {@code agentpool} whose scale-outs fail for capacity. */
  static final String FAILING_POOL = "burst";

  static final String ALLOCATION_FAILED =
      "AllocationFailed: Allocation failed. We do not have sufficient capacity for the requested"
          + " VM size in this region.";

  /** Deallocated nodes the Deallocate pool holds at the start. */
  static final int DEALLOCATED = 3;

  private static final Map<String, Supplier<SimScenario>> SETUPS = new LinkedHashMap<>();

  static {
    SETUPS.put("seed", SeedScenario::scenario);
    SETUPS.put("v2", () -> SeedScenario.scenario().withVirtualNodesV2(SimVirtualNodesV2.fixed(1)));
    SETUPS.put("virtual-machines", () -> SeedScenario.scenario().withVirtualMachinesPool());
    SETUPS.put(
        "capacity-failing",
        () -> SeedScenario.scenario().withCapacityFailingPool(FAILING_POOL, ALLOCATION_FAILED));
    SETUPS.put("deallocate", () -> SeedScenario.scenario().withDeallocatePool(DEALLOCATED));
    SETUPS.put("nap", SimSetups::nodeAutoProvisioning);
  }

  private SimSetups() {}

  static List<String> names() {
    return List.copyOf(SETUPS.keySet());
  }

  /**
   * The setup of that name.
   *
   * @throws IllegalArgumentException naming the setups there are (and the one meant, if close)
   */
  static SimScenario of(String name) {
    Supplier<SimScenario> s = SETUPS.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          KnownNames.unknown("--setup " + name, name, SETUPS.keySet(), "setup"));
    }
    return s.get();
  }

  /**
   * Node auto-provisioning (Karpenter-like, DS2_v2 nodes) and the seed's Deployment in the capacity
   * mode placeholders: no agent-pool write.
   */
  static SimScenario nodeAutoProvisioning() {
    SimWorkloadSpec seed = SeedScenario.workload(1);
    Map<String, String> annotations = new HashMap<>(seed.annotations());
    annotations.put(Annotations.CAPACITY, "placeholders");
    SimWorkloadSpec w =
        new SimWorkloadSpec(
            seed.ref(),
            seed.labels(),
            annotations,
            seed.replicas(),
            seed.requests(),
            seed.placement(),
            seed.hpa());
    return SeedScenario.scenario()
        .withWorkloads(List.of(w))
        .withNodeAutoProvisioning(SimNodeAutoProvisioning.ds2v2());
  }
}
