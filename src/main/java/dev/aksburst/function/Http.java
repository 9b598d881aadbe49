package dev.aksburst.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import dev.aksburst.app.Problem;
import dev.aksburst.intent.Json;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Response helpers shared by the HTTP functions: JSON bodies and problem+json errors. */
final class Http {
  private Http() {}

  static HttpResponseMessage json(HttpRequestMessage<?> req, HttpStatusType status, JsonNode body) {
    return req.createResponseBuilder(status)
        .header("Content-Type", "application/json")
        .body(Json.write(body))
        .build();
  }

  static HttpResponseMessage problem(HttpRequestMessage<?> req, Problem p) {
    HttpStatusType status = HttpStatusType.custom(p.status());
    for (HttpStatus known : HttpStatus.values()) {
      if (known.value() == p.status()) {
        status = known;
      }
    }
    return req.createResponseBuilder(status)
        .header("Content-Type", Problem.MEDIA_TYPE)
        .body(Json.write(p.toJson()))
        .build();
  }

  /**
   * 503 with the failure (the app could not start, or the cluster could not be read): callers such
   * as action groups retry on 503.
   */
  static HttpResponseMessage unavailable(
      HttpRequestMessage<?> req, Logger log, RuntimeException e) {
    Problem p = Problem.unavailable(e);
    log.log(Level.SEVERE, p.detail(), e);
    return problem(req, p);
  }
}
