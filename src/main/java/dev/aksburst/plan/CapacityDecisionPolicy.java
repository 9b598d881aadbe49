package dev.aksburst.plan;

import dev.aksburst.model.BurstStrategy;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Decides, per bursting workload and every reconcile, whether its overflow goes to VMs (grow the
 * pool, backfill) or stays on ACI (the pool is left alone).
 *
 * <p>VMs when ACI can not take the pods (the template can not run there, {@code
 * aksburst.dev/max-virtual-pods}, the region's ACI core or container-group quota, or more creates
 * than ACI allows in 5 minutes), when the pods fit room the pool already has or is already
 * provisioning (paid for anyway), or when over the expected remaining burst the new nodes (billed
 * from the write on, through their boot and the pool hold after the burst, plus ACI while they
 * boot) cost less than keeping the pods on ACI. The workload's strategy can force either route
 * short of capacity; with no known price the decision falls back to the VM route, as aks-burst did
 * before it knew prices. The boot is the pool's own last growth when seen ({@link
 * LearnPolicy#observedBoot}), else {@code AKSBURST_NODE_BOOT}.
 */
final class CapacityDecisionPolicy {
  static final String NAME = CapacityDecisionPolicy.class.getSimpleName();
  private static final double GIB = 1024.0 * 1024 * 1024;

  /** More than the zones of any Azure region: a round of new nodes covers every zone. */
  private static final int ZONE_ROUND = 8;

