package dev.aksburst.app;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the composition root reads from a kubeconfig file itself: its current context. */
final class Kubeconfigs {
  private Kubeconfigs() {}

  /**
   * The {@code current-context} of the file.
   *
   * @throws IllegalArgumentException naming {@code AKSBURST_KUBECONFIG} when the file can not be
   *     read, is not a kubeconfig or has no current context
   */
  static String currentContext(Path file) {
    String where = Settings.KUBECONFIG + "=" + file;
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " can not be read (" + e.getMessage() + ")", e);
    }
    Config config;
    try {
      config = Serialization.unmarshal(text, Config.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          where + " is not a kubeconfig (" + e.getMessage() + ")", e);
    }
    String context = config == null ? null : config.getCurrentContext();
    if (context == null || context.isBlank()) {
      throw new IllegalArgumentException(
          where
              + " has no current-context to name the cluster by; set current-context in it or set "
              + Settings.CLUSTER_ID);
    }
    return context.trim();
  }
}
