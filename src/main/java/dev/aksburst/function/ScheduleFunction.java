package dev.aksburst.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.aksburst.app.AksBurst;
import dev.aksburst.intent.Json;
import dev.aksburst.reconcile.ReconcileContext;
import java.util.function.Supplier;

/**
 * Scheduled windows ({@code aksburst.dev/windows}): every {@code AKSBURST_WINDOWS_SCHEDULE} it
 * records the floor of each window occurrence that contains now (or opens within its lead time) and
 * reconciles. Which occurrence is due is computed from the cron definitions and the clock, so a
 * late run ({@code IsPastDue}) or a daylight-saving change does not shift windows.
 */
public final class ScheduleFunction {
  private final Supplier<AksBurst> app;

  public ScheduleFunction() {
    this(AksBurst::get);
  }

  public ScheduleFunction(AksBurst app) {
    this(() -> app);
  }

  private ScheduleFunction(Supplier<AksBurst> app) {
    this.app = app;
  }

  @FunctionName("ScheduleFunction")
  public void run(
      @TimerTrigger(name = "timer", schedule = "%AKSBURST_WINDOWS_SCHEDULE%") String timerInfo,
      final ExecutionContext context) {
    try (InvocationLog routed = InvocationLog.open(context, "schedule")) {
      TimerInfo timer = TimerInfo.parse(timerInfo);
      if (timer.pastDue()) {
        context
            .getLogger()
            .info("windows timer is past due; evaluating windows at the current time");
      }
      ReconcileContext ctx = ReconcileContext.of("schedule", context.getInvocationId());
      context
          .getLogger()
          .info(ctx.tag() + " " + Json.write(Answers.windows(app.get().windows().handle(ctx))));
    }
  }
}
