package dev.aksburst.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** The Azure Functions archetype's Mockito recipe for HttpRequestMessage and ExecutionContext. */
public final class FunctionMocks {
  private FunctionMocks() {}

  @SuppressWarnings("unchecked")
  public static HttpRequestMessage<Optional<String>> request(
      HttpMethod method, String path, String body, Map<String, String> query) {
    HttpRequestMessage<Optional<String>> req = mock(HttpRequestMessage.class);
    doReturn(Optional.ofNullable(body)).when(req).getBody();
    doReturn(method).when(req).getHttpMethod();
    doReturn(URI.create("http://localhost:7071" + path)).when(req).getUri();
    doReturn(query).when(req).getQueryParameters();
    doReturn(Map.of()).when(req).getHeaders();
    doAnswer(inv -> new HttpResponseMessageMock.Builder().status(inv.getArgument(0)))
        .when(req)
        .createResponseBuilder(any(HttpStatusType.class));
    doAnswer(inv -> new HttpResponseMessageMock.Builder().status(inv.getArgument(0)))
        .when(req)
        .createResponseBuilder(any(com.microsoft.azure.functions.HttpStatus.class));
    return req;
  }

  public static ExecutionContext context() {
    ExecutionContext ctx = mock(ExecutionContext.class);
    doReturn(Logger.getGlobal()).when(ctx).getLogger();
    doReturn("invocation-1").when(ctx).getInvocationId();
    doReturn("test").when(ctx).getFunctionName();
    return ctx;
  }

  public static JsonNode body(HttpResponseMessage r) {
    try {
      return new ObjectMapper().readTree((String) r.getBody());
    } catch (Exception e) {
      throw new AssertionError("response body is not JSON: " + r.getBody(), e);
    }
  }
}
