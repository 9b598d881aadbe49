package dev.aksburst.arm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Azure RBAC action that authorizes one ARM request, by ARM's rule: the resource provider
 * namespace, then the resource types of the path (every other segment after {@code providers/<
 * namespace>}), then {@code read} for GET, {@code write} for PUT and PATCH, {@code delete} for
 * DELETE; a POST names an action as its last segment ({@code .../<action>/action}). So {@code GET
 * .../managedClusters/c/agentPools} is {@code
 * Microsoft.ContainerService/managedClusters/agentPools/read}.
 */
final class ArmActions {
  private ArmActions() {}

  static String of(String method, String url) {
    int q = url.indexOf('?');
    List<String> s =
        Arrays.stream((q < 0 ? url : url.substring(0, q)).split("/"))
            .filter(p -> !p.isEmpty())
            .toList();
    int providers = -1;
    for (int i = 0; i < s.size(); i++) {
      if (s.get(i).equalsIgnoreCase("providers")) {
        providers = i;
      }
    }
    if (providers < 0 || providers + 2 >= s.size()) {
      throw new IllegalArgumentException(
          method
              + " "
              + url
              + " names no provider resource (.../providers/<namespace>/<type>/...)");
    }
    String namespace = s.get(providers + 1);
    List<String> rest = s.subList(providers + 2, s.size());
    String verb = method.toUpperCase(Locale.ROOT);
    boolean action = verb.equals("POST");
    if (action && rest.size() % 2 == 0) {
      throw new IllegalArgumentException(
          method
              + " "
              + url
              + ": a POST to ARM names an action after a resource (.../<name>/<action>)");
    }
    List<String> parts = new ArrayList<>();
    parts.add(namespace);
    int types = action ? rest.size() - 1 : rest.size();
    for (int i = 0; i < types; i += 2) {
      parts.add(rest.get(i));
    }
    String suffix =
        switch (verb) {
          case "GET", "HEAD" -> "read";
          case "PUT", "PATCH" -> "write";
          case "DELETE" -> "delete";
          case "POST" -> rest.get(rest.size() - 1) + "/action";
          default ->
              throw new IllegalArgumentException(
                  method + " " + url + ": no Azure RBAC action for HTTP method " + method);
        };
    parts.add(suffix);
    return String.join("/", parts);
  }
}
