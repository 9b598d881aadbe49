package dev.aksburst.local;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a Function answered ({@link HttpResponseMessage}), for the local host to write out.
 *
 * @param headers as the Function set them; names compared without case
 * @param body the body object the Function gave (the functions here give JSON strings), or null
 */
record LocalResponse(HttpStatusType status, Map<String, String> headers, Object body)
    implements HttpResponseMessage {
  LocalResponse {
    Objects.requireNonNull(status, "status");
    headers = Map.copyOf(headers);
  }

  @Override
  public HttpStatusType getStatus() {
    return status;
  }

  @Override
  public String getHeader(String key) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(key)) {
        return h.getValue();
      }
    }
    return null;
  }

  @Override
  public Object getBody() {
    return body;
  }

  /** The body as text: a string as is, anything else by its {@code toString()}. */
  String bodyText() {
    return body == null ? "" : body.toString();
  }

  /** Builds a {@link LocalResponse}; the last value of a header wins. */
  static final class Builder implements HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    Builder(HttpStatusType status) {
      this.status = Objects.requireNonNull(status, "status");
    }

    @Override
    public HttpResponseMessage.Builder status(HttpStatusType s) {
      this.status = Objects.requireNonNull(s, "status");
      return this;
    }

    @Override
    public HttpResponseMessage.Builder header(String key, String value) {
      headers.keySet().removeIf(k -> k.equalsIgnoreCase(key));
      headers.put(key, value);
      return this;
    }

    @Override
    public HttpResponseMessage.Builder body(Object b) {
      this.body = b;
      return this;
    }

    @Override
    public HttpResponseMessage build() {
      return new LocalResponse(status, headers, body);
    }
  }
}
