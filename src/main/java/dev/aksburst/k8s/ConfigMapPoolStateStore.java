package dev.aksburst.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.contract.Annotations;
import dev.aksburst.contract.StateCodec;
import dev.aksburst.model.PoolState;
import dev.aksburst.reconcile.PoolStateStore;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Pool states in one ConfigMap, {@value #NAME} in the state namespace, one data key per pool (JSON,
 * see {@link StateCodec#encodePool}). Updates are compare-and-swap on the ConfigMap's
 * resourceVersion (created on first use); an entry that can not be read is reported and never
 * overwritten.
 */
public final class ConfigMapPoolStateStore implements PoolStateStore {
  public static final String NAME = "aks-burst-pools";
  private static final Logger LOG = Logger.getLogger(ConfigMapPoolStateStore.class.getName());
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

  private final KubernetesClient client;
  private final String namespace;

  public ConfigMapPoolStateStore(KubernetesClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  @Override
  public Map<String, PoolState> readAll() {
    ConfigMap cm = get("reading pool states");
    Map<String, PoolState> out = new LinkedHashMap<>();
    if (cm == null || cm.getData() == null) {
      return out;
    }
    for (var e : cm.getData().entrySet()) {
      StateCodec.Decoded<PoolState> d = StateCodec.decodePool(e.getValue(), where(e.getKey()));
      if (d.readable()) {
        out.put(e.getKey(), d.state());
      } else {
        LOG.warning(d.problem().get());
      }
    }
    return out;
  }

  @Override
  public PoolState update(String pool, UnaryOperator<PoolState> change) {
    if (pool == null || !KEY.matcher(pool).matches()) {
      throw new IllegalArgumentException(
          "pool name \"" + pool + "\" can not be a ConfigMap key (letters, digits, '-', '_', '.')");
    }
    String what = "writing the state of pool " + pool + " to ConfigMap " + namespace + "/" + NAME;
    for (int attempt = 1; attempt <= Patches.MAX_ATTEMPTS; attempt++) {
      ConfigMap cm = get(what);
      String stored = cm == null || cm.getData() == null ? null : cm.getData().get(pool);
      StateCodec.Decoded<PoolState> d = StateCodec.decodePool(stored, where(pool));
      if (!d.readable()) {
        throw new WriteFailure("UnreadableState", what + " refused: " + d.problem().get(), false);
      }
      PoolState next = change.apply(d.state());
      if (cm != null && next.equals(d.state())) {
        return next;
      }
      try {
        if (cm == null) {
          client
              .configMaps()
              .inNamespace(namespace)
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName(NAME)
                      .withNamespace(namespace)
                      .addToLabels("app.kubernetes.io/managed-by", Annotations.COMPONENT)
                      .endMetadata()
                      .addToData(pool, StateCodec.encodePool(next))
                      .build())
              .create();
        } else {
          ObjectNode body = Patches.guarded(cm.getMetadata().getResourceVersion());
          body.putObject("data").put(pool, StateCodec.encodePool(next));
          Patches.mergePatch(client.configMaps().inNamespace(namespace).resource(cm), body);
        }
        return next;
      } catch (KubernetesClientException e) {
        if (!Patches.conflict(e)) {
          throw Patches.failure(what, e);
        }
      }
    }
    throw Patches.conflicts(what);
  }

  private String where(String pool) {
    return "pool " + pool + " in ConfigMap " + namespace + "/" + NAME;
  }

  private Resource<ConfigMap> resource() {
    return client.configMaps().inNamespace(namespace).withName(NAME);
  }

  private ConfigMap get(String what) {
    try {
      return resource().get();
    } catch (KubernetesClientException e) {
      throw Patches.failure(what, e);
    }
  }
}
