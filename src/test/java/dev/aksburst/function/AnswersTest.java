package dev.aksburst.function;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PoolMode;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Note;
import dev.aksburst.plan.Plan;
import dev.aksburst.reconcile.ActionOutcome;
import dev.aksburst.reconcile.ActionOutcome.Cause;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileResult;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Every variant of the sealed {@link ReconcileResult} as the trigger answers render it. */
class AnswersTest {
  private static final ReconcileContext CTX = ReconcileContext.of("alert", "c-42");
  private static final ClusterSnapshot SNAPSHOT = Fixtures.snapshot().build();
  private static final Instant NEXT = T0.plusSeconds(180);
  private static final Action SCALE =
      new Action.ScaleDeployment(
          ref("web"),
          20,
          2,
          Optional.of(EventReason.BURST_STARTED),
          "DesiredReplicasPolicy",
          "raise default/web 2 -> 20");
  private static final Action POOL =
      new Action.ScaleNodePool(
          Fixtures.POOL,
          PoolMode.MANUAL,
          7,
          1,
          OptionalInt.of(1),
          false,
          List.of(ref("web")),
          Optional.of(EventReason.NODE_POOL_SCALE_OUT),
          "PoolSizingPolicy",
          "size pool nodepool1 1 -> 7");
  private static final Note NOTE =
      Note.info(
          ref("web"),
          Note.Cause.SCALE_IN_COOLDOWN,
          EventReason.SHED,
          "held for a cooldown",
          "DesiredReplicasPolicy");
  private static final Plan PLAN = new Plan(List.of(SCALE, POOL), List.of(NOTE));

  private static JsonNode render(ReconcileResult r) {
    return Answers.reconcile(r);
  }

  @Test
  void doneShowsEachActionsOutcomeWithItsCauseOrCodeTheNotesAndTheNextReconcile() {
    JsonNode n =
        render(
            ReconcileResult.done(
                CTX,
                SNAPSHOT,
                PLAN,
                List.of(
                    ActionOutcome.applied(SCALE),
                    ActionOutcome.refused(POOL, Cause.WRITE_BUDGET, "60 writes in the last hour")),
                Optional.of(NEXT)));

    assertThat(n.path("status").asText()).isEqualTo("DONE");
    assertThat(n.path("correlationId").asText()).isEqualTo("c-42");
    assertThat(n.path("nextReconcileAt").asText()).isEqualTo(NEXT.toString());
    assertThat(n.has("error")).isFalse();
    assertThat(n.has("coalescedWith")).isFalse();
    JsonNode applied = n.path("actions").get(0);
    assertThat(applied.path("action").asText()).isEqualTo("ScaleDeployment");
    assertThat(applied.path("target").asText()).isEqualTo("default/web");
    assertThat(applied.path("policy").asText()).isEqualTo("DesiredReplicasPolicy");
    assertThat(applied.path("reason").asText()).isEqualTo("raise default/web 2 -> 20");
    assertThat(applied.path("outcome").asText()).isEqualTo("APPLIED");
    assertThat(applied.has("cause")).isFalse();
    assertThat(applied.has("message")).isFalse();
    JsonNode refused = n.path("actions").get(1);
    assertThat(refused.path("outcome").asText()).isEqualTo("REFUSED");
    assertThat(refused.path("cause").asText()).isEqualTo("WRITE_BUDGET");
    assertThat(refused.path("message").asText()).isEqualTo("60 writes in the last hour");
    assertThat(n.path("notes")).hasSize(1);
    assertThat(n.path("notes").get(0).path("target").asText()).isEqualTo("default/web");
    assertThat(n.path("notes").get(0).path("reason").asText()).isEqualTo(EventReason.SHED);
    assertThat(n.path("notes").get(0).path("cause").asText()).isEqualTo("SCALE_IN_COOLDOWN");
  }

