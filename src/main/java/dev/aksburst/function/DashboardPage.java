package dev.aksburst.function;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard as one self-contained HTML document: the page, its script and style, and uPlot
 * (from the {@code org.webjars.npm:uplot} WebJar on the class path) inlined, so the browser loads
 * nothing but the status API and the page works with no network beyond the app.
 */
public final class DashboardPage {
  /** The WebJar's path of the uPlot build the page uses; the version is the pom's. */
  static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

  /**
   * The page may run inline script and style and talk to its own origin only: nothing from a CDN
   * could load even if a future edit tried.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
          + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

  private static final String TEMPLATE = resource("/dashboard/dashboard.html");
  private static final String BODY =
      TEMPLATE
          .replace("/*UPLOT_CSS*/", resource(UPLOT + "uPlot.min.css"))
          .replace("/*DASHBOARD_CSS*/", resource("/dashboard/dashboard.css"))
          .replace("/*UPLOT_JS*/", script(resource(UPLOT + "uPlot.iife.min.js")))
          .replace("/*DASHBOARD_JS*/", script(resource("/dashboard/dashboard.js")));

  private DashboardPage() {}

  /**
   * The page polling {@code statusPath} (an absolute path on this origin, e.g. {@code
   * /api/bursts}).
   */
  public static String html(String statusPath) {
    if (!statusPath.startsWith("/") || !statusPath.matches("[A-Za-z0-9/_.~-]+")) {
      throw new IllegalArgumentException(
          "the dashboard's status path must be an absolute path of plain characters, got \""
              + statusPath
              + "\"");
    }
    return BODY.replace("/*STATUS_URL*/", statusPath);
  }

  /**
   * The status API next to the dashboard: {@code /api/dashboard} → {@code /api/bursts} (whatever
   * the route prefix), and any other path (the local host's {@code /}) → {@code /api/bursts}.
   */
  public static String statusPathFor(String dashboardPath) {
    String p =
        dashboardPath.endsWith("/")
            ? dashboardPath.substring(0, dashboardPath.length() - 1)
            : dashboardPath;
    if (p.endsWith("/dashboard")) {
      return p.substring(0, p.length() - "dashboard".length()) + "bursts";
    }
    return "/api/bursts";
  }

  /** Inline script must not close its own element. */
  private static String script(String js) {
    return js.replace("</script", "<\\/script");
  }

  private static String resource(String path) {
    try (InputStream in = DashboardPage.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            path
                + " is missing from the class path: the package was built without the dashboard"
                + " resources or the uPlot WebJar; rebuild it with mvn package");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path, e);
    }
  }
}
