package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Map<String, String> env, String... args) {
    return Main.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    for (String help : new String[] {"--help", "-h", "help"}) {
      out.reset();
      assertThat(run(Map.of(), help)).isZero();
      assertThat(out()).contains("usage:", "serve", "--verbose", "environment variables");
    }
    assertThat(err()).isEmpty();
  }

  @Test
  void theDemoRunsOnAnotherSetupAndAMisspeltOneIsNamed() {
    assertThat(run(Map.of(), "--setup", "deallocate")).isZero();
    assertThat(out()).contains("Deallocate", "20/20 Ready");
    assertThat(run(Map.of(), "demo", "--setup", "dealocate")).isEqualTo(2);
    assertThat(err()).contains("dealocate", "did you mean deallocate", "nap", "v2");
    err.reset();
    assertThat(run(Map.of(), "--setup")).isEqualTo(2);
    assertThat(err()).contains("--setup needs a name");
    err.reset();
    assertThat(run(Map.of(), "serve", "--setup", "nap")).isEqualTo(2);
    assertThat(err()).contains("--setup is for the demo");
  }

  @Test
  void anUnknownCommandOrAnExtraArgumentFailsWithTheUsage() {
    assertThat(run(Map.of(), "srve")).isEqualTo(2);
    assertThat(err()).contains("unknown command \"srve\"", "usage:");
    err.reset();
    assertThat(run(Map.of(), "serve", "now")).isEqualTo(2);
    assertThat(err()).contains("unexpected argument \"now\"", "usage:");
  }

  @Test
  void serveListsEveryBadSettingAtOnceAndNamesTheEnvironmentWithoutAStackTrace() {
    int code =
        run(
            Map.of(
                "AKSBURST_SIM_SPEED", "fast",
                "AKSBURST_POOL_HOLD", "soon",
                "AKSBURST_DRY_RUN", "maybe"),
            "serve");
    assertThat(code).isEqualTo(2);
    assertThat(err())
        .contains(
            "serve: 3 settings are missing or invalid:",
            "  - AKSBURST_SIM_SPEED=\"fast\" must be a number",
            "  - AKSBURST_POOL_HOLD=\"soon\" is not a duration",
            "  - AKSBURST_DRY_RUN=\"maybe\" must be true or false",
            "the environment of this process")
        .doesNotContain("Function app", "\tat ", "Exception");
    assertThat(out()).isEmpty();
  }

  @Test
  void aMissingKubeconfigIsTheOneProblemNotAlsoAMissingClusterId() {
    int code = run(Map.of("AKSBURST_KUBECONFIG", "/nonexistent/kubeconfig"), "serve");
    assertThat(code).isEqualTo(2);
    assertThat(err())
        .contains("serve: 1 setting is missing or invalid:", "AKSBURST_KUBECONFIG=/nonexistent")
        .doesNotContain("AKSBURST_CLUSTER_ID is missing", "\tat ");
  }
}