  @Test
  void aFailedWriteShowsItsCodeAndNoCause() {
    JsonNode a =
        render(
                ReconcileResult.done(
                    CTX,
                    SNAPSHOT,
                    PLAN,
                    List.of(ActionOutcome.failed(SCALE, "409", "the object has been modified")),
                    Optional.empty()))
            .path("actions")
            .get(0);
    assertThat(a.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(a.path("code").asText()).isEqualTo("409");
    assertThat(a.has("cause")).isFalse();
  }

  @Test
  void aDryRunSaysWhatItWouldDoAndThatItWroteNothing() {
    JsonNode n =
        render(
            ReconcileResult.dryRun(
                CTX.dryRun(List.of()),
                SNAPSHOT,
                PLAN,
                List.of(
                    ActionOutcome.skipped(SCALE, Cause.DRY_RUN, "dry run"),
                    ActionOutcome.skipped(POOL, Cause.DRY_RUN, "dry run")),
                Optional.empty()));
    assertThat(n.path("status").asText()).isEqualTo("DRY_RUN");
    assertThat(n.has("nextReconcileAt")).isFalse();
    assertThat(n.path("actions"))
        .extracting(
            a -> a.path("action").asText() + " " + a.path("target").asText(),
            a -> a.path("outcome").asText() + "/" + a.path("cause").asText())
        .containsExactly(
            tuple("ScaleDeployment default/web", "SKIPPED/DRY_RUN"),
            tuple("ScaleNodePool pool/nodepool1", "SKIPPED/DRY_RUN"));
  }

  @Test
  void aStalePlanShowsTheSkippedActionsCause() {
    JsonNode a =
        render(
                ReconcileResult.done(
                    CTX,
                    SNAPSHOT,
                    PLAN,
                    List.of(ActionOutcome.skipped(SCALE, Cause.STALE_PLAN, "planned from 2")),
                    Optional.empty()))
            .path("actions")
            .get(0);
    assertThat(a.path("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(a.path("cause").asText()).isEqualTo("STALE_PLAN");
  }

  @Test
  void lockBusyHasNoActionsNoNotesAndNoNextReconcile() {
    JsonNode n = render(ReconcileResult.lockBusy(CTX));
    assertThat(n.path("status").asText()).isEqualTo("LOCK_BUSY");
    assertThat(n.path("correlationId").asText()).isEqualTo("c-42");
    assertThat(n.path("actions")).isEmpty();
    assertThat(n.path("notes")).isEmpty();
    assertThat(n.has("nextReconcileAt")).isFalse();
    assertThat(n.has("error")).isFalse();
  }

  @Test
  void failedNamesWhy() {
    JsonNode n = render(ReconcileResult.failed(CTX, "could not observe cluster c: 500"));
    assertThat(n.path("status").asText()).isEqualTo("FAILED");
    assertThat(n.path("error").asText()).isEqualTo("could not observe cluster c: 500");
    assertThat(n.path("actions")).isEmpty();
  }

  @Test
  void coalescedNamesTheReconcileThatAnsweredAndItsNextReconcile() {
    JsonNode n = render(ReconcileResult.coalesced(CTX, T0, Optional.of(NEXT)));
    assertThat(n.path("status").asText()).isEqualTo("COALESCED");
    assertThat(n.path("coalescedWith").asText()).isEqualTo(T0.toString());
    assertThat(n.path("nextReconcileAt").asText()).isEqualTo(NEXT.toString());
    assertThat(n.path("actions")).isEmpty();
  }

  @Test
  void everyStatusHasAVariantAndEachRendersItsOwnName() {
    List<ReconcileResult> all =
        List.of(
            ReconcileResult.done(CTX, SNAPSHOT, Plan.EMPTY, List.of(), Optional.empty()),
            ReconcileResult.dryRun(CTX, SNAPSHOT, Plan.EMPTY, List.of(), Optional.empty()),
            ReconcileResult.lockBusy(CTX),
            ReconcileResult.failed(CTX, "x"),
            ReconcileResult.coalesced(CTX, T0, Optional.empty()));
    assertThat(all)
        .extracting(r -> render(r).path("status").asText())
        .containsExactlyElementsOf(
            Arrays.stream(ReconcileResult.Status.values()).map(Enum::name).toList());
  }
}
