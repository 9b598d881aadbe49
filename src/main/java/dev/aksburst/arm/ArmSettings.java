package dev.aksburst.arm;

import com.azure.core.management.AzureEnvironment;
import dev.aksburst.contract.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Where ARM is and who aks-burst is there.
 *
 * @param cloud the Azure cloud ({@code AKSBURST_AZURE_CLOUD}); gives the ARM endpoint and the Entra
 *     authority
 * @param armEndpoint an explicit ARM base URL ({@code AKSBURST_ARM_ENDPOINT}) for private clouds
 *     and tests; overrides the cloud's
 * @param managedIdentityClientId client id of a user-assigned managed identity ({@code
 *     AZURE_CLIENT_ID}); empty means the system-assigned identity (or a developer credential)
 * @param timeouts connect and response timeouts of every ARM call ({@code
 *     AKSBURST_ARM_CONNECT_TIMEOUT}, {@code AKSBURST_ARM_REQUEST_TIMEOUT})
 */
public record ArmSettings(
    ArmCloud cloud,
    Optional<URI> armEndpoint,
    Optional<String> managedIdentityClientId,
    Timeouts timeouts) {
  public static final String ARM_ENDPOINT_SETTING = "AKSBURST_ARM_ENDPOINT";
  public static final String CLIENT_ID_SETTING = "AZURE_CLIENT_ID";
  public static final String CONNECT_TIMEOUT_SETTING = "AKSBURST_ARM_CONNECT_TIMEOUT";
  public static final String REQUEST_TIMEOUT_SETTING = "AKSBURST_ARM_REQUEST_TIMEOUT";

  /**
   * Timeouts of one ARM call: to connect, and to the response after the request was sent. A call
   * that runs out fails like any other network failure (retried by {@link BoundedRetryPolicy}
   * within the invocation's budget, else by the next reconcile).
   */
  public record Timeouts(Duration connect, Duration request) {
    /** 3 s to connect, 10 s for the response: ARM answers a pool write long before it is done. */
    public static final Timeouts DEFAULTS =
        new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(10));

    public Timeouts {
      for (Duration d : new Duration[] {connect, request}) {
        if (d == null || d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("ARM timeouts must be positive, got " + d);
        }
      }
    }
  }

  private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public ArmSettings {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(armEndpoint, "armEndpoint");
    Objects.requireNonNull(managedIdentityClientId, "managedIdentityClientId");
    Objects.requireNonNull(timeouts, "timeouts");
    armEndpoint.ifPresent(ArmSettings::requireHttps);
  }

  /**
   * Reads {@code AKSBURST_AZURE_CLOUD}, {@code AKSBURST_ARM_ENDPOINT}, {@code AZURE_CLIENT_ID} and
   * the two timeouts.
   *
   * @throws IllegalArgumentException naming every bad setting
   */
  public static ArmSettings fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    ArmSettings s = parse(env, problems::add);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return s;
  }

  /**
   * Reads the settings, reporting each bad one to {@code problems} (naming the setting and its
   * value) and using its default instead, so that a caller can list every problem at once. Blank
   * values count as unset.
   */
  public static ArmSettings parse(Map<String, String> env, Consumer<String> problems) {
    ArmCloud cloud = ArmCloud.AZURE_CLOUD;
    try {
      cloud = ArmCloud.fromSetting(env.get(ArmCloud.SETTING));
    } catch (IllegalArgumentException e) {
      problems.accept(e.getMessage());
    }
    Optional<URI> endpoint =
        text(env, ARM_ENDPOINT_SETTING).flatMap(v -> parseEndpoint(v, problems));
    Optional<String> clientId = text(env, CLIENT_ID_SETTING);
    if (clientId.isPresent() && !GUID.matcher(clientId.get()).matches()) {
      problems.accept(
          CLIENT_ID_SETTING + "=\"" + clientId.get() + "\" is not a client id (a GUID)");
      clientId = Optional.empty();
    }
    Duration connect = timeout(env, CONNECT_TIMEOUT_SETTING, Timeouts.DEFAULTS.connect(), problems);
    Duration request = timeout(env, REQUEST_TIMEOUT_SETTING, Timeouts.DEFAULTS.request(), problems);
    return new ArmSettings(cloud, endpoint, clientId, new Timeouts(connect, request));
  }

  private static Duration timeout(
      Map<String, String> env, String name, Duration dflt, Consumer<String> problems) {
    Optional<String> v = text(env, name);
    if (v.isEmpty()) {
      return dflt;
    }
    Optional<Duration> d = Durations.parse(v.get());
    if (d.isEmpty()) {
      problems.accept(name + "=\"" + v.get() + "\" is not a duration (" + Durations.EXPECTED + ")");
      return dflt;
    }
    if (d.get().compareTo(MIN_TIMEOUT) < 0 || d.get().compareTo(MAX_TIMEOUT) > 0) {
      problems.accept(name + "=" + v.get() + " must be between 1s and 5m");
      return dflt;
    }
    return d.get();
  }

  private static Optional<String> text(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Optional<URI> parseEndpoint(String value, Consumer<String> problems) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      problems.accept(
          ARM_ENDPOINT_SETTING
              + "=\""
              + value
              + "\" is not a URL ("
              + e.getMessage()
              + "); set it to the ARM base URL, e.g. https://management.azure.com/");
      return Optional.empty();
    }
    if (!https(uri)) {
      problems.accept(notHttps(uri));
      return Optional.empty();
    }
    return Optional.of(uri);
  }

  private static boolean https(URI uri) {
    return uri.isAbsolute() && "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
  }

  private static String notHttps(URI uri) {
    return ARM_ENDPOINT_SETTING
        + "=\""
        + uri
        + "\" must be an absolute https URL (ARM bearer tokens are only sent over https)";
  }

  private static void requireHttps(URI uri) {
    if (!https(uri)) {
      throw new IllegalArgumentException(notHttps(uri));
    }
  }

  /** The ARM base URL without a trailing slash. */
  public String resourceManagerEndpoint() {
    String url =
        armEndpoint.map(URI::toString).orElse(cloud.environment().getResourceManagerEndpoint());
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The token scope for ARM calls: the ARM endpoint's {@code /.default}. */
  String armScope() {
    return resourceManagerEndpoint() + "/.default";
  }

  /** The cloud's environment with the ARM endpoint replaced when one is configured. */
  AzureEnvironment environment() {
    if (armEndpoint.isEmpty()) {
      return cloud.environment();
    }
    Map<String, String> endpoints = new HashMap<>(cloud.environment().getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", resourceManagerEndpoint() + "/");
    return new AzureEnvironment(endpoints);
  }
}
