package dev.aksburst.testing;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.HashMap;
import java.util.Map;

/** The Functions archetype's response mock: what a function built, for assertions. */
public final class HttpResponseMessageMock implements HttpResponseMessage {
  private final HttpStatusType status;
  private final Map<String, String> headers;
  private final Object body;

  private HttpResponseMessageMock(HttpStatusType status, Map<String, String> headers, Object body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  @Override
  public HttpStatusType getStatus() {
    return status;
  }

  @Override
  public String getHeader(String key) {
    return headers.get(key);
  }

  @Override
  public Object getBody() {
    return body;
  }

  /** The builder a mocked {@code createResponseBuilder} returns. */
  public static final class Builder implements HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new HashMap<>();
    private Object body;

    @Override
    public HttpResponseMessage.Builder status(HttpStatusType s) {
      this.status = s;
      return this;
    }

    @Override
    public HttpResponseMessage.Builder header(String key, String value) {
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
      return new HttpResponseMessageMock(status, headers, body);
    }
  }
}
