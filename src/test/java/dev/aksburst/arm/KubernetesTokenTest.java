package dev.aksburst.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class KubernetesTokenTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void cachesTheAksTokenAndRenewsItFiveMinutesBeforeExpiry() {
    List<String> scopes = new ArrayList<>();
    TokenCredential credential =
        request -> {
          scopes.addAll(request.getScopes());
          int n = scopes.size();
          return Mono.just(
              new AccessToken("t" + n, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC).plusHours(n)));
        };
    ArmClients clients =
        new ArmClients(
            ArmSettings.fromEnvironment(Map.of()),
            () -> credential,
            () -> {
              throw new AssertionError("no HTTP for tokens");
            },
            Duration.ZERO);
    MovableClock clock = new MovableClock();
    Supplier<String> token =
        new ArmClusterCredentials(clients, ClusterId.parse(FakeArm.CLUSTER_ID), clock)
            .kubernetesToken();

    assertThat(token.get()).isEqualTo("t1");
    clock.now = T0.plus(Duration.ofMinutes(54));
    assertThat(token.get()).isEqualTo("t1");
    clock.now = T0.plus(Duration.ofMinutes(56));
    assertThat(token.get()).isEqualTo("t2");
    assertThat(scopes).containsOnly(ArmClusterCredentials.AKS_SCOPE).hasSize(2);
  }

  @Test
  void nothingIsBuiltUntilFirstUse() {
    List<String> built = new ArrayList<>();
    Supplier<HttpClient> http =
        () -> {
          built.add("http");
          throw new AssertionError("not expected");
        };
    new ArmClients(
        ArmSettings.fromEnvironment(Map.of()),
        () -> {
          built.add("credential");
          return null;
        },
        http,
        Duration.ZERO);
    assertThat(built).isEmpty();
  }
}