  /** The decision for the workload, or empty when it is not bursting or has nothing off VMs. */
  Optional<CapacityDecision> decide(Desire d, PlanInputs in) {
    WorkloadView w = d.workload();
    Optional<Intent> burst = d.floor().or(() -> in.prewarmOnly(w.ref()).stream().findFirst());
    int pods = PoolSizingPolicy.overflow(d, in);
    Optional<NodePoolView> pool = in.poolOf(w.ref());
    if (pods == 0 || pool.isEmpty()) {
      return Optional.empty();
    }
    Economics e = in.config().economics();
    if (burst.isEmpty()
        && (w.policy().strategyOrDefault() != BurstStrategy.COST
            || e.aci().isEmpty()
            || e.nodeHourly(pool.get().name()).isEmpty())) {
      // Not bursting and nothing to weigh: pods off VMs at the baseline get VM room, as before.
      return Optional.empty();
    }
    ExpectedBurst expected =
        burst.isPresent()
            ? ExpectedBurst.of(burst.get(), w.state(), e.expectedBurst(), in.now())
            : ExpectedBurst.STEADY;
    Resources r = w.podRequests();
    Optional<Needed> needed = newNodes(pool.get(), w, pods, in);
    OptionalInt newNodes =
        needed.isPresent() ? OptionalInt.of(needed.get().newNodes()) : OptionalInt.empty();
    // Pods that fit room already paid for go there on either route, and pods no node of the pool
    // can hold stay on ACI on either: only the rest are the choice.
    int movable = needed.map(n -> pods - n.inRoom() - n.unplaceable()).orElse(pods);
    OptionalDouble aciHourly =
        e.aci().isPresent()
            ? OptionalDouble.of(
                movable
                    * (r.milliCpu() / 1000.0 * e.aci().get().vcpuHour()
                        + r.memoryBytes() / GIB * e.aci().get().gbHour()))
            : OptionalDouble.empty();
    OptionalDouble nodeHourly = e.nodeHourly(pool.get().name());
    OptionalDouble vmHourly =
        nodeHourly.isPresent() && newNodes.isPresent()
            ? OptionalDouble.of(newNodes.getAsInt() * nodeHourly.getAsDouble())
            : OptionalDouble.empty();
    double t = hours(expected.remaining());
    // The pool's own last growth, write to last new node Ready, when seen; else the setting.
    Optional<Duration> observedBoot = LearnPolicy.observedBoot(w, in);
    Duration bootTime = observedBoot.orElse(e.nodeBoot());
    double boot = hours(bootTime);
    double hold = hours(in.config().poolHold());
    OptionalDouble aciRoute =
        aciHourly.isPresent() ? OptionalDouble.of(aciHourly.getAsDouble() * t) : aciHourly;
    OptionalDouble vmRoute =
        vmHourly.isPresent() && aciHourly.isPresent()
            ? OptionalDouble.of(
                vmHourly.getAsDouble() * (Math.max(t, boot) + hold)
                    + aciHourly.getAsDouble() * Math.min(t, boot))
            : OptionalDouble.empty();
    Figures f =
        new Figures(
            d,
            pool.get(),
            pods,
            movable,
            needed.map(Needed::inRoom).orElse(0),
            newNodes.orElse(0),
            vmHourly,
            aciHourly,
            vmRoute,
            aciRoute,
            expected,
            bootTime,
            observedBoot.isPresent() ? "observed" : "AKSBURST_NODE_BOOT",
            in.config().poolHold());

    Optional<String> binds = AciCapacity.binds(d, pods, in, e.limits());
    if (!w.burstReady()) {
      return Optional.of(
          f.vm(
              CapacityDecision.Cause.NOT_ACI_READY,
              "the pod template can not run on ACI ("
                  + String.join("; ", w.readinessProblems())
                  + ")"));
    }
    BurstStrategy strategy = w.policy().strategyOrDefault();
    if (binds.isPresent()) {
      CapacityDecision.Cause cause = AciCapacity.causeOf(binds.get());
      String why = binds.get().substring(binds.get().indexOf(':') + 1);
      Optional<CapacityDecision> split =
          strategy == BurstStrategy.VM_FIRST || cause == CapacityDecision.Cause.ACI_CREATE_RATE
              ? Optional.empty()
              : split(f, cause, why, needed, strategy, e, t, boot, hold, in);
      return Optional.of(split.orElseGet(() -> f.vm(cause, why)));
    }
    if (strategy == BurstStrategy.VM_FIRST) {
      return Optional.of(f.vm(CapacityDecision.Cause.STRATEGY_VM_FIRST, "strategy vm-first"));
    }
    if (strategy == BurstStrategy.ACI_FIRST) {
      return Optional.of(f.aci(CapacityDecision.Cause.STRATEGY_ACI_FIRST, "strategy aci-first"));
    }
    if (needed.isPresent() && movable == 0 && needed.get().unplaceable() > 0) {
      return Optional.of(
          f.aci(
              CapacityDecision.Cause.VMS_CANNOT_HOLD,
              "no node of pool "
                  + pool.get().name()
                  + " can take its pods ("
                  + w.podRequests().milliCpu()
                  + "m CPU, "
                  + w.podRequests().memoryBytes() / (1024 * 1024)
                  + "Mi, its placement), so VMs are no route for these "
                  + needed.get().unplaceable()));
    }
    if (newNodes.isPresent() && newNodes.getAsInt() == 0) {
      return Optional.of(
          f.vm(
              CapacityDecision.Cause.FITS_PAID_ROOM,
              "they fit room the pool already has or is provisioning"));
    }
    if (vmRoute.isEmpty() || aciRoute.isEmpty()) {
      return Optional.of(
          f.vm(
              CapacityDecision.Cause.NO_PRICE,
              "no price known for "
                  + (aciHourly.isEmpty() ? "ACI (set AKSBURST_ACI_PRICES)" : "")
                  + (aciHourly.isEmpty() && nodeHourly.isEmpty() ? " nor for " : "")
                  + (nodeHourly.isEmpty()
                      ? "pool "
                          + pool.get().name()
                          + " ("
                          + pool.get().vmSize()
                          + "; set AKSBURST_POOL_PRICES)"
                      : "")
                  + (newNodes.isEmpty() ? "the size of pool " + pool.get().name() : "")
                  + ", so VMs as vm-first does"));
    }
    if (vmRoute.getAsDouble() < aciRoute.getAsDouble()) {
      return Optional.of(f.vm(CapacityDecision.Cause.VM_CHEAPER, "VMs cost less"));
    }
    return Optional.of(f.aci(CapacityDecision.Cause.ACI_CHEAPER, "ACI costs less"));
  }

  /**
   * A Note of the decision. A decision without prices is a Normal Event too: it says that no price
   * is known and that the VM route is taken, as before prices existed; a Warning every reconcile of
   * every burst would bury the Warnings that need someone.
   */
  static Note note(CapacityDecision c) {
    return Note.info(
        c.workload(),
        Note.Cause.CAPACITY_DECISION,
        EventReason.CAPACITY_DECISION,
        c.reason(),
        NAME);
  }

