package dev.aksburst.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.aksburst.app.AksBurst;
import dev.aksburst.intent.Json;
import dev.aksburst.reconcile.ReconcileContext;
import java.util.function.Supplier;

/**
 * The safety net: every {@code AKSBURST_RECONCILE_SCHEDULE} (default every minute) reconciles each
 * cluster, so floors expire, backfill and shedding progress and pools are restored even when no
 * trigger arrives. After its reconcile it refreshes the price book (missing prices and those older
 * than a day), so no alert ever waits for the Retail Prices API.
 */
public final class ReconcileFunction {
  private final Supplier<AksBurst> app;

  public ReconcileFunction() {
    this(AksBurst::get);
  }

  public ReconcileFunction(AksBurst app) {
    this(() -> app);
  }

  private ReconcileFunction(Supplier<AksBurst> app) {
    this.app = app;
  }

  @FunctionName("ReconcileFunction")
  public void run(
      @TimerTrigger(name = "timer", schedule = "%AKSBURST_RECONCILE_SCHEDULE%") String timerInfo,
      final ExecutionContext context) {
    try (InvocationLog routed = InvocationLog.open(context, "timer")) {
      TimerInfo timer = TimerInfo.parse(timerInfo);
      if (timer.pastDue()) {
        context.getLogger().info("reconcile timer is past due; reconciling now");
      }
      ReconcileContext ctx = ReconcileContext.of("timer", context.getInvocationId());
      context
          .getLogger()
          .info(
              ctx.tag()
                  + " "
                  + Json.write(Answers.clusters(app.get().directory().reconcileAll(ctx))));
      // after the reconcile, off every alert's path: prices missing or older than the cache's life
      int read = app.get().prices().refresh();
      if (read > 0) {
        context
            .getLogger()
            .info(ctx.tag() + " prices: " + read + " read from the Retail Prices API");
      }
    }
  }
}
