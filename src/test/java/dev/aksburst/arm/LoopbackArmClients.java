package dev.aksburst.arm;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.OffsetDateTime;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * {@link ArmClients} built as in production except for a fixed token and an HTTP client that sends
 * what the pipeline addresses to {@code https://arm.test} to a fake ARM on {@code 127.0.0.1:port}
 * over plain HTTP (as {@code FakeArm} does for the ITs). Public, and free of WireMock, so the
 * benchmarks can build it in a child JVM that has only the packaged class path.
 */
public final class LoopbackArmClients {
  public static final String ENDPOINT = "https://arm.test";

  private LoopbackArmClients() {}

  public static ArmClients create(int port) {
    ArmSettings settings =
        ArmSettings.fromEnvironment(Map.of(ArmSettings.ARM_ENDPOINT_SETTING, ENDPOINT + "/"));
    TokenCredential token =
        request -> Mono.just(new AccessToken("bench-token", OffsetDateTime.now().plusHours(1)));
    return new ArmClients(
        settings, () -> token, () -> new Redirect(port), ArmClients.DEFAULT_RETRY_BUDGET);
  }

  /** Sends https://arm.test/... to http://127.0.0.1:port/... and restores the URL afterwards. */
  private static final class Redirect implements HttpClient {
    private final HttpClient delegate = new JdkHttpClientBuilder().build();
    private final int port;

    Redirect(int port) {
      this.port = port;
    }

    private URL rewrite(URL url) {
      if (!"arm.test".equals(url.getHost())) {
        return url;
      }
      try {
        return new URL("http", "127.0.0.1", port, url.getFile());
      } catch (MalformedURLException e) {
        throw new IllegalStateException("cannot redirect " + url + " to the fake ARM", e);
      }
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
      return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
      URL original = request.getUrl();
      request.setUrl(rewrite(original));
      return delegate.send(request, context).doOnEach(signal -> request.setUrl(original));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
      URL original = request.getUrl();
      request.setUrl(rewrite(original));
      try {
        return delegate.sendSync(request, context);
      } finally {
        request.setUrl(original);
      }
    }
  }
}
