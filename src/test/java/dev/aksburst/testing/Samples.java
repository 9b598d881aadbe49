package dev.aksburst.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The public sample payloads under {@code src/test/resources/samples} (Azure Monitor alerts, Event
 * Grid events, ARM and Kubernetes objects as the services send them).
 */
public final class Samples {
  private Samples() {}

  public static String read(String path) {
    try (InputStream in = Samples.class.getResourceAsStream("/samples/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no sample " + path + " under src/test/resources/samples");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
