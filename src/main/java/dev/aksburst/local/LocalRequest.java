package dev.aksburst.local;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as a Function receives it ({@link HttpRequestMessage}), built by the local host
 * and the demo. Header names are lower-cased, as the Functions host passes them.
 */
record LocalRequest(
    URI uri,
    HttpMethod method,
    Map<String, String> headers,
    Map<String, String> query,
    Optional<String> body)
    implements HttpRequestMessage<Optional<String>> {
  LocalRequest {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(method, "method");
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    headers = Map.copyOf(lower);
    query = Map.copyOf(query);
    Objects.requireNonNull(body, "body");
  }

  /** A request with the query parameters parsed from the URI. */
  static LocalRequest of(
      HttpMethod method, URI uri, Map<String, String> headers, Optional<String> body) {
    return new LocalRequest(uri, method, headers, query(uri.getRawQuery()), body);
  }

  /** {@code a=1&b=2} decoded; the first value of a repeated name wins, as the host does. */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(name, value);
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public HttpMethod getHttpMethod() {
    return method;
  }

  @Override
  public Map<String, String> getHeaders() {
    return headers;
  }

  @Override
  public Map<String, String> getQueryParameters() {
    return query;
  }

  @Override
  public Optional<String> getBody() {
    return body;
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
    return new LocalResponse.Builder(status);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
    return new LocalResponse.Builder(status);
  }
}
