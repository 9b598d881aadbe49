package dev.aksburst.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Figure 3: the size of {@code target/azure-functions/aks-burst} (what is deployed) in MiB and its
 * jar count. Baseline: the 30 MiB budget of docs/performance.md (the smallest set of jars measured
 * as an alternative, azure-resourcemanager-containerservice alone over the JDK HTTP client, was 27
 * MiB).
 */
final class PackageBench {
  private final Child child;

  PackageBench(Child child) {
    this.child = child;
  }

  List<Figure> run() throws IOException {
    Path dir = child.packageDir();
    long bytes;
    long jars;
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> files = all.filter(Files::isRegularFile).toList();
      bytes =
          files.stream()
              .mapToLong(
                  p -> {
                    try {
                      return Files.size(p);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .sum();
      jars = files.stream().filter(p -> p.toString().endsWith(".jar")).count();
    }
    double mib = bytes / (1024.0 * 1024.0);
    return List.of(
        Figure.of("Functions package size (" + jars + " jars)", mib, "MiB", 30, "budget")
            .withGoal("≤ 30 MiB", mib <= 30));
  }
}
