package dev.aksburst.function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.ClusterRuntime;
import dev.aksburst.app.Problem;
import dev.aksburst.app.ProblemException;
import dev.aksburst.app.WorkloadStatus;
import dev.aksburst.intent.BurstRequest;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.intent.Json;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ReconcileContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Manual bursts: {@code POST /api/bursts} starts one (or plans it with {@code dryRun}), {@code GET
 * /api/bursts} and {@code GET /api/bursts/{namespace}/{deployment}} report status, {@code DELETE
 * /api/bursts/{namespace}/{deployment}} ends the manual floors. {@code ?cluster=} picks the cluster
 * when several are configured. Errors are problem+json naming the field.
 */
public final class BurstFunction {
  private final Supplier<AksBurst> app;

  public BurstFunction() {
    this(AksBurst::get);
  }

  public BurstFunction(AksBurst app) {
    this(() -> app);
  }

  private BurstFunction(Supplier<AksBurst> app) {
    this.app = app;
  }

  @FunctionName("BurstFunction")
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "req",
              methods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE},
              route = "bursts/{namespace?}/{deployment?}",
              authLevel = AuthorizationLevel.FUNCTION)
          HttpRequestMessage<Optional<String>> request,
      final ExecutionContext context) {
    try (InvocationLog routed = InvocationLog.open(context, "manual")) {
      return serve(request, context);
    }
  }

  private HttpResponseMessage serve(
      HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
    try {
      List<String> path = pathAfterBursts(request);
      if (path.size() == 1 || path.size() > 2) {
        throw new ProblemException(
            Problem.of(
                "not-found",
                "No such route",
                404,
                "use /api/bursts or /api/bursts/{namespace}/{deployment}",
                "deployment"));
      }
      Optional<WorkloadRef> target =
          path.isEmpty()
              ? Optional.empty()
              : Optional.of(BurstRequest.target(path.get(0), path.get(1), ""));
      HttpMethod method = request.getHttpMethod();
      ReconcileContext ctx = ReconcileContext.of("manual", context.getInvocationId());
      if (method == HttpMethod.POST && target.isEmpty()) {
        BurstRequest r = BurstRequest.parse(request.getBody().orElse(""));
        AksBurst burst = app.get();
        ObjectNode out = Answers.started(burst.bursts().start(cluster(burst, request), r, ctx));
        return Http.json(request, r.dryRun() ? HttpStatus.OK : HttpStatus.ACCEPTED, out);
      }
      if (method == HttpMethod.GET && target.isEmpty()) {
        AksBurst burst = app.get();
        ClusterRuntime rt = cluster(burst, request);
        ObjectNode out = Json.object();
        out.put("cluster", rt.clusterId());
        ArrayNode list = out.putArray("workloads");
        burst.status().all(rt).forEach(s -> list.add(Answers.status(s)));
        return Http.json(request, HttpStatus.OK, out);
      }
      if (method == HttpMethod.GET) {
        AksBurst burst = app.get();
        WorkloadStatus s = burst.status().of(cluster(burst, request), target.get());
        return Http.json(request, HttpStatus.OK, Answers.status(s));
      }
      if (method == HttpMethod.DELETE && target.isPresent()) {
        AksBurst burst = app.get();
        return Http.json(
            request,
            HttpStatus.OK,
            Answers.ended(burst.bursts().end(cluster(burst, request), target.get(), ctx)));
      }
      throw new ProblemException(
          Problem.of(
              "method-not-allowed",
              "Method not allowed",
              405,
              method
                  + (target.isPresent() ? " /api/bursts/{namespace}/{deployment}" : " /api/bursts")
                  + " is not supported: POST /api/bursts starts a burst, GET reads status, DELETE"
                  + " /api/bursts/{namespace}/{deployment} ends it",
              null));
    } catch (InvalidPayload e) {
      return Http.problem(request, Problem.invalidPayload(e));
    } catch (ProblemException e) {
      return Http.problem(request, e.problem());
    } catch (RuntimeException e) {
      return Http.unavailable(request, context.getLogger(), e);
    }
  }

  private static ClusterRuntime cluster(AksBurst burst, HttpRequestMessage<?> request) {
    String c =
        request.getQueryParameters() == null ? null : request.getQueryParameters().get("cluster");
    return burst.directory().forRequest(Optional.ofNullable(c).filter(s -> !s.isBlank()));
  }

  /** The path segments after {@code bursts} (the route prefix may differ from {@code api}). */
  static List<String> pathAfterBursts(HttpRequestMessage<?> request) {
    List<String> segments =
        Arrays.stream(request.getUri().getPath().split("/")).filter(s -> !s.isEmpty()).toList();
    int i = segments.indexOf("bursts");
    return i < 0 ? List.of() : segments.subList(i + 1, segments.size());
  }
}
