package dev.aksburst.arm;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.containerservice.fluent.models.CredentialResultsInner;
import com.azure.resourcemanager.containerservice.models.CredentialResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the Kubernetes client reaches an AKS cluster through Azure: the cluster's user kubeconfig
 * (clusters with local accounts; for Entra clusters it still gives the API server URL and CA), and
 * Entra tokens for the AKS server application, refreshed before they expire.
 */
public final class ArmClusterCredentials {
  /** The AKS Entra server application: tokens for it are bearer tokens for the API server. */
  public static final String AKS_SCOPE = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

  /** A token is renewed when it has less than this left. */
  static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

  private final ArmClients clients;
  private final ClusterId cluster;
  private final Clock clock;
  private AccessToken token;

  public ArmClusterCredentials(ArmClients clients, ClusterId cluster, Clock clock) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The first user kubeconfig of the cluster ({@code listClusterUserCredential}), as YAML text. */
  public String userKubeconfig() {
    CredentialResultsInner result;
    try {
      result =
          clients
              .containerService(cluster.subscriptionId())
              .serviceClient()
              .getManagedClusters()
              .listClusterUserCredentialsWithResponse(
                  cluster.resourceGroup(),
                  cluster.name(),
                  null,
                  null,
                  clients.newBudget().context())
              .getValue();
    } catch (HttpResponseException e) {
      ArmError error = ArmError.of(e);
      throw new IllegalStateException(
          "could not list the user credentials of "
              + cluster
              + ": HTTP "
              + error.status()
              + " "
              + error.summary()
              + "; the identity needs Microsoft.ContainerService/managedClusters/"
              + "listClusterUserCredential/action, or set AKSBURST_KUBECONFIG",
          e);
    }
    if (result == null || result.kubeconfigs() == null || result.kubeconfigs().isEmpty()) {
      throw new IllegalStateException(
          "cluster " + cluster + " returned no user kubeconfig; set AKSBURST_KUBECONFIG instead");
    }
    CredentialResult first = result.kubeconfigs().get(0);
    return new String(first.value(), StandardCharsets.UTF_8);
  }

  /**
   * A supplier the Kubernetes client calls before each request: returns the cached Entra token for
   * {@value #AKS_SCOPE} and fetches a new one when less than five minutes are left.
   */
  public Supplier<String> kubernetesToken() {
    return this::currentToken;
  }

  private synchronized String currentToken() {
    if (token == null
        || token.getExpiresAt() == null
        || token
            .getExpiresAt()
            .toInstant()
            .minus(REFRESH_BEFORE_EXPIRY)
            .isBefore(clock.instant())) {
      AccessToken fresh =
          clients.credential().getTokenSync(new TokenRequestContext().addScopes(AKS_SCOPE));
      if (fresh == null || fresh.getToken() == null) {
        throw new IllegalStateException(
            "the Azure credential returned no token for "
                + AKS_SCOPE
                + " (cluster "
                + cluster
                + ")");
      }
      token = fresh;
    }
    return token.getToken();
  }
}
