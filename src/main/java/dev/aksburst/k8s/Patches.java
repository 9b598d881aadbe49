package dev.aksburst.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * JSON merge patches, optionally guarded by {@code metadata.resourceVersion}: the API server then
 * applies the patch only if the object is still the version that was read, and answers 409
 * otherwise. (Strategic merge and server-side apply are avoided: the mock server lacks them and a
 * merge patch says exactly what changes.)
 */
final class Patches {
  /** How often a compare-and-swap is retried after 409 before giving up for this reconcile. */
  static final int MAX_ATTEMPTS = 5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Patches() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** A patch body whose {@code metadata.resourceVersion} is the version read. */
  static ObjectNode guarded(String resourceVersion) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("metadata").put("resourceVersion", resourceVersion);
    return root;
  }

  /**
   * Sends {@code body} as a JSON merge patch. Pass the resource of the object already read ({@code
   * ...resource(held)}), not {@code withName(..)}: fabric8 then sends the PATCH alone, where {@code
   * withName} first GETs the object again; the body's {@code resourceVersion} is what guards the
   * write either way.
   */
  static <T extends HasMetadata> T mergePatch(Resource<T> resource, ObjectNode body) {
    return resource.patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
  }

  static boolean conflict(KubernetesClientException e) {
    return e.getCode() == 409;
  }

  static boolean notFound(KubernetesClientException e) {
    return e.getCode() == 404;
  }

  /** A failed API call as a {@link WriteFailure} saying what was attempted where. */
  static WriteFailure failure(String what, KubernetesClientException e) {
    return failure(what, e, "infra/k8s/rbac.yaml");
  }

  /**
   * The same, naming the manifest that grants the call ({@code rbac-placeholders.yaml} for the
   * placeholder Deployments).
   */
  static WriteFailure failure(String what, KubernetesClientException e, String manifest) {
    int code = e.getCode();
    boolean retryable = code == 0 || code == 409 || code == 429 || code >= 500;
    String hint =
        switch (code) {
          case 401 -> ": the credentials were refused; check the Kubernetes connection settings";
          case 403 -> ": forbidden; the app identity lacks a permission (apply " + manifest + ")";
          case 404 -> ": not found";
          default -> "";
        };
    return new WriteFailure(
        code == 0 ? "ConnectionError" : Integer.toString(code),
        what + " failed (HTTP " + code + "): " + e.getMessage() + hint,
        retryable,
        e);
  }

  static WriteFailure conflicts(String what) {
    return new WriteFailure(
        "409",
        what
            + " conflicted "
            + MAX_ATTEMPTS
            + " times with concurrent writers; it was not written and the next reconcile tries"
            + " again",
        true);
  }
}
