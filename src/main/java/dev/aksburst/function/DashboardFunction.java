package dev.aksburst.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/**
 * {@code GET /api/dashboard?code=<function key>}: the live burst dashboard ({@link DashboardPage}).
 * The page takes the key from its own address and sends it to {@code GET /api/bursts} as {@code
 * x-functions-key}; it needs no app state, so it answers even when the cluster cannot be read (and
 * then shows the status API's problem).
 */
public final class DashboardFunction {
  @FunctionName("DashboardFunction")
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "req",
              methods = {HttpMethod.GET},
              route = "dashboard",
              authLevel = AuthorizationLevel.FUNCTION)
          HttpRequestMessage<Optional<String>> request,
      final ExecutionContext context) {
    String statusPath = DashboardPage.statusPathFor(request.getUri().getPath());
    return request
        .createResponseBuilder(HttpStatus.OK)
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Content-Security-Policy", DashboardPage.CONTENT_SECURITY_POLICY)
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer")
        .body(DashboardPage.html(statusPath))
        .build();
  }
}
