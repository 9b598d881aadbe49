package dev.aksburst.arm;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A local fake ARM (WireMock on loopback) and {@link ArmClients} built exactly as in production
 * except for two things: a fixed token, and an HTTP client that sends what the pipeline addressed
 * to {@code https://arm.test} to the fake over plain HTTP. The bearer policy therefore runs as in
 * production (it refuses http URLs), and the SDK's polling follows the https URLs the fake returns.
 */
public final class FakeArm implements AutoCloseable {
  public static final String ENDPOINT = "https://arm.test";
  public static final String SUB = "00000000-0000-0000-0000-000000000000";
  public static final String CLUSTER_ID =
      "/subscriptions/"
          + SUB
          + "/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1";
  public static final String POOLS = CLUSTER_ID + "/agentPools";

  public final WireMockServer server =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  static {
    // The SDK's LRO poll interval (30 s without Retry-After) would make any waiting test slow.
    ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(d -> Duration.ofMillis(1));
  }

  public FakeArm() {
    server.start();
  }

  ArmClients clients(Duration retryBudget) {
    return clients(
        ArmSettings.fromEnvironment(Map.of(ArmSettings.ARM_ENDPOINT_SETTING, ENDPOINT + "/")),
        retryBudget);
  }

  /**
   * Clients for the given settings (their ARM endpoint must be {@value #ENDPOINT}), as the app's
   * composition root would build them from its settings.
   */
  public ArmClients clients(ArmSettings settings) {
    return clients(settings, ArmClients.DEFAULT_RETRY_BUDGET);
  }

  private ArmClients clients(ArmSettings settings, Duration retryBudget) {
    TokenCredential token =
        request -> Mono.just(new AccessToken("test-token", OffsetDateTime.now().plusHours(1)));
    return new ArmClients(settings, () -> token, () -> new Redirect(server.port()), retryBudget);
  }

  ArmClients clients() {
    return clients(ArmClients.DEFAULT_RETRY_BUDGET);
  }

  public static String sample(String name) {
    try {
      return Files.readString(Path.of("src/test/resources/arm", name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Sends https://arm.test/... to http://127.0.0.1:port/... and restores the URL afterwards. */
  private static final class Redirect implements HttpClient {
    private final HttpClient delegate = new JdkHttpClientBuilder().build();
    private final int port;

    Redirect(int port) {
      this.port = port;
    }

    private Optional<URL> rewrite(HttpRequest request) {
      URL url = request.getUrl();
      if (!"arm.test".equals(url.getHost())) {
        return Optional.empty();
      }
      try {
        return Optional.of(new URL("http", "127.0.0.1", port, url.getFile()));
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
      return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
      URL original = request.getUrl();
      rewrite(request).ifPresent(request::setUrl);
      return delegate
          .send(request, context)
          .map(
              response -> {
                request.setUrl(original);
                return response;
              })
          .doOnError(e -> request.setUrl(original));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
      URL original = request.getUrl();
      rewrite(request).ifPresent(request::setUrl);
      try {
        return delegate.sendSync(request, context);
      } finally {
        request.setUrl(original);
      }
    }
  }
}
