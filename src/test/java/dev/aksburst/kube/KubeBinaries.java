package dev.aksburst.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code tools/kube/build.sh} put etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok. The script owns the cache key, so it is asked ({@code --print}, which
 * never builds); {@code -Daksburst.kube.bin=<dir>} overrides it. Missing binaries fail the test
 * with the command that builds them: the real-cluster suite is never skipped.
 */
final class KubeBinaries {
  static final String BUILD_SCRIPT = "tools/kube/build.sh";
  static final List<String> NAMES =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok");

  private KubeBinaries() {}

  static Path locate() {
    String override = System.getProperty("aksburst.kube.bin", "");
    Path dir = override.isBlank() ? ask() : Path.of(override);
    for (String name : NAMES) {
      if (!Files.isExecutable(dir.resolve(name))) {
        throw new IllegalStateException(
            "the real Kubernetes control plane is not built: "
                + dir.resolve(name)
                + " is missing. Run `bash "
                + BUILD_SCRIPT
                + "` (Go >= 1.26; about 25 minutes cold on two cores, seconds warm).");
      }
    }
    return dir;
  }

  private static Path ask() {
    Path script = Path.of(BUILD_SCRIPT);
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(
          BUILD_SCRIPT + " not found from " + Path.of("").toAbsolutePath() + ": run from the repo");
    }
    try {
      Process p =
          new ProcessBuilder("bash", script.toString(), "--print")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(BUILD_SCRIPT + " --print did not answer in 60 s");
      }
      if (p.exitValue() != 0 || out.isEmpty()) {
        throw new IllegalStateException(
            "the real Kubernetes control plane is not built for this checkout. Run `bash "
                + BUILD_SCRIPT
                + "` first (Go >= 1.26; about 25 minutes cold on two cores, seconds warm).");
      }
      return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + BUILD_SCRIPT + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted asking " + BUILD_SCRIPT, e);
    }
  }
}