  /**
   * When an ACI quota binds (not the create rate: it slows ACI, it does not cap it) and ACI is the
   * cheaper home: keep on ACI what fits the binding limit and grow the pool for the rest only.
   * Cheaper means, over the expected remaining burst, the kept pods on ACI plus new nodes for the
   * rest cost less than new nodes for all (the kept pods stay on ACI while those boot either way);
   * {@code aci-first} keeps what fits whatever the prices. Empty: the whole overflow goes to VMs.
   */
  private static Optional<CapacityDecision> split(
      Figures f,
      CapacityDecision.Cause cause,
      String why,
      Optional<Needed> all,
      BurstStrategy strategy,
      Economics e,
      double t,
      double boot,
      double hold,
      PlanInputs in) {
    Desire d = f.d();
    WorkloadView w = d.workload();
    int kept = Math.min(AciCapacity.room(d, in, e.limits()), f.pods() - f.inRoom());
    if (kept <= 0 || all.isEmpty()) {
      return Optional.empty();
    }
    Optional<Needed> rest = newNodes(f.pool(), w, f.pods() - kept, in);
    Resources r = w.podRequests();
    OptionalDouble perPod =
        e.aci().isPresent()
            ? OptionalDouble.of(
                r.milliCpu() / 1000.0 * e.aci().get().vcpuHour()
                    + r.memoryBytes() / GIB * e.aci().get().gbHour())
            : OptionalDouble.empty();
    OptionalDouble node = e.nodeHourly(f.pool().name());
    boolean priced = perPod.isPresent() && node.isPresent() && rest.isPresent();
    double keptHourly = priced ? kept * perPod.getAsDouble() : 0;
    double restHourly = priced ? rest.get().newNodes() * node.getAsDouble() : 0;
    double splitUsd = keptHourly * t + restHourly * (Math.max(t, boot) + hold);
    double allVmUsd =
        priced
            ? all.get().newNodes() * node.getAsDouble() * (Math.max(t, boot) + hold)
                + keptHourly * Math.min(t, boot)
            : 0;
    boolean cheaper = priced && splitUsd < allVmUsd;
    if (!(strategy == BurstStrategy.ACI_FIRST || cheaper)) {
      return Optional.empty();
    }
    int restNodes = rest.map(Needed::newNodes).orElse(0);
    String figures =
        priced
            ? String.format(
                Locale.ROOT,
                "; $%.3f/h for %d pods on ACI and $%.3f/h for %d new %s nodes over the expected"
                    + " %s (%s): $%.3f against $%.3f for %d new nodes for all %d, incl. %s boot"
                    + " (%s) and %s pool hold",
                keptHourly,
                kept,
                restHourly,
                restNodes,
                f.pool().vmSize(),
                Figures.minutes(f.expected().remaining()),
                f.expected().basis(),
                splitUsd,
                allVmUsd,
                all.get().newNodes(),
                f.pods(),
                Figures.minutes(f.boot()),
                f.bootBasis(),
                Figures.minutes(f.hold()))
            : "; expected "
                + Figures.minutes(f.expected().remaining())
                + " more ("
                + f.expected().basis()
                + ")";
    String reason =
        "kept "
            + kept
            + " pods on ACI ("
            + AciCapacity.LIMIT_NAMES.get(cause)
            + "), "
            + (f.pods() - kept)
            + " to "
            + (restNodes > 0
                ? restNodes + " new " + f.pool().vmSize() + " nodes of pool " + f.pool().name()
                : "room pool " + f.pool().name() + " has")
            + ": "
            + why
            + (strategy == BurstStrategy.ACI_FIRST && !cheaper ? "; strategy aci-first" : "")
            + figures;
    return Optional.of(
        new CapacityDecision(
            w.ref(),
            CapacityDecision.Route.VM,
            cause,
            f.pods(),
            restNodes,
            priced ? OptionalDouble.of(restHourly) : OptionalDouble.empty(),
            priced ? OptionalDouble.of(keptHourly) : OptionalDouble.empty(),
            priced ? OptionalDouble.of(splitUsd) : OptionalDouble.empty(),
            f.aciRoute(),
            f.expected().remaining(),
            f.expected().basis(),
            reason,
            kept));
  }

  /**
   * Where the pods would go on the VM route.
   *
   * @param newNodes new nodes of the pool's shape they need beyond free and provisioning room
   * @param inRoom pods that fit free or provisioning room (paid for on either route)
   * @param unplaceable pods no empty node of the pool's shape can hold
   */
  private record Needed(int newNodes, int inRoom, int unplaceable) {}

