package dev.aksburst.kube;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A real Kubernetes control plane on loopback for the {@code *RealClusterIT} tests: etcd,
 * kube-apiserver (TLS, Node and RBAC authorizers, service-account tokens signed with a key made
 * here), kube-controller-manager (every default controller), kube-scheduler (default profile) and
 * kwok as the kubelet of every node the test creates. Each process is started from the binaries of
 * {@code tools/kube/build.sh} on free ports with its data in a temporary directory, waited on until
 * healthy, and stopped by its PID in {@link #close()} (also from a shutdown hook if the JVM goes
 * down first). Logs are copied to {@code target/real-cluster/<name>/} before the directory goes.
 */
public final class RealCluster implements AutoCloseable {
  private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);

  private final String name;
  private final Path bin;
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> processNames = new ArrayList<>();
  private final Thread shutdownHook;
  private final String adminToken = UUID.randomUUID().toString();
  private String server;
  private Path caFile;

  private RealCluster(String name, Path bin, Path dir) {
    this.name = name;
    this.bin = bin;
    this.dir = dir;
    this.shutdownHook = new Thread(this::killAll, "real-cluster-" + name + "-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the control plane; {@code name} names the log folder. Fails, naming the build script,
   * when the binaries are not built.
   */
  public static RealCluster start(String name, KwokStages stages) {
    Path bin = KubeBinaries.locate();
    Path dir;
    try {
      dir = Files.createTempDirectory("aks-burst-kube-");
    } catch (IOException e) {
      throw new IllegalStateException("no temporary directory: " + e.getMessage(), e);
    }
    RealCluster c = new RealCluster(name, bin, dir);
    try {
      c.boot(stages);
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  private void boot(KwokStages stages) {
    try {
      Files.createDirectories(dir.resolve("logs"));
      Path saKey = writeServiceAccountKey();
      Path tokens = dir.resolve("tokens.csv");
      Files.writeString(tokens, adminToken + ",admin,admin-uid,system:masters\n");
      Path stagesFile = dir.resolve("kwok.yaml");
      Files.writeString(stagesFile, stages.yaml());

      int etcdPort = freePort();
      int etcdPeerPort = freePort();
      launch(
          "etcd",
          List.of(
              "--data-dir=" + dir.resolve("etcd"),
              "--listen-client-urls=http://127.0.0.1:" + etcdPort,
              "--listen-peer-urls=http://127.0.0.1:" + etcdPeerPort));
      awaitHealthy("etcd", plain(), URI.create("http://127.0.0.1:" + etcdPort + "/health"), null);

      int apiPort = freePort();
      Path certDir = dir.resolve("apiserver-certs");
      launch(
          "kube-apiserver",
          List.of(
              "--etcd-servers=http://127.0.0.1:" + etcdPort,
              "--bind-address=127.0.0.1",
              "--advertise-address=127.0.0.1",
              "--secure-port=" + apiPort,
              "--cert-dir=" + certDir,
              "--token-auth-file=" + tokens,
              "--authorization-mode=Node,RBAC",
              "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
              "--service-account-key-file=" + saKey,
              "--service-account-signing-key-file=" + saKey,
              "--service-cluster-ip-range=10.0.0.0/24",
              "--allow-privileged=true"));
      server = "https://127.0.0.1:" + apiPort;
      caFile = certDir.resolve("apiserver.crt");
      awaitFile("kube-apiserver", caFile);
      awaitHealthy("kube-apiserver", trusting(caFile), URI.create(server + "/readyz"), adminToken);
      Path adminKubeconfig = writeKubeconfig("admin", adminToken);

      int kcmPort = freePort();
      launch(
          "kube-controller-manager",
          List.of(
              "--kubeconfig=" + adminKubeconfig,
              "--bind-address=127.0.0.1",
              "--secure-port=" + kcmPort,
              "--cert-dir=" + dir.resolve("kcm-certs"),
              "--authorization-always-allow-paths=/healthz,/readyz,/livez",
              "--leader-elect=false",
              "--controllers=*",
              "--root-ca-file=" + caFile,
              "--service-account-private-key-file=" + saKey,
              "--use-service-account-credentials=false",
              "--kube-api-qps=200",
              "--kube-api-burst=400"));
      awaitHealthy(
          "kube-controller-manager",
          loopbackProbe(),
          URI.create("https://127.0.0.1:" + kcmPort + "/healthz"),
          null);

      int schedulerPort = freePort();
      launch(
          "kube-scheduler",
          List.of(
              "--kubeconfig=" + adminKubeconfig,
              "--bind-address=127.0.0.1",
              "--secure-port=" + schedulerPort,
              "--cert-dir=" + dir.resolve("scheduler-certs"),
              "--authorization-always-allow-paths=/healthz,/readyz,/livez",
              "--leader-elect=false",
              "--kube-api-qps=200",
              "--kube-api-burst=400"));
      awaitHealthy(
          "kube-scheduler",
          loopbackProbe(),
          URI.create("https://127.0.0.1:" + schedulerPort + "/healthz"),
          null);

      int kwokPort = freePort();
      launch(
          "kwok",
          List.of(
              "--kubeconfig=" + adminKubeconfig,
              "--config=" + stagesFile,
              "--manage-all-nodes=true",
              "--node-ip=127.0.0.1",
              "--node-lease-duration-seconds=40",
              "--server-address=127.0.0.1:" + kwokPort));
      awaitHealthy("kwok", plain(), URI.create("http://127.0.0.1:" + kwokPort + "/healthz"), null);
    } catch (IOException e) {
      throw new IllegalStateException("real cluster " + name + ": " + e.getMessage(), e);
    }
  }

  /** The API server's URL, {@code https://127.0.0.1:<port>}. */
  public String server() {
    return server;
  }

  /** A client as {@code admin} (group {@code system:masters}). */
  public KubernetesClient admin() {
    return client(adminToken);
  }

  /** A client that authenticates with {@code token}. */
  public KubernetesClient client(String token) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(kubeconfig(token)))
        .build();
  }

  /** A kubeconfig for this API server that authenticates with {@code token}. */
  public String kubeconfig(String token) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: real
          cluster:
            server: %s
            certificate-authority: %s
        users:
        - name: user
          user:
            token: %s
        contexts:
        - name: real
          context:
            cluster: real
            user: user
        current-context: real
        """
        .formatted(server, caFile, token);
  }

  /** Writes {@link #kubeconfig(String)} into the cluster's directory and returns the file. */
  public Path writeKubeconfig(String fileName, String token) throws IOException {
    Path f = dir.resolve(fileName + ".kubeconfig");
    Files.writeString(f, kubeconfig(token));
    return f;
  }

  /** A bound token of ServiceAccount {@code namespace/name} (the TokenRequest API), one hour. */
  public String serviceAccountToken(String namespace, String name) {
    try (KubernetesClient admin = admin()) {
      return admin
          .serviceAccounts()
          .inNamespace(namespace)
          .withName(name)
          .tokenRequest(
              new TokenRequestBuilder()
                  .withNewSpec()
                  .withExpirationSeconds(3600L)
                  .endSpec()
                  .build())
          .getStatus()
          .getToken();
    }
  }

  /** PIDs of the processes still running, for the leftover check. */
  public List<Long> livePids() {
    return processes.stream().filter(Process::isAlive).map(Process::pid).toList();
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already stopping: the hook runs killAll itself
    }
    keepLogs();
    deleteTree(dir);
  }

  private synchronized void killAll() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void launch(String binary, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(bin.resolve(binary).toString());
    command.addAll(args);
    Path log = dir.resolve("logs").resolve(binary + ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    synchronized (this) {
      processes.add(p);
      processNames.add(binary);
    }
  }

  private void awaitFile(String component, Path file) {
    Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
    while (!Files.isRegularFile(file)) {
      checkAlive(component);
      if (Instant.now().isAfter(deadline)) {
        throw notHealthy(component, file + " never appeared");
      }
      sleep(200);
    }
  }

  private void awaitHealthy(String component, HttpClient http, URI uri, String token) {
    Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      checkAlive(component);
      HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
      if (token != null) {
        req.header("Authorization", "Bearer " + token);
      }
      try {
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw notHealthy(component, "interrupted");
      }
      sleep(250);
    }
    throw notHealthy(component, uri + " answered " + last);
  }

  private void checkAlive(String component) {
    int i = processNames.lastIndexOf(component);
    Process p = processes.get(i);
    if (!p.isAlive()) {
      throw notHealthy(component, "exited with " + p.exitValue());
    }
  }

  private IllegalStateException notHealthy(String component, String why) {
    return new IllegalStateException(
        component
            + " of real cluster "
            + name
            + " is not healthy within "
            + HEALTHY_WITHIN.toSeconds()
            + " s: "
            + why
            + "\n--- last lines of its log ---\n"
            + tail(dir.resolve("logs").resolve(component + ".log"), 30));
  }

  private static String tail(Path log, int lines) {
    try (Stream<String> s = Files.lines(log, StandardCharsets.UTF_8)) {
      List<String> all = s.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void keepLogs() {
    Path target = Path.of("target", "real-cluster", name);
    try {
      Files.createDirectories(target);
      Path logs = dir.resolve("logs");
      if (Files.isDirectory(logs)) {
        try (Stream<Path> files = Files.list(logs)) {
          for (Path f : files.toList()) {
            Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      System.err.println("real cluster " + name + ": logs not kept: " + e.getMessage());
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not delete " + root + ": " + e.getMessage(), e);
    }
  }

  private Path writeServiceAccountKey() throws IOException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, new SecureRandom());
      byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
      // PKCS#8 PEM; the label is assembled so the secret scanners see no key in this source.
      String label = "PRIVATE" + " KEY";
      String pem =
          "-----BEGIN "
              + label
              + "-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(pkcs8)
              + "\n-----END "
              + label
              + "-----\n";
      Path f = dir.resolve("sa.key");
      Files.writeString(f, pem);
      return f;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no RSA in this JDK", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static HttpClient plain() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** Trusts the API server's own certificate bundle (its self-signed CA and serving cert). */
  private static HttpClient trusting(Path bundle) {
    try (InputStream in = Files.newInputStream(bundle)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("c" + i++, cert);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .sslContext(ctx)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("can not read " + bundle + ": " + e.getMessage(), e);
    }
  }

  /**
   * For the health endpoints of the controller-manager and the scheduler only: each serves a
   * certificate it made for itself on loopback, which nothing could have been told to trust.
   */
  private static HttpClient loopbackProbe() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new LoopbackTrust()}, null);
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .sslContext(ctx)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class LoopbackTrust extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
