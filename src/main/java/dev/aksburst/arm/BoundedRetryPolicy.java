package dev.aksburst.arm;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * Replaces the SDK's retry policy, which sleeps whatever {@code Retry-After} says. This one retries
 * 429 and 5xx (honouring {@code Retry-After}) and I/O errors only while the wait fits the {@link
 * RetryBudget} of the invocation (carried in the request context); otherwise the response goes back
 * to the caller at once, which reports it as throttled.
 */
final class BoundedRetryPolicy implements HttpPipelinePolicy {
  private static final Logger LOG = Logger.getLogger(BoundedRetryPolicy.class.getName());
  static final int MAX_RETRIES = 3;
  private static final Duration BASE_BACKOFF = Duration.ofMillis(500);
  private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
  private static final HttpHeaderName X_MS_RETRY_AFTER_MS =
      HttpHeaderName.fromString("x-ms-retry-after-ms");

  private final Duration defaultBudget;

  BoundedRetryPolicy(Duration defaultBudget) {
    this.defaultBudget = defaultBudget;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    return attempt(context, next, budget(context), 0);
  }

  private Mono<HttpResponse> attempt(
      HttpPipelineCallContext context, HttpPipelineNextPolicy next, RetryBudget budget, int tries) {
    return next.clone()
        .process()
        .flatMap(
            response -> {
              Optional<Duration> wait = retryWait(response, tries, budget);
              if (wait.isEmpty()) {
                return Mono.just(response);
              }
              response.close();
              return Mono.delay(wait.get()).then(attempt(context, next, budget, tries + 1));
            })
        .onErrorResume(
            IOException.class,
            e -> {
              Duration wait = backoff(tries);
              if (tries >= MAX_RETRIES || !budget.allows(wait)) {
                return Mono.error(e);
              }
              return Mono.delay(wait).then(attempt(context, next, budget, tries + 1));
            });
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    RetryBudget budget = budget(context);
    for (int tries = 0; ; tries++) {
      HttpResponse response;
      try {
        response = next.clone().processSync();
      } catch (UncheckedIOException e) {
        Duration wait = backoff(tries);
        if (tries >= MAX_RETRIES || !budget.allows(wait)) {
          throw e;
        }
        sleep(wait);
        continue;
      }
      Optional<Duration> wait = retryWait(response, tries, budget);
      if (wait.isEmpty()) {
        return response;
      }
      response.close();
      sleep(wait.get());
    }
  }

  private RetryBudget budget(HttpPipelineCallContext context) {
    return context
        .getData(RetryBudget.CONTEXT_KEY)
        .filter(RetryBudget.class::isInstance)
        .map(RetryBudget.class::cast)
        .orElseGet(() -> RetryBudget.of(defaultBudget));
  }

  private static Optional<Duration> retryWait(
      HttpResponse response, int tries, RetryBudget budget) {
    int status = response.getStatusCode();
    boolean retriable =
        status == 429 || status == 408 || (status >= 500 && status != 501 && status != 505);
    if (!retriable || tries >= MAX_RETRIES) {
      return Optional.empty();
    }
    Duration wait = retryAfter(response.getHeaders()).orElse(backoff(tries));
    if (!budget.allows(wait)) {
      LOG.fine(
          () ->
              "not retrying HTTP "
                  + status
                  + ": Retry-After "
                  + wait
                  + " exceeds the remaining budget "
                  + budget.remaining());
      return Optional.empty();
    }
    return Optional.of(wait);
  }

  private static Duration backoff(int tries) {
    return BASE_BACKOFF.multipliedBy(1L << tries);
  }

  /**
   * {@code retry-after-ms}, {@code x-ms-retry-after-ms}, or {@code Retry-After} (seconds or date).
   */
  static Optional<Duration> retryAfter(HttpHeaders headers) {
    for (HttpHeaderName name : new HttpHeaderName[] {RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS}) {
      String ms = headers.getValue(name);
      if (ms != null) {
        try {
          return Optional.of(Duration.ofMillis(Math.max(0, Long.parseLong(ms.trim()))));
        } catch (NumberFormatException e) {
          LOG.fine(() -> "ignoring malformed " + name + ": " + ms);
        }
      }
    }
    String value = headers.getValue(HttpHeaderName.RETRY_AFTER);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
    } catch (NumberFormatException notSeconds) {
      try {
        OffsetDateTime at =
            OffsetDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(OffsetDateTime.now(at.getOffset()), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException e) {
        LOG.fine(() -> "ignoring malformed Retry-After: " + value);
        return Optional.empty();
      }
    }
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting " + wait + " to retry ARM", e);
    }
  }
}
