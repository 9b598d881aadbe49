package dev.aksburst.intent;

import java.time.Instant;
import java.util.Objects;

/** What an Event Grid event asks for; see {@link EventRouter}. */
public sealed interface EventDecision
    permits EventDecision.BurstRequested,
        EventDecision.ForwardedAlert,
        EventDecision.PoolWritten,
        EventDecision.PoolRolling,
        EventDecision.SubscriptionValidation,
        EventDecision.Ignored {

  InboundEvent event();

  /** A burst request ({@code AksBurst.BurstRequested} / {@code dev.aksburst.burst.requested}). */
  record BurstRequested(InboundEvent event, BurstRequest request) implements EventDecision {
    public BurstRequested {
      Objects.requireNonNull(event);
      Objects.requireNonNull(request);
    }
  }

  /** An Azure Monitor alert forwarded through a custom topic: data is the alert. */
  record ForwardedAlert(InboundEvent event, ParsedAlert alert) implements EventDecision {
    public ForwardedAlert {
      Objects.requireNonNull(event);
      Objects.requireNonNull(alert);
    }
  }

  /** An AKS agent pool was written (nodes are coming or going): reconcile now. */
  record PoolWritten(InboundEvent event, String resourceUri) implements EventDecision {
    public PoolWritten {
      Objects.requireNonNull(event);
      Objects.requireNonNull(resourceUri);
    }
  }

  /**
   * A node pool upgrade started ({@code started}) or ended: pause or resume backfill and shedding.
   *
   * @param cluster the managed cluster's ARM id (the event's topic or source)
   */
  record PoolRolling(InboundEvent event, String cluster, String pool, boolean started, Instant at)
      implements EventDecision {
    public PoolRolling {
      Objects.requireNonNull(event);
      Objects.requireNonNull(cluster);
      Objects.requireNonNull(pool);
      Objects.requireNonNull(at);
    }
  }

  /** Event Grid's subscription validation handshake: answer {@code validationResponse: code}. */
  record SubscriptionValidation(InboundEvent event, String validationCode)
      implements EventDecision {
    public SubscriptionValidation {
      Objects.requireNonNull(event);
      Objects.requireNonNull(validationCode);
    }
  }

  /** Acknowledged and logged, nothing to do. */
  record Ignored(InboundEvent event, String reason) implements EventDecision {
    public Ignored {
      Objects.requireNonNull(event);
      Objects.requireNonNull(reason);
    }
  }
}