  private static Optional<Needed> newNodes(
      NodePoolView pool, WorkloadView w, int pods, PlanInputs in) {
    Optional<PoolShape> shape = in.shape(pool.name());
    if (shape.isEmpty()) {
      return Optional.empty();
    }
    Packer room = new Packer(in.freeBins(pool.name()));
    int coming = in.provisioningNodes(pool);
    for (int i = 0; i < coming; i++) {
      room.add(shape.get().emptyBin("provisioning-" + i, i));
    }
    Packer fresh = new Packer(java.util.List.of());
    dev.aksburst.model.SpreadCounts spread = in.spread(w);
    int n = 0;
    int inRoom = 0;
    int unplaceable = 0;
    for (int i = 0; i < pods; i++) {
      if (room.place(w.podRequests(), w.placement(), spread)) {
        inRoom++;
        continue;
      }
      if (fresh.place(w.podRequests(), w.placement(), spread)) {
        continue;
      }
      // AKS adds nodes round the pool's zones: a node the pods can not use still comes (and is
      // billed) before the next that they can; none in a whole round means none ever.
      boolean placed = false;
      for (int k = 0; k < ZONE_ROUND && !placed; k++) {
        Packer.Bin bin = shape.get().emptyBin("new-" + (n + k), coming + n + k);
        if (bin.takes(w.podRequests(), w.placement(), spread)) {
          bin.take(w.podRequests(), spread);
          fresh.add(bin);
          n += k + 1;
          placed = true;
        }
      }
      if (!placed) {
        unplaceable++;
      }
    }
    return Optional.of(new Needed(n, inRoom, unplaceable));
  }

  private static double hours(Duration d) {
    return d.toMillis() / 3_600_000.0;
  }

  /** The figures of one decision and how to say them. */
  private record Figures(
      Desire d,
      NodePoolView pool,
      int pods,
      int movable,
      int inRoom,
      int newNodes,
      OptionalDouble vmHourly,
      OptionalDouble aciHourly,
      OptionalDouble vmRoute,
      OptionalDouble aciRoute,
      ExpectedBurst expected,
      Duration boot,
      String bootBasis,
      Duration hold) {
    CapacityDecision vm(CapacityDecision.Cause cause, String why) {
      return decision(
          CapacityDecision.Route.VM,
          cause,
          "VMs for "
              + pods
              + " pods off VMs"
              + (newNodes > 0
                  ? " ("
                      + newNodes
                      + " new "
                      + pool.vmSize()
                      + " nodes of pool "
                      + pool.name()
                      + ")"
                  : "")
              + ": "
              + why);
    }

    CapacityDecision aci(CapacityDecision.Cause cause, String why) {
      return decision(
          CapacityDecision.Route.ACI,
          cause,
          "kept "
              + (pods - inRoom)
              + " pods on ACI"
              + (inRoom > 0 ? " (" + inRoom + " more fit room the pool has)" : "")
              + ", pool "
              + pool.name()
              + " left alone: "
              + why);
    }

    private CapacityDecision decision(
        CapacityDecision.Route route, CapacityDecision.Cause cause, String head) {
      String figures =
          aciHourly.isPresent() && vmHourly.isPresent()
              ? String.format(
                  Locale.ROOT,
                  "; $%.3f/h for %d pods on ACI against $%.3f/h for %d new %s nodes over the"
                      + " expected %s (%s): ACI $%.3f, VMs $%.3f incl. %s boot (%s) and %s pool"
                      + " hold",
                  aciHourly.getAsDouble(),
                  movable,
                  vmHourly.getAsDouble(),
                  newNodes,
                  pool.vmSize(),
                  minutes(expected.remaining()),
                  expected.basis(),
                  aciRoute.getAsDouble(),
                  vmRoute.getAsDouble(),
                  minutes(boot),
                  bootBasis,
                  minutes(hold))
              : "; expected " + minutes(expected.remaining()) + " more (" + expected.basis() + ")";
      return new CapacityDecision(
          d.workload().ref(),
          route,
          cause,
          pods,
          newNodes,
          vmHourly,
          aciHourly,
          vmRoute,
          aciRoute,
          expected.remaining(),
          expected.basis(),
          head + figures);
    }

    private static String minutes(Duration d) {
      return d.toMinutes() + " min";
    }
  }
}
