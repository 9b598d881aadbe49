package dev.aksburst.arm;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Azure side of one process: credential, HTTP pipeline and ContainerServiceManagers, each built
 * once and only when first needed (a cold start that never touches ARM pays nothing).
 *
 * <p>The pipeline is assembled here rather than by the SDK so that throttling is bounded ({@link
 * BoundedRetryPolicy}); the same pipeline carries the SDK's agent-pool calls and the raw VMSS
 * calls. Only {@code ContainerServiceManager} is built, never {@code AzureResourceManager}, which
 * builds every service's manager eagerly (+1.6 s cold start measured).
 */
public final class ArmClients {
  /** What one invocation may spend waiting out throttling before returning "throttled". */
  public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(10);

  private final ArmSettings settings;
  private final Supplier<TokenCredential> credentialFactory;
  private final Supplier<HttpClient> httpClientFactory;
  private final Duration retryBudget;
  private final Map<String, ContainerServiceManager> managers = new ConcurrentHashMap<>();
  private TokenCredential credential;
  private HttpPipeline pipeline;

  ArmClients(
      ArmSettings settings,
      Supplier<TokenCredential> credentialFactory,
      Supplier<HttpClient> httpClientFactory,
      Duration retryBudget) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.credentialFactory = Objects.requireNonNull(credentialFactory, "credentialFactory");
    this.httpClientFactory = Objects.requireNonNull(httpClientFactory, "httpClientFactory");
    this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
    if (retryBudget.isNegative()) {
      throw new IllegalArgumentException("retry budget " + retryBudget + " is negative");
    }
  }

  /**
   * Production clients: managed identity (system-assigned, or user-assigned when {@code
   * AZURE_CLIENT_ID} is set) first, then the developer credentials of {@code
   * DefaultAzureCredential} (environment, workload identity, Azure CLI, ...), over the JDK HTTP
   * client.
   */
  public static ArmClients create(ArmSettings settings) {
    return new ArmClients(
        settings,
        () -> defaultCredential(settings),
        () ->
            new JdkHttpClientBuilder()
                .connectionTimeout(settings.timeouts().connect())
                .responseTimeout(settings.timeouts().request())
                .build(),
        DEFAULT_RETRY_BUDGET);
  }

  private static TokenCredential defaultCredential(ArmSettings settings) {
    DefaultAzureCredentialBuilder builder =
        new DefaultAzureCredentialBuilder().authorityHost(settings.cloud().authorityHost());
    settings.managedIdentityClientId().ifPresent(builder::managedIdentityClientId);
    return builder.build();
  }

  public ArmSettings settings() {
    return settings;
  }

  synchronized TokenCredential credential() {
    if (credential == null) {
      credential = credentialFactory.get();
    }
    return credential;
  }

  synchronized HttpPipeline pipeline() {
    if (pipeline == null) {
      pipeline =
          new HttpPipelineBuilder()
              .httpClient(httpClientFactory.get())
              .policies(
                  new UserAgentPolicy("aks-burst"),
                  new RequestIdPolicy(),
                  new BoundedRetryPolicy(retryBudget),
                  new AddDatePolicy(),
                  new BearerTokenAuthenticationPolicy(credential(), settings.armScope()),
                  new HttpLoggingPolicy(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE)))
              .build();
    }
    return pipeline;
  }

  /** The container service manager of one subscription, built on first use. */
  ContainerServiceManager containerService(String subscriptionId) {
    return managers.computeIfAbsent(
        subscriptionId,
        s ->
            ContainerServiceManager.authenticate(
                pipeline(), new AzureProfile(null, s, settings.environment())));
  }

  /** A fresh per-invocation throttling budget. */
  RetryBudget newBudget() {
    return RetryBudget.of(retryBudget);
  }
}
