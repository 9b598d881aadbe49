package dev.aksburst.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BurstRequestTest {
  @ParameterizedTest
  @CsvSource({"PT30M,1800", "30m,1800", "2h,7200", "1d,86400", "P7D,604800", "90s,90"})
  void durationsInBothNotations(String text, long seconds) {
    BurstRequest r =
        BurstRequest.parse(
            "{\"namespace\":\"a\",\"deployment\":\"b.c\",\"replicas\":3,\"duration\":\""
                + text
                + "\"}");
    assertThat(r.duration().getSeconds()).isEqualTo(seconds);
  }

  @ParameterizedTest
  @CsvSource({
    "'{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":3,\"duration\":\"30s\"}',duration",
    "'{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":3,\"duration\":\"soon\"}',duration",
    "'{\"namespace\":\"a\",\"deployment\":\"-b\",\"replicas\":3}',deployment",
    "'{\"namespace\":\"a.b\",\"deployment\":\"b\",\"replicas\":3}',namespace",
    "'{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":0}',replicas",
    "'{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":2.5}',replicas",
    "'{\"namespace\":\"a\",\"deployment\":\"b\"}',replicas",
    "'{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":3,\"dryRun\":\"yes\"}',dryRun",
    "'{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":3,\"id\":\"a b\"}',id",
    "'{\"deployment\":\"b\",\"replicas\":3}',namespace",
    "'[1]',body"
  })
  void invalidFieldsAreNamed(String body, String field) {
    assertThatThrownBy(() -> BurstRequest.parse(body))
        .isInstanceOf(InvalidPayload.class)
        .extracting(e -> ((InvalidPayload) e).field())
        .isEqualTo(field);
  }

  @Test
  void defaults() {
    BurstRequest r =
        BurstRequest.parse("{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":3}");
    assertThat(r.duration()).isEqualTo(BurstRequest.DEFAULT_DURATION);
    assertThat(r.dryRun()).isFalse();
    assertThat(r.requestId()).isEmpty();
  }
}
