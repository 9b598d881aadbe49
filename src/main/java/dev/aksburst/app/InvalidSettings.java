package dev.aksburst.app;

import java.util.List;

/** Every missing or invalid app setting, in one message, so one redeploy fixes them all. */
public final class InvalidSettings extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public InvalidSettings(List<String> problems) {
    super(
        "aks-burst app settings are missing or invalid ("
            + problems.size()
            + "): "
            + String.join("; ", problems)
            + ". Fix them in the Function app's configuration (or local.settings.json) and"
            + " restart.");
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
