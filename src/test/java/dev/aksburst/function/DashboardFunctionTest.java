package dev.aksburst.function;

import static dev.aksburst.testing.FunctionMocks.context;
import static dev.aksburst.testing.FunctionMocks.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardFunctionTest {
  @Test
  void thePageIsOneSelfContainedDocumentPollingTheBurstsRouteNextToIt() {
    HttpResponseMessage res =
        new DashboardFunction()
            .run(request(HttpMethod.GET, "/api/dashboard", null, Map.of("code", "k")), context());

    assertThat(res.getStatusCode()).isEqualTo(200);
    assertThat(res.getHeader("Content-Type")).startsWith("text/html");
    assertThat(res.getHeader("Content-Security-Policy"))
        .contains("default-src 'none'")
        .contains("connect-src 'self'");
    assertThat(res.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
    String html = (String) res.getBody();
    assertThat(html)
        .contains("data-status-url=\"/api/bursts\"")
        .contains("uPlot") // the library itself, inlined from the WebJar
        .contains("window.aksBurstDashboard")
        .doesNotContain("/*UPLOT_JS*/")
        .doesNotContain("/*DASHBOARD_JS*/")
        .doesNotContainPattern("(src|href)=\"(https?:)?//");
  }

  @Test
  void theStatusRouteFollowsTheRoutePrefix() {
    assertThat(DashboardPage.statusPathFor("/api/dashboard")).isEqualTo("/api/bursts");
    assertThat(DashboardPage.statusPathFor("/burst/dashboard/")).isEqualTo("/burst/bursts");
    assertThat(DashboardPage.statusPathFor("/")).isEqualTo("/api/bursts");
  }

  @Test
  void aStatusPathThatCouldBreakOutOfTheAttributeIsRefused() {
    assertThatThrownBy(() -> DashboardPage.html("/api/bursts\" onload=\"x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status path");
  }
}
