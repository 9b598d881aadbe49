package dev.aksburst.k8s;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One Kubernetes API request as an authorizer sees it: API group, resource (and subresource),
 * namespace, object name and verb, derived from the HTTP method and path the client sent, by the
 * same rules as the API server's request info: {@code GET} of one object is {@code get}, of a
 * collection {@code list} (or {@code watch} with {@code watch=true}), {@code POST} is {@code
 * create}, {@code PUT} {@code update}, {@code PATCH} {@code patch}, {@code DELETE} {@code delete}
 * (of a collection {@code deletecollection}).
 *
 * @param group API group, empty for the core group
 * @param resource plural resource name, e.g. {@code deployments}
 * @param subresource e.g. {@code scale} or {@code status}; empty for the object itself
 * @param namespace empty for a cluster-scoped request (or a list across all namespaces)
 * @param name object name; empty for a collection
 * @param verb the Kubernetes RBAC verb
 */
record ApiCall(
    String group, String resource, String subresource, String namespace, String name, String verb) {
  ApiCall {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(subresource, "subresource");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(verb, "verb");
  }

  /** Parses {@code method} and {@code path} (with or without a query) of a resource request. */
  static ApiCall of(String method, String path) {
    int q = path.indexOf('?');
    String query = q < 0 ? "" : path.substring(q + 1);
    List<String> s =
        Arrays.stream((q < 0 ? path : path.substring(0, q)).split("/"))
            .filter(p -> !p.isEmpty())
            .toList();
    String group;
    List<String> rest;
    if (s.size() >= 3 && s.get(0).equals("api")) {
      group = "";
      rest = s.subList(2, s.size());
    } else if (s.size() >= 4 && s.get(0).equals("apis")) {
      group = s.get(1);
      rest = s.subList(3, s.size());
    } else {
      throw new IllegalArgumentException(
          method
              + " "
              + path
              + " is not a resource request (/api/v1/... or /apis/<group>/<version>/...);"
              + " map non-resource URLs explicitly if the client starts sending them");
    }
    String namespace = "";
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      throw new IllegalArgumentException(method + " " + path + " names no resource this can read");
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String subresource = rest.size() > 2 ? rest.get(2) : "";
    boolean collection = name.isEmpty();
    boolean watch =
        Arrays.asList(query.split("&")).contains("watch=true")
            || Arrays.asList(query.split("&")).contains("watch=1");
    String verb =
        switch (method.toUpperCase(Locale.ROOT)) {
          case "GET" -> watch ? "watch" : collection ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> collection ? "deletecollection" : "delete";
          default ->
              throw new IllegalArgumentException(
                  method + " " + path + ": no Kubernetes verb for HTTP method " + method);
        };
    return new ApiCall(group, resource, subresource, namespace, name, verb);
  }

  /** {@code resource} or {@code resource/subresource}, as RBAC rules spell it. */
  String rbacResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /**
   * The AKS data action that authorizes this call under Azure RBAC for Kubernetes authorization:
   * {@code Microsoft.ContainerService/managedClusters/<group/ or nothing for core><resource>/} and
   * {@code read} for get, list and watch; {@code write} for create, update and patch; {@code
   * delete} for delete and deletecollection.
   */
  String azureDataAction() {
    if (!subresource.isEmpty()) {
      throw new IllegalStateException(
          "the call "
              + this
              + " uses a subresource; AKS names subresource data actions per resource"
              + " (e.g. pods/exec/action): add its mapping here before relying on it");
    }
    String action =
        switch (verb) {
          case "get", "list", "watch" -> "read";
          case "create", "update", "patch" -> "write";
          case "delete", "deletecollection" -> "delete";
          default -> throw new IllegalStateException("no AKS data action for verb " + verb);
        };
    return "Microsoft.ContainerService/managedClusters/"
        + (group.isEmpty() ? "" : group + "/")
        + resource
        + "/"
        + action;
  }

  /** The permission without the object: what an RBAC rule has to match. */
  Permission permission() {
    return new Permission(group, rbacResource(), verb);
  }

  /** A (group, resource, verb) triple, as one entry of an RBAC rule grants it. */
  record Permission(String group, String resource, String verb) implements Comparable<Permission> {
    Permission {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(verb, "verb");
    }

    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
    }
  }
}
