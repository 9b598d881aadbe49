package dev.aksburst.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP method and path to the authorizer's view, and to the AKS data action. */
class ApiCallTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | /api/v1/nodes                                            | ''                  | nodes                    | ''         | ''      | list",
        "GET    | /api/v1/pods?labelSelector=app%3Dweb                     | ''                  | pods                     | ''         | ''      | list",
        "GET    | /api/v1/pods?watch=true                                  | ''                  | pods                     | ''         | ''      | watch",
        "GET    | /api/v1/namespaces/shop/pods/web-1                       | ''                  | pods                     | shop       | web-1   | get",
        "PATCH  | /api/v1/namespaces/shop/pods/web-1                       | ''                  | pods                     | shop       | web-1   | patch",
        "POST   | /api/v1/namespaces/shop/events                           | ''                  | events                   | shop       | ''      | create",
        "GET    | /apis/apps/v1/deployments?labelSelector=x                | apps                | deployments              | ''         | ''      | list",
        "PUT    | /apis/apps/v1/namespaces/shop/deployments/web            | apps                | deployments              | shop       | web     | update",
        "DELETE | /apis/apps/v1/namespaces/shop/deployments/web            | apps                | deployments              | shop       | web     | delete",
        "DELETE | /apis/apps/v1/namespaces/shop/deployments                | apps                | deployments              | shop       | ''      | deletecollection",
        "GET    | /apis/coordination.k8s.io/v1/namespaces/aks-burst/leases/l | coordination.k8s.io | leases                 | aks-burst  | l       | get",
        "GET    | /api/v1/namespaces/shop                                  | ''                  | namespaces               | ''         | shop    | get",
      })
  void mapsMethodAndPath(
      String method,
      String path,
      String group,
      String resource,
      String namespace,
      String name,
      String verb) {
    assertThat(ApiCall.of(method, path))
        .isEqualTo(new ApiCall(group, resource, "", namespace, name, verb));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "GET, /api/v1/nodes, Microsoft.ContainerService/managedClusters/nodes/read",
    "GET, /api/v1/pods?watch=true, Microsoft.ContainerService/managedClusters/pods/read",
    "PATCH, /apis/apps/v1/namespaces/s/deployments/d, Microsoft.ContainerService/managedClusters/apps/deployments/write",
    "POST, /apis/coordination.k8s.io/v1/namespaces/s/leases, Microsoft.ContainerService/managedClusters/coordination.k8s.io/leases/write",
    "PUT, /api/v1/namespaces/s/configmaps/c, Microsoft.ContainerService/managedClusters/configmaps/write",
    "DELETE, /api/v1/namespaces/s/events/e, Microsoft.ContainerService/managedClusters/events/delete",
  })
  void mapsToTheAksDataAction(String method, String path, String action) {
    assertThat(ApiCall.of(method, path).azureDataAction()).isEqualTo(action);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"GET, /version", "GET, /apis", "GET, /api/v1", "HEAD, /api/v1/nodes"})
  void refusesWhatIsNotAResourceRequest(String method, String path) {
    assertThatThrownBy(() -> ApiCall.of(method, path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(path);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({"PUT, /apis/apps/v1/namespaces/s/deployments/d/scale, deployments/scale"})
  void aSubresourceIsKeptForRbacButHasNoModelledDataAction(
      String method, String path, String rbacResource) {
    ApiCall call = ApiCall.of(method, path);
    assertThat(call.rbacResource()).isEqualTo(rbacResource);
    assertThatThrownBy(call::azureDataAction).hasMessageContaining("subresource");
  }
}
