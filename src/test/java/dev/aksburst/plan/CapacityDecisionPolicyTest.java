package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.BurstStrategy;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.CapacityDecision.Cause;
import dev.aksburst.plan.CapacityDecision.Route;
import dev.aksburst.plan.Economics.AciLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The VM-or-ACI decision, one row per branch. The world: web has 2 pods on vm-0 (room for one more
 * 500m pod) and a floor of 20, so 18 pods are off VMs, 17 of them need 6 new nodes.
 */
class CapacityDecisionPolicyTest {
  static final Economics.AciPrices ACI = new Economics.AciPrices(0.0405, 0.00445);
  static final Economics PAYG =
      Economics.UNPRICED.withAci(Optional.of(ACI)).withPoolHourly(Map.of(Fixtures.POOL, 0.146));
  static final Economics CHEAP_VMS = PAYG.withPoolHourly(Map.of(Fixtures.POOL, 0.02));
  static final AciLimits ROOMY = new AciLimits(1000, 1000, 1000, 1000);

  static WorkloadView web(UnaryOperator<Fixtures.WorkloadBuilder> f, Intent floor) {
    return f.apply(workload("web").replicas(2).pods(pods("web", 2, "vm-0")).intents(floor)).build();
  }

  static WorkloadView web(UnaryOperator<Fixtures.WorkloadBuilder> f) {
    return web(f, alert(ref("web"), 20, T0));
  }

  static ClusterSnapshot world(WorkloadView w) {
    return Fixtures.snapshot()
        .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
        .pools(Fixtures.manualPool(1))
        .workloads(w)
        .build();
  }

  static WorkloadPolicy strategy(BurstStrategy s) {
    WorkloadPolicy d = WorkloadPolicy.DEFAULTS;
    return new WorkloadPolicy(
        d.maxReplicas(),
        d.burst(),
        d.hold(),
        d.alertRules(),
        d.windows(),
        d.maxVirtualPods(),
        d.nodePool(),
        Optional.of(s));
  }

