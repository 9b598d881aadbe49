package dev.aksburst.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The secret check CI runs ({@code .ci/check-secrets}) passes on this repository and fails on a
 * plant.
 */
class SecretCheckIT {
  private static final Path SCRIPT = Paths.get(".ci/check-secrets").toAbsolutePath();

  private record Run(int exit, String output) {}

  private static Run check(Path dir) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("bash", SCRIPT.toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("check finished").isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void theRepositoryHoldsNoSecret() throws Exception {
    Run run = check(Paths.get("").toAbsolutePath());
    assertThat(run.exit()).as(run.output()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DefaultEndpointsProtocol=https;AccountName=x;Account"
            + "Key=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=",
        "Endpoint=sb://x.servicebus.windows.net/;SharedAccess" + "Signature=sr=abc&sig=def",
        "-----BEGIN RSA PRIVATE" + " KEY-----",
        "{ \"code\": \"" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_==\" }",
        "client_" + "secret = \"hunter2hunter2\"",
        "curl -H 'x-functions-key: " + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789=='",
      })
  void aPlantedSecretFailsTheCheck(String planted, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("clean.txt"), "nothing to see\n");
    assertThat(check(dir).exit()).isZero();

    Files.writeString(dir.resolve("leak.properties"), "value=" + planted + "\n");
    Run run = check(dir);
    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("leak.properties").contains("placeholder");
  }
}
