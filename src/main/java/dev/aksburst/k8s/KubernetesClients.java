package dev.aksburst.k8s;

import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Builds the fabric8 client of a cluster. The composition root calls {@link #build} once per
 * process and cluster and shares the client; each way of connecting is one {@link Connection}:
 *
 * <ul>
 *   <li>{@link KubeconfigFile}: a kubeconfig on disk ({@code AKSBURST_KUBECONFIG}, local runs);
 *   <li>{@link Kubeconfig}: kubeconfig text, as ARM {@code listClusterUserCredential} returns it
 *       for clusters with local accounts (the caller fetches it; this package knows no ARM);
 *   <li>{@link EntraToken}: an Entra-integrated cluster. Server and CA come from the kubeconfig
 *       text; its user section (usually a {@code kubelogin} exec plugin, which a Functions host can
 *       not run) is ignored and every request carries {@code Authorization: Bearer} with the token
 *       from the supplier, for scope {@value #AKS_SCOPE}. fabric8 asks the supplier on
 *       <em>every</em> request: the supplier must cache the token and refresh it before it expires
 *       (azure-identity's {@code TokenCredential} plus a cache that renews a few minutes early).
 * </ul>
 *
 * A wrong setting fails fast with a message naming it; the way chosen is logged once.
 */
public final class KubernetesClients {
  /** Entra ID scope of the AKS API server (the AKS AAD server application). */
  public static final String AKS_SCOPE = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

  private static final Logger LOG = Logger.getLogger(KubernetesClients.class.getName());

  /** How to reach the API server. */
  public sealed interface Connection permits KubeconfigFile, Kubeconfig, EntraToken {}

  /**
   * @param setting the setting it came from, named in errors (e.g. {@code AKSBURST_KUBECONFIG})
   */
  public record KubeconfigFile(Path path, String setting) implements Connection {
    public KubeconfigFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(setting, "setting");
    }
  }

  /**
   * @param origin where the text came from, named in errors and the log line
   */
  public record Kubeconfig(String text, String origin) implements Connection {
    public Kubeconfig {
      Objects.requireNonNull(text, "kubeconfig text");
      Objects.requireNonNull(origin, "origin");
    }
  }

  public record EntraToken(String kubeconfigText, Supplier<String> token, String origin)
      implements Connection {
    public EntraToken {
      Objects.requireNonNull(kubeconfigText, "kubeconfig text");
      Objects.requireNonNull(token, "token supplier");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /**
   * How long a call may take: an unreachable API server fails within {@code connect} (no retry
   * inside the client: the trigger answers 503 and its caller retries, the reconcile timer comes
   * back), a slow one within {@code request}.
   */
  public record Timeouts(Duration connect, Duration request) {
    /** 3 s to connect, 10 s for a request. */
    public static final Timeouts DEFAULTS =
        new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(10));

    public Timeouts {
      positive(connect, "connect timeout");
      positive(request, "request timeout");
    }

    private static void positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
    }
  }

  private KubernetesClients() {}

  /** Builds the client with {@link Timeouts#DEFAULTS}. */
  public static KubernetesClient build(Connection connection) {
    return build(connection, Timeouts.DEFAULTS);
  }

  /** Builds the client; throws {@link IllegalArgumentException} naming the bad setting. */
  public static KubernetesClient build(Connection connection, Timeouts timeouts) {
    Config config;
    String how;
    if (connection instanceof KubeconfigFile f) {
      String text = readFile(f);
      config = fromText(text, f.setting() + "=" + f.path());
      how = "kubeconfig file " + f.path() + " (" + f.setting() + ")";
    } else if (connection instanceof Kubeconfig k) {
      config = fromText(k.text(), k.origin());
      how = "kubeconfig from " + k.origin();
    } else if (connection instanceof EntraToken e) {
      config = entra(e);
      how = "Entra ID bearer token (scope " + AKS_SCOPE + "), cluster from " + e.origin();
    } else {
      throw new IllegalStateException("unknown connection " + connection);
    }
    config.setConnectionTimeout(Math.toIntExact(timeouts.connect().toMillis()));
    config.setRequestTimeout(Math.toIntExact(timeouts.request().toMillis()));
    config.setRequestRetryBackoffLimit(0);
    LOG.info("Kubernetes API " + config.getMasterUrl() + " via " + how);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static String readFile(KubeconfigFile f) {
    if (!Files.isRegularFile(f.path())) {
      throw new IllegalArgumentException(
          f.setting() + "=" + f.path() + ": no such file; point it at a kubeconfig or unset it");
    }
    try {
      return Files.readString(f.path(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          f.setting() + "=" + f.path() + ": can not be read (" + e.getMessage() + ")", e);
    }
  }

  private static Config fromText(String text, String origin) {
    io.fabric8.kubernetes.api.model.Config kube = parse(text, origin);
    cluster(kube, origin);
    try {
      return Config.fromKubeconfig(text);
    } catch (KubernetesClientException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          origin + ": the kubeconfig can not be used (" + e.getMessage() + ")", e);
    }
  }

  private static Config entra(EntraToken e) {
    NamedCluster cluster = cluster(parse(e.kubeconfigText(), e.origin()), e.origin());
    var c = cluster.getCluster();
    ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(c.getServer());
    if (c.getCertificateAuthorityData() != null) {
      b.withCaCertData(c.getCertificateAuthorityData());
    }
    if (Boolean.TRUE.equals(c.getInsecureSkipTlsVerify())) {
      b.withTrustCerts(true);
    }
    Supplier<String> token = e.token();
    return b.withOauthTokenProvider(token::get).build();
  }

  private static io.fabric8.kubernetes.api.model.Config parse(String text, String origin) {
    if (text.isBlank()) {
      throw new IllegalArgumentException(origin + ": the kubeconfig is empty");
    }
    try {
      io.fabric8.kubernetes.api.model.Config c =
          Serialization.unmarshal(text, io.fabric8.kubernetes.api.model.Config.class);
      if (c == null) {
        throw new IllegalArgumentException("empty document");
      }
      return c;
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException(
          origin + ": not a kubeconfig (" + ex.getMessage() + ")", ex);
    }
  }

  /** The cluster of the current context, which must have a server URL. */
  private static NamedCluster cluster(io.fabric8.kubernetes.api.model.Config kube, String origin) {
    String current = kube.getCurrentContext();
    if (current == null || current.isBlank()) {
      throw new IllegalArgumentException(origin + ": the kubeconfig has no current-context");
    }
    NamedContext ctx =
        KubeObjects.nullSafe(kube.getContexts()).stream()
            .filter(c -> current.equals(c.getName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        origin + ": current-context " + current + " is not among its contexts"));
    String clusterName = ctx.getContext() == null ? null : ctx.getContext().getCluster();
    NamedCluster cluster =
        KubeObjects.nullSafe(kube.getClusters()).stream()
            .filter(c -> c.getName().equals(clusterName))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        origin + ": context " + current + " names no known cluster"));
    if (cluster.getCluster() == null
        || cluster.getCluster().getServer() == null
        || cluster.getCluster().getServer().isBlank()) {
      throw new IllegalArgumentException(origin + ": cluster " + clusterName + " has no server");
    }
    return cluster;
  }
}
