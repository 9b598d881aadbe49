package dev.aksburst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ProblemTest {
  @Test
  void anUnforeseenFailureIsA503ThatNamesIt() {
    Problem p = Problem.unavailable(new NullPointerException());
    assertThat(p.status()).as("action groups retry 503, never 500").isEqualTo(503);
    assertThat(p.detail()).startsWith("NullPointerException").doesNotContain("null;");
  }

  @Test
  void theWholeCauseChainIsNamedOnce() {
    var cause = new ConnectException("Connection refused");
    var e =
        new IllegalStateException(
            "list Node at https://10.0.0.1:443 failed",
            new UncheckedIOException("Connection refused", cause));
    assertThat(Problem.describe(e))
        .isEqualTo(
            "IllegalStateException: list Node at https://10.0.0.1:443 failed; caused by"
                + " UncheckedIOException: Connection refused");
  }
}
