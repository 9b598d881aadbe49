package dev.aksburst.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.intent.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, headless, driven through its DevTools protocol over the JDK's {@link
 * WebSocket}: one page, JavaScript evaluated in it, screenshots. {@link #close()} ends the browser
 * and every process it started and deletes its profile.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration CALL = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final List<String> stderr;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final WebSocket page;

  private HeadlessChromium(
      Process process, Path profile, List<String> stderr, String browserWs, String url)
      throws IOException, InterruptedException {
    this.process = process;
    this.profile = profile;
    this.stderr = stderr;
    URI devtools = URI.create(browserWs.replaceFirst("^ws://", "http://"));
    String base = "http://" + devtools.getAuthority();
    JsonNode target = pageTarget(base, url);
    this.page =
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create(target.path("webSocketDebuggerUrl").asText()), new Replies())
            .join();
  }

  /**
   * The Chromium this machine has: {@code AKSBURST_CHROMIUM}, else {@code chromium} or {@code
   * chromium-browser} on the usual paths.
   *
   * @throws IllegalStateException saying how to install it when there is none
   */
  public static Path executable() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("AKSBURST_CHROMIUM"))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .ifPresent(candidates::add);
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      candidates.add(Path.of("/usr/bin", name));
    }
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no Chromium found (looked at "
                        + candidates
                        + "): the dashboard's browser test needs one. Install Debian's with"
                        + " `apt-get install -y chromium` (.ci/run does so), or point"
                        + " AKSBURST_CHROMIUM at a Chromium or Chrome binary"));
  }

  /** Starts headless Chromium at {@code width}×{@code height} showing {@code url}. */
  public static HeadlessChromium open(String url, int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("aksburst-chromium-");
    List<String> cmd =
        List.of(
            executable().toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-crash-reporter",
            "--disable-breakpad",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--user-data-dir=" + profile,
            "--window-size=" + width + "," + height,
            url);
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    CompletableFuture<String> ws = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                  Matcher m = DEVTOOLS.matcher(line);
                  if (m.find()) {
                    ws.complete(m.group(1));
                  }
                }
              } catch (IOException e) {
                ws.completeExceptionally(e);
              }
              ws.completeExceptionally(new IOException("chromium exited: " + lines));
            },
            "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return new HeadlessChromium(
          p, profile, lines, ws.get(START.toSeconds(), TimeUnit.SECONDS), url);
    } catch (Exception e) {
      kill(p);
      deleteTree(profile);
      throw new IllegalStateException(
          "headless chromium did not start within " + START + ": " + e + "; its stderr: " + lines,
          e);
    }
  }

  private JsonNode pageTarget(String base, String url) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    JsonNode list = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/json/list")).build(),
              HttpResponse.BodyHandlers.ofString());
      list = Json.parse(res.body());
      for (JsonNode t : list) {
        if (t.path("type").asText().equals("page")) {
          return t;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("chromium opened no page for " + url + ": " + list);
  }

  /** The value of a JavaScript expression evaluated in the page (awaited if it is a promise). */
  public JsonNode evaluate(String expression) {
    ObjectNode params = Json.object();
    params.put("expression", expression);
    params.put("returnByValue", true);
    params.put("awaitPromise", true);
    JsonNode result = call("Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(
          "the page threw evaluating " + expression + ": " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Saves what the page shows now as a PNG at {@code file}. */
  public Path screenshot(Path file) throws IOException {
    ObjectNode params = Json.object();
    params.put("format", "png");
    params.put("captureBeyondViewport", true);
    JsonNode result = call("Page.captureScreenshot", params);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(result.path("data").asText()));
    return file;
  }

  /** One DevTools command and its result. */
  public JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    ObjectNode msg = Json.object();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", params);
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    calls.put(id, reply);
    page.sendText(Json.write(msg), true).join();
    try {
      JsonNode r = reply.get(CALL.toSeconds(), TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new IllegalStateException(method + " failed: " + r.path("error"));
      }
      return r.path("result");
    } catch (Exception e) {
      if (e instanceof IllegalStateException ise) {
        throw ise;
      }
      throw new IllegalStateException(
          method + " got no answer within " + CALL + "; chromium stderr: " + stderr, e);
    } finally {
      calls.remove(id);
    }
  }

  /** Collects a reply's frames and completes the call it answers; events are ignored. */
  private final class Replies implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonNode msg = Json.parse(partial.toString());
        partial.setLength(0);
        if (msg.has("id")) {
          CompletableFuture<JsonNode> call = calls.get(msg.path("id").asInt());
          if (call != null) {
            call.complete(msg);
          }
        }
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    try {
      page.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS).join();
    } catch (RuntimeException e) {
      page.abort();
    }
    kill(process);
    deleteTree(profile);
  }

  /** Ends chromium and every process it started (zygote, renderers, GPU and network services). */
  private static void kill(Process p) {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.add(p.toHandle());
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    for (ProcessHandle h : all) {
      if (h.isAlive()) {
        h.destroyForcibly();
        h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> h).join();
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the chromium profile " + dir, e);
    }
  }
}
