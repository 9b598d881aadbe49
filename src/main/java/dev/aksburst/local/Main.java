package dev.aksburst.local;

import java.util.Arrays;
import java.util.List;

/**
 * {@code mvn -q compile exec:java}: the seed demo on the embedded simulator; {@code
 * -Dexec.args=serve}: the local host. {@code --verbose} shows the reconciler's plans and the
 * functions' logs.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    List<String> a = Arrays.asList(args);
    boolean verbose = a.contains("--verbose") || a.contains("-v");
    List<String> rest = a.stream().filter(s -> !s.equals("--verbose") && !s.equals("-v")).toList();
    String command = rest.isEmpty() ? "demo" : rest.get(0);
    LocalLogging.configure(verbose);
    switch (command) {
      case "demo" -> SeedDemo.run(System.out);
      case "serve" -> LocalHost.serveUntilStopped(System.getenv(), System.out);
      default -> {
        System.err.println(
            "unknown command \""
                + command
                + "\": use no argument (the seed demo), \"serve\" (the local host), and"
                + " optionally --verbose");
        System.exit(2);
      }
    }
  }
}
