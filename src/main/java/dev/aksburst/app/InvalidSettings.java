package dev.aksburst.app;

import java.util.List;

/**
 * Every missing or invalid app setting, in one message, so one redeploy fixes them all. The message
 * ends by saying where the settings were read from, which depends on the host: {@link
 * #FUNCTION_APP} by default, {@link #readFrom} for another (the local host reads only its
 * environment).
 */
public final class InvalidSettings extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Where a Functions host reads the settings. */
  public static final String FUNCTION_APP =
      "the Function app's application settings (local.settings.json when Core Tools runs it)";

  private final transient List<String> problems;
  private final String source;

  public InvalidSettings(List<String> problems) {
    this(problems, FUNCTION_APP);
  }

  private InvalidSettings(List<String> problems, String source) {
    super(
        "aks-burst app settings are missing or invalid ("
            + problems.size()
            + "): "
            + String.join("; ", problems)
            + ". Fix them in "
            + source
            + " and restart.");
    this.problems = List.copyOf(problems);
    this.source = source;
  }

  /** The same problems, read from {@code source} (e.g. "the environment of this process"). */
  public InvalidSettings readFrom(String source) {
    return new InvalidSettings(problems, source);
  }

  public List<String> problems() {
    return problems;
  }

  /** Where the settings were read from, as the message says. */
  public String source() {
    return source;
  }
}