  static Stream<Arguments> branches() {
    UnaryOperator<Fixtures.WorkloadBuilder> plain = b -> b;
    return Stream.of(
        Arguments.of("ACI cheaper at pay-as-you-go", plain, PAYG, Route.ACI, Cause.ACI_CHEAPER),
        Arguments.of("VMs cheaper", plain, CHEAP_VMS, Route.VM, Cause.VM_CHEAPER),
        Arguments.of(
            "vm-first whatever the prices",
            (UnaryOperator<Fixtures.WorkloadBuilder>)
                b -> b.policy(strategy(BurstStrategy.VM_FIRST)),
            PAYG,
            Route.VM,
            Cause.STRATEGY_VM_FIRST),
        Arguments.of(
            "aci-first whatever the prices",
            (UnaryOperator<Fixtures.WorkloadBuilder>)
                b -> b.policy(strategy(BurstStrategy.ACI_FIRST)),
            CHEAP_VMS,
            Route.ACI,
            Cause.STRATEGY_ACI_FIRST),
        Arguments.of(
            "aci-first yields to capacity",
            (UnaryOperator<Fixtures.WorkloadBuilder>)
                b -> b.policy(strategy(BurstStrategy.ACI_FIRST)),
            CHEAP_VMS.withLimits(new AciLimits(5, 1000, 1000, 1000)),
            Route.VM,
            Cause.ACI_CORE_QUOTA),
        Arguments.of("no price known", plain, Economics.UNPRICED, Route.VM, Cause.NO_PRICE),
        Arguments.of(
            "no pool price", plain, PAYG.withPoolHourly(Map.of()), Route.VM, Cause.NO_PRICE),
        Arguments.of(
            "template can not run on ACI",
            (UnaryOperator<Fixtures.WorkloadBuilder>) b -> b.readinessProblems("uses hostPath"),
            PAYG,
            Route.VM,
            Cause.NOT_ACI_READY),
        Arguments.of(
            "max-virtual-pods",
            (UnaryOperator<Fixtures.WorkloadBuilder>) b -> b.maxVirtualPods(5),
            PAYG,
            Route.VM,
            Cause.MAX_VIRTUAL_PODS),
        Arguments.of(
            "ACI core quota",
            plain,
            PAYG.withLimits(new AciLimits(8, 1000, 1000, 1000)),
            Route.VM,
            Cause.ACI_CORE_QUOTA),
        Arguments.of(
            "ACI container-group quota",
            plain,
            PAYG.withLimits(new AciLimits(1000, 12, 1000, 1000)),
            Route.VM,
            Cause.ACI_GROUP_QUOTA),
        Arguments.of(
            "ACI create rate",
            plain,
            PAYG.withLimits(new AciLimits(1000, 1000, 17, 1000)),
            Route.VM,
            Cause.ACI_CREATE_RATE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("branches")
  void eachBranch(
      String name,
      UnaryOperator<Fixtures.WorkloadBuilder> f,
      Economics e,
      Route route,
      Cause cause) {
    Plan p = plan(world(web(f)), T0.plusSeconds(30), PlannerConfig.DEFAULTS.withEconomics(e));

    assertThat(p.decisions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.route()).isEqualTo(route);
              assertThat(c.cause()).isEqualTo(cause);
              assertThat(c.pods()).isEqualTo(18);
            });
    assertThat(actions(p, Action.ScaleNodePool.class)).hasSize(route == Route.VM ? 1 : 0);
    assertThat(p.notes())
        .filteredOn(n -> n.reason().equals(EventReason.CAPACITY_DECISION))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).as("a Normal Event, prices or not").isFalse();
              if (cause == Cause.NO_PRICE) {
                assertThat(n.message()).contains("no price known");
              }
            });
  }

  static Stream<Arguments> splits() {
    UnaryOperator<Fixtures.WorkloadBuilder> plain = b -> b;
    AciLimits cores8 = new AciLimits(8, 1000, 1000, 1000);
    return Stream.of(
        // 8 cores hold 16 of the 17 pods beyond vm-0's room: one new node for the last.
        Arguments.of(
            "core quota, ACI cheaper", plain, PAYG.withLimits(cores8), 16, 1, "core quota"),
        Arguments.of(
            "group quota, ACI cheaper",
            plain,
            PAYG.withLimits(new AciLimits(1000, 12, 1000, 1000)),
            12,
            2,
            "container-group quota"),
        Arguments.of(
            "max-virtual-pods, ACI cheaper",
            (UnaryOperator<Fixtures.WorkloadBuilder>) b -> b.maxVirtualPods(5),
            PAYG,
            5,
            4,
            "max-virtual-pods"),
        Arguments.of(
            "aci-first keeps what fits whatever the prices",
            (UnaryOperator<Fixtures.WorkloadBuilder>)
                b -> b.policy(strategy(BurstStrategy.ACI_FIRST)),
            CHEAP_VMS.withLimits(new AciLimits(5, 1000, 1000, 1000)),
            10,
            3,
            "core quota"),
        Arguments.of(
            "core quota, VMs cheaper: all to VMs", plain, CHEAP_VMS.withLimits(cores8), 0, 6, ""),
        Arguments.of(
            "core quota, vm-first: all to VMs",
            (UnaryOperator<Fixtures.WorkloadBuilder>)
                b -> b.policy(strategy(BurstStrategy.VM_FIRST)),
            PAYG.withLimits(cores8),
            0,
            6,
            ""),
        Arguments.of(
            "create rate (a rate, not a cap): all to VMs",
            plain,
            PAYG.withLimits(new AciLimits(1000, 1000, 17, 1000)),
            0,
            6,
            ""),
        Arguments.of(
            "no price known: all to VMs", plain, Economics.UNPRICED.withLimits(cores8), 0, 6, ""));
  }

  /**
   * A binding ACI quota: what fits it stays on ACI when ACI is the cheaper home and the pool is
   * grown for the rest only; otherwise the whole overflow goes to VMs as before.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("splits")
  void aBindingQuotaKeepsWhatFitsOnAciWhenAciIsCheaper(
      String name,
      UnaryOperator<Fixtures.WorkloadBuilder> f,
      Economics e,
      int kept,
      int newNodes,
      String limit) {
    Plan p = plan(world(web(f)), T0.plusSeconds(30), PlannerConfig.DEFAULTS.withEconomics(e));

    CapacityDecision c = p.decisions().get(0);
    assertThat(c.route()).isEqualTo(Route.VM);
    assertThat(c.aciKept()).isEqualTo(kept);
    assertThat(c.newNodes()).isEqualTo(newNodes);
    assertThat(actions(p, Action.ScaleNodePool.class))
        .singleElement()
        .satisfies(
            a -> assertThat(a.size()).as("the pool sized for the rest").isEqualTo(1 + newNodes));
    if (kept > 0) {
      assertThat(c.reason())
          .startsWith(
              "kept "
                  + kept
                  + " pods on ACI (its "
                  + (limit.equals("max-virtual-pods") ? "aksburst.dev/" : "")
                  + limit
                  + "), "
                  + (18 - kept)
                  + " to "
                  + newNodes
                  + " new Standard_D2s_v3 nodes of pool ");
      if (e.aci().isPresent()) {
        assertThat(c.vmRouteUsd().getAsDouble())
            .as("the split's cost is what it projects")
            .isLessThan(c.aciRouteUsd().getAsDouble() + 6 * 0.146);
      }
    }
  }

  @Test
  void theSplitsFiguresAreTheArithmeticOfThePrices() {
    Economics e = PAYG.withLimits(new AciLimits(8, 1000, 1000, 1000));
    CapacityDecision c =
        plan(world(web(b -> b)), T0, PlannerConfig.DEFAULTS.withEconomics(e)).decisions().get(0);
    double aciPod = 0.5 * 0.0405 + 0.5 * 0.00445;
    // 16 kept on ACI for the expected 30 min; 1 new node billed 30 min + 10 min hold.
    double split = 16 * aciPod * 0.5 + 0.146 * (40 / 60.0);
    // All on VMs: 6 new nodes, the 16 on ACI while they boot (5 min).
    double all = 6 * 0.146 * (40 / 60.0) + 16 * aciPod * (5 / 60.0);
    assertThat(c.vmRouteUsd().getAsDouble()).isCloseTo(split, within());
    assertThat(c.aciUsdPerHour().getAsDouble()).isCloseTo(16 * aciPod, within());
    assertThat(c.vmUsdPerHour().getAsDouble()).isCloseTo(0.146, within());
    assertThat(c.reason())
        .contains(String.format(java.util.Locale.ROOT, "$%.3f against $%.3f", split, all))
        .contains("for 6 new nodes for all 18");
  }

  @Test
  void otherWorkloadsOnAciTakeTheirShareOfTheQuota() {
    Economics e = PAYG.withLimits(new AciLimits(8, 1000, 1000, 1000));
    CapacityDecision c = webBesideOtherOnAci(4, e, T0.plusSeconds(30));
    assertThat(c.aciKept()).as("8 cores less other's 4 pods of 500m: 12 of web's").isEqualTo(12);
  }

  /** The pool's last growth took 3 minutes: the decision bills that boot, not the setting's. */
  @Test
  void theObservedBootOfThePoolsLastGrowthReplacesTheSetting() {
    java.time.Instant wrote = T0.minus(Duration.ofHours(1));
    dev.aksburst.model.NodeView grown =
        Fixtures.vmNode("vm-1", Fixtures.POOL, wrote.plusSeconds(60));
    java.util.function.Function<Optional<java.time.Instant>, CapacityDecision> decide =
        ready -> {
          ClusterSnapshot s =
              Fixtures.snapshot()
                  .nodes(Fixtures.vmNode("vm-0"), readySince(grown, ready), Fixtures.virtualNode())
                  .pools(Fixtures.manualPool(2))
                  .poolState(
                      Fixtures.POOL, dev.aksburst.model.PoolState.EMPTY.withLastScaleOut(wrote))
                  .workloads(web(b -> b))
                  .build();
          return plan(s, T0, PlannerConfig.DEFAULTS.withEconomics(PAYG)).decisions().get(0);
        };
    CapacityDecision observed = decide.apply(Optional.of(wrote.plus(Duration.ofMinutes(3))));
    CapacityDecision setting = decide.apply(Optional.empty());

    assertThat(observed.reason()).contains("incl. 3 min boot (observed)");
    assertThat(setting.reason()).contains("incl. 5 min boot (AKSBURST_NODE_BOOT)");
    // Both bill the nodes for the 30 min burst and the hold; ACI carries the pods while they boot.
    assertThat(setting.vmRouteUsd().getAsDouble() - observed.vmRouteUsd().getAsDouble())
        .isCloseTo(observed.aciUsdPerHour().getAsDouble() * 2 / 60.0, within());
  }

  /**
   * The nodes of the last growth are gone (the pool was restored); the boot they showed was
   * recorded in the pool state and bills the next burst instead of the setting.
   */
  @Test
  void aRememberedBootBillsTheNextBurstAfterItsNodesAreGone() {
    java.util.function.Function<dev.aksburst.model.PoolState, CapacityDecision> decide =
        st ->
            plan(
                    Fixtures.snapshot()
                        .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
                        .pools(Fixtures.manualPool(1))
                        .poolState(Fixtures.POOL, st)
                        .workloads(web(b -> b))
                        .build(),
                    T0,
                    PlannerConfig.DEFAULTS.withEconomics(PAYG))
                .decisions()
                .get(0);
    dev.aksburst.model.PoolState restored =
        dev.aksburst.model.PoolState.EMPTY.withLastScaleOut(T0.minus(Duration.ofDays(1)));
    assertThat(decide.apply(restored.withLastBoot(Duration.ofMinutes(3))).reason())
        .contains("incl. 3 min boot (observed)");
    assertThat(decide.apply(restored).reason()).contains("incl. 5 min boot (AKSBURST_NODE_BOOT)");
  }

  /** What the pool's nodes show is recorded once, and again only when it changes. */
  @Test
  void theBootThePoolsNodesShowIsRecordedOnce() {
    java.time.Instant wrote = T0.minus(Duration.ofMinutes(10));
    dev.aksburst.model.NodeView grown =
        readySince(
            Fixtures.vmNode("vm-1", Fixtures.POOL, wrote.plusSeconds(60)),
            Optional.of(wrote.plusSeconds(200)));
    java.util.function.Function<dev.aksburst.model.PoolState, Plan> planWith =
        st ->
            plan(
                Fixtures.snapshot()
                    .nodes(Fixtures.vmNode("vm-0"), grown, Fixtures.virtualNode())
                    .pools(Fixtures.manualPool(2))
                    .poolState(Fixtures.POOL, st)
                    .workloads(web(b -> b))
                    .build(),
                T0,
                PlannerConfig.DEFAULTS.withEconomics(PAYG));
    dev.aksburst.model.PoolState grew = dev.aksburst.model.PoolState.EMPTY.withLastScaleOut(wrote);
    Action.RecordPoolBoot record =
        PlanningSupport.only(planWith.apply(grew), Action.RecordPoolBoot.class);
    assertThat(record.pool()).isEqualTo(Fixtures.POOL);
    assertThat(record.boot()).isEqualTo(Duration.ofSeconds(200));
    assertThat(record.reason()).contains("grew in 200 s");
    assertThat(
            PlanningSupport.actions(
                planWith.apply(grew.withLastBoot(Duration.ofSeconds(195))),
                Action.RecordPoolBoot.class))
        .as("within 10 s of the recorded boot: nothing to write")
        .isEmpty();
    assertThat(
            PlanningSupport.only(
                    planWith.apply(grew.withLastBoot(Duration.ofSeconds(120))),
                    Action.RecordPoolBoot.class)
                .boot())
        .isEqualTo(Duration.ofSeconds(200));
  }

  static dev.aksburst.model.NodeView readySince(
      dev.aksburst.model.NodeView n, Optional<java.time.Instant> readySince) {
    return new dev.aksburst.model.NodeView(
        n.name(),
        n.labels(),
        n.taints(),
        n.pool(),
        n.virtual(),
        true,
        n.unschedulable(),
        n.allocatable(),
        n.maxPods(),
        n.requested(),
        n.podCount(),
        n.daemonSetRequested(),
        n.daemonSetPods(),
        n.created(),
        readySince);
  }

  @Test
  void theFiguresAreTheArithmeticOfThePricesAndShowInTheEvent() {
    Plan p = plan(world(web(b -> b)), T0, PlannerConfig.DEFAULTS.withEconomics(PAYG));
    CapacityDecision c = p.decisions().get(0);
    // 18 pods off VMs; one fits vm-0's room on either route, so the choice is about 17.
    double aciHourly = 17 * (0.5 * 0.0405 + 0.5 * 0.00445);
    assertThat(c.newNodes()).isEqualTo(6);
    assertThat(c.aciUsdPerHour().getAsDouble()).isCloseTo(aciHourly, within());
    assertThat(c.vmUsdPerHour().getAsDouble()).isCloseTo(6 * 0.146, within());
    assertThat(c.expectedRemaining()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.aciRouteUsd().getAsDouble()).isCloseTo(aciHourly * 0.5, within());
    // 30 min burst + 10 min pool hold billed for the nodes; ACI while they boot (5 min).
    assertThat(c.vmRouteUsd().getAsDouble())
        .isCloseTo(6 * 0.146 * (40 / 60.0) + aciHourly * (5 / 60.0), within());
    assertThat(c.reason()).contains("$0.382/h for 17 pods on ACI").contains("$0.876/h for 6 new");
  }

  @Test
  void theDiscountLowersTheVmPrice() {
    Economics reserved = PAYG.withVmDiscount(0.5);
    CapacityDecision c =
        plan(world(web(b -> b)), T0, PlannerConfig.DEFAULTS.withEconomics(reserved))
            .decisions()
            .get(0);
    assertThat(c.vmUsdPerHour().getAsDouble()).isCloseTo(6 * 0.073, within());
  }

  @Test
  void podsNoNodeOfThePoolCanTakeStayOnAciAndThePoolIsNotGrown() {
    WorkloadView w =
        web(
            b ->
                b.requests(dev.aksburst.model.Resources.of(2000, 1L << 30))
                    .pods(Fixtures.pods("web", 2, Fixtures.VIRTUAL_NODE)));
    Plan p = plan(world(w), T0, PlannerConfig.DEFAULTS.withEconomics(CHEAP_VMS));
    CapacityDecision c = p.decisions().get(0);
    assertThat(c.route()).isEqualTo(Route.ACI);
    assertThat(c.cause()).isEqualTo(Cause.VMS_CANNOT_HOLD);
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
  }

  @Test
  void onlyPodsBeyondPaidRoomAreWeighed() {
    // A VM price just above ACI per pod-hour for the pods that need new nodes: counting the pod
    // that fits vm-0's room on the ACI side (it goes there on either route) would choose VMs.
    WorkloadView w =
        web(b -> b, Fixtures.until(alert(ref("web"), 8, T0), T0.plus(Duration.ofHours(10))));
    double aciPod = 0.5 * 0.0405 + 0.5 * 0.00445;
    // 5 pods need 2 new nodes (3 per node): VMs 2 x price against ACI 5 x aciPod an hour.
    Economics e = PAYG.withPoolHourly(Map.of(Fixtures.POOL, 5 * aciPod / 2 * 1.02));
    CapacityDecision c =
        plan(world(w), T0, PlannerConfig.DEFAULTS.withEconomics(e)).decisions().get(0);
    assertThat(c.pods()).isEqualTo(6);
    assertThat(c.newNodes()).isEqualTo(2);
    assertThat(c.cause()).isEqualTo(Cause.ACI_CHEAPER);
  }

  @Test
  void recentCreatesOfOtherWorkloadsUseTheCreateRate() {
    Economics e = PAYG.withLimits(new AciLimits(1000, 1000, 27, 1000));
    CapacityDecision c = webBesideOtherOnAci(10, e, T0.plusSeconds(30));
    assertThat(c.cause()).as("18 creates, 17 left of 27").isEqualTo(Cause.ACI_CREATE_RATE);
    CapacityDecision later = webBesideOtherOnAci(10, e, T0.plus(Duration.ofMinutes(5)));
    assertThat(later.cause()).as("those creates left the window").isEqualTo(Cause.ACI_CHEAPER);
  }

  static Stream<Arguments> steady() {
    return Stream.of(
        Arguments.of("ACI cheaper", PAYG, Optional.of(Cause.ACI_CHEAPER), 0),
        Arguments.of("VMs cheaper", CHEAP_VMS, Optional.of(Cause.VM_CHEAPER), 1),
        Arguments.of("no price: VM room as before", Economics.UNPRICED, Optional.empty(), 1));
  }

  /**
   * After a burst (its baseline still recorded), a baseline of 8 that does not fit the pool's one
   * node is weighed over a day: the pods stay on ACI or the pool keeps a node for them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("steady")
  void aBaselineThatDoesNotFitThePoolIsWeighedOverADay(
      String name, Economics e, Optional<Cause> cause, int poolWrites) {
    WorkloadView w =
        workload("web")
            .replicas(8)
            .bookkeeping(
                dev.aksburst.model.Bookkeeping.EMPTY.withBaselineReplicas(
                    java.util.OptionalInt.of(8)))
            .pods(pods("web", 2, "vm-0"))
            .addPods(pods("aci", 6, Fixtures.VIRTUAL_NODE))
            .build();
    Plan p = plan(world(w), T0, PlannerConfig.DEFAULTS.withEconomics(e));
    assertThat(p.decisions().stream().map(CapacityDecision::cause).findFirst()).isEqualTo(cause);
    p.decisions().forEach(c -> assertThat(c.expectedRemaining()).isEqualTo(Duration.ofDays(1)));
    assertThat(actions(p, Action.ScaleNodePool.class)).hasSize(poolWrites);
  }

  @Test
  void withNoBurstAtAllNothingIsDecidedAndThePoolIsLeftAlone() {
    WorkloadView w =
        workload("web")
            .replicas(8)
            .pods(pods("web", 2, "vm-0"))
            .addPods(pods("aci", 6, Fixtures.VIRTUAL_NODE))
            .build();
    for (Economics e : java.util.List.of(PAYG, CHEAP_VMS, Economics.UNPRICED)) {
      Plan p = plan(world(w), T0, PlannerConfig.DEFAULTS.withEconomics(e));
      assertThat(p.decisions()).isEmpty();
      assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    }
  }

  @Test
  void podsThatFitRoomAlreadyThereGoToVms() {
    WorkloadView w = web(b -> b, alert(ref("web"), 3, T0));
    CapacityDecision c =
        plan(world(w), T0, PlannerConfig.DEFAULTS.withEconomics(PAYG)).decisions().get(0);
    assertThat(c.cause()).isEqualTo(Cause.FITS_PAID_ROOM);
    assertThat(c.newNodes()).isZero();
  }

  @Test
  void aBurstShorterThanTheBootStaysOnAciEvenWhenVmsAreCheap() {
    Intent shortWindow = Fixtures.until(alert(ref("web"), 20, T0), T0.plus(Duration.ofMinutes(3)));
    CapacityDecision c =
        plan(world(web(b -> b, shortWindow)), T0, PlannerConfig.DEFAULTS.withEconomics(CHEAP_VMS))
            .decisions()
            .get(0);
    assertThat(c.route()).isEqualTo(Route.ACI);
    assertThat(c.expectedBasis()).isEqualTo("known end");
  }

  @Test
  void aLongKnownBurstMakesCheapVmsWorthIt() {
    Intent longWindow = Fixtures.until(alert(ref("web"), 20, T0), T0.plus(Duration.ofHours(10)));
    CapacityDecision c =
        plan(world(web(b -> b, longWindow)), T0, PlannerConfig.DEFAULTS.withEconomics(CHEAP_VMS))
            .decisions()
            .get(0);
    assertThat(c.cause()).isEqualTo(Cause.VM_CHEAPER);
  }

  @Test
  void noBurstNoDecision() {
    WorkloadView idle = workload("web").replicas(2).pods(pods("web", 2, "vm-0")).build();
    assertThat(plan(world(idle), T0, PlannerConfig.DEFAULTS.withEconomics(PAYG)).decisions())
        .isEmpty();
  }

  @Test
  void keepingPodsOnAciIsIdempotent() {
    Plan again =
        PlanningSupport.replan(world(web(b -> b)), T0, PlannerConfig.DEFAULTS.withEconomics(PAYG));
    assertThat(actions(again, Action.ScaleNodePool.class)).isEmpty();
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  /** web's decision at {@code at}, beside {@code otherPods} pods of another workload on ACI. */
  private CapacityDecision webBesideOtherOnAci(int otherPods, Economics e, Instant at) {
    WorkloadView other =
        workload("other")
            .replicas(otherPods)
            .pods(Fixtures.pods("other", otherPods, Fixtures.VIRTUAL_NODE))
            .build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1))
            .workloads(web(b -> b), other)
            .build();
    return plan(s, at, PlannerConfig.DEFAULTS.withEconomics(e)).decisions().stream()
        .filter(d -> d.workload().equals(ref("web")))
        .findFirst()
        .orElseThrow();
  }
}
