package dev.aksburst.function;

import com.microsoft.azure.functions.ExecutionContext;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ReconcileContext;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Routes the java.util.logging lines of aks-burst, the Azure SDK and fabric8 (SLF4J reaches JUL
 * through slf4j-jdk14) that a function invocation's thread writes into that invocation's log
 * ({@link ExecutionContext#getLogger()}, which the Functions host stores with the invocation id),
 * and emits each as an OpenTelemetry log record whose attributes are the structured dimensions
 * {@code trigger}, {@code correlationId}, {@code namespace} and {@code deployment}.
 *
 * <p>The trigger and correlation id come from a {@link ReconcileContext} among the record's
 * parameters, else from the invocation bound to the thread; the workload from a {@link WorkloadRef}
 * among the parameters. Lines of other threads, and lines the worker's own logger writes, are left
 * alone.
 */
public final class InvocationLog implements AutoCloseable {
  /** The logger trees whose lines an operator needs in the invocation's log. */
  static final List<String> ROUTED = List.of("dev.aksburst", "com.azure", "io.fabric8");

  static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("trigger");
  static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("correlationId");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("deployment");
  static final AttributeKey<String> LOGGER = AttributeKey.stringKey("logger");

  private record Bound(Logger target, String trigger, String correlationId) {}

  private static final ThreadLocal<Bound> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<Boolean> FORWARDING = ThreadLocal.withInitial(() -> false);
  private static volatile Supplier<OpenTelemetry> otel = GlobalOpenTelemetry::get;
  private static final Router ROUTER = new Router();

  /**
   * Held strongly: java.util.logging keeps loggers weakly, and a collected one loses its handler.
   */
  private static final List<Logger> ROUTED_LOGGERS =
      ROUTED.stream().map(Logger::getLogger).toList();

  static {
    ROUTED_LOGGERS.forEach(l -> l.addHandler(ROUTER));
  }

  private final Bound previous;

  private InvocationLog(Bound bound) {
    this.previous = CURRENT.get();
    CURRENT.set(bound);
  }

  /** Binds this thread's log lines to {@code context}'s invocation until {@link #close()}. */
  public static InvocationLog open(ExecutionContext context, String trigger) {
    Objects.requireNonNull(trigger, "trigger");
    return new InvocationLog(
        new Bound(context.getLogger(), trigger, String.valueOf(context.getInvocationId())));
  }

  /** Where the structured records go ({@link GlobalOpenTelemetry} unless a test sets one). */
  static void useOpenTelemetry(Supplier<OpenTelemetry> telemetry) {
    otel = Objects.requireNonNull(telemetry);
  }

  @Override
  public void close() {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  private static final class Router extends Handler {
    private final SimpleFormatter text = new SimpleFormatter();

    Router() {
      setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord r) {
      Bound bound = CURRENT.get();
      if (bound == null || FORWARDING.get() || !bound.target().isLoggable(r.getLevel())) {
        return;
      }
      FORWARDING.set(true);
      try {
        String message = text.formatMessage(r);
        String trigger = bound.trigger();
        String correlationId = bound.correlationId();
        WorkloadRef workload = null;
        for (Object p : r.getParameters() == null ? new Object[0] : r.getParameters()) {
          if (p instanceof ReconcileContext c) {
            trigger = c.trigger();
            correlationId = c.correlationId();
          } else if (p instanceof WorkloadRef w && workload == null) {
            workload = w;
          }
        }
        LogRecord copy = new LogRecord(r.getLevel(), message);
        copy.setLoggerName(r.getLoggerName());
        copy.setInstant(r.getInstant());
        copy.setThrown(r.getThrown());
        copy.setSourceClassName(r.getSourceClassName());
        copy.setSourceMethodName(r.getSourceMethodName());
        // A logger with no handler of its own (the local host's, a test's) would only hand the
        // copy to the same root handlers the original already reached: a duplicate line.
        if (bound.target().getHandlers().length > 0) {
          bound.target().log(copy);
        }

        LogRecordBuilder b =
            otel.get()
                .getLogsBridge()
                .get("dev.aksburst")
                .logRecordBuilder()
                .setTimestamp(toNanos(r.getInstant()), TimeUnit.NANOSECONDS)
                .setSeverity(severity(r.getLevel()))
                .setSeverityText(r.getLevel().getName())
                .setBody(message)
                .setAttribute(TRIGGER, trigger)
                .setAttribute(CORRELATION_ID, correlationId)
                .setAttribute(LOGGER, String.valueOf(r.getLoggerName()));
        if (workload != null) {
          b.setAttribute(NAMESPACE, workload.namespace()).setAttribute(DEPLOYMENT, workload.name());
        }
        b.emit();
      } finally {
        FORWARDING.set(false);
      }
    }

    private static long toNanos(Instant t) {
      return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }

    static Severity severity(Level l) {
      int v = l.intValue();
      if (v >= Level.SEVERE.intValue()) {
        return Severity.ERROR;
      } else if (v >= Level.WARNING.intValue()) {
        return Severity.WARN;
      } else if (v >= Level.INFO.intValue()) {
        return Severity.INFO;
      } else if (v >= Level.FINE.intValue()) {
        return Severity.DEBUG;
      }
      return Severity.TRACE;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
