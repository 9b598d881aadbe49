package dev.aksburst.local;

import dev.aksburst.app.InvalidSettings;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimScenario;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mvn -q compile exec:java}: the seed demo on the embedded simulator; {@code
 * -Dexec.args=serve}: the local host; {@code -Dexec.args=--help}: the usage. {@code --verbose}
 * shows the reconciler's plans and the functions' logs (and the stack trace of a start-up error).
 * The local host reads its settings from the environment of this process only.
 */
public final class Main {
  /** What {@code --help} prints. */
  static final String USAGE =
      String.join(
          "\n",
          "usage: mvn -q compile exec:java [-Dexec.args=\"[command] [--setup NAME] [--verbose]\"]",
          "",
          "commands:",
          "  demo     (the default) the seed burst, end to end, on the embedded simulated AKS",
          "  serve    the Function app's routes on 127.0.0.1:$AKSBURST_PORT (default 7071), over",
          "           the embedded simulator unless AKSBURST_CLUSTER_ID or AKSBURST_KUBECONFIG is set",
          "  help     this text (also --help, -h)",
          "",
          "options:",
          "  --setup NAME    demo only: the seed's cluster as another setup: "
              + String.join(", ", SimSetups.names()),
          "                  (seed is the default; docs/setups.md says what each is)",
          "  --verbose, -v   log from INFO: the reconciler's plans and the functions' log lines",
          "                  (with serve: of every request and timer), and the stack trace of a",
          "                  start-up error",
          "",
          "settings: environment variables of this process (AKSBURST_*, AZURE_CLIENT_ID; e.g.",
          "  AKSBURST_SIM_SPEED=60 mvn -q compile exec:java -Dexec.args=serve). The local host does",
          "  not read local.settings.json; docs/settings.md lists every setting.");

  /** How the local host's settings are read, for its start-up errors. */
  static final String LOCAL_SOURCE =
      "the environment of this process (the local host reads no local.settings.json): e.g."
          + " export NAME=value, or NAME=value mvn -q compile exec:java -Dexec.args=serve";

  private Main() {}

  /** Every problem on its own line, then where to fix them. */
  static String describe(InvalidSettings e) {
    StringBuilder b =
        new StringBuilder("serve: ")
            .append(e.problems().size())
            .append(e.problems().size() == 1 ? " setting is" : " settings are")
            .append(" missing or invalid:\n");
    e.problems().forEach(p -> b.append("  - ").append(p).append('\n'));
    return b.append("Fix them in ").append(LOCAL_SOURCE).append(", and start again.").toString();
  }

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs a command; returns the process exit code: 0 done, 2 bad command line or settings. Start-up
   * errors go to {@code err} as one message, without a stack trace unless verbose.
   */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    List<String> a = Arrays.asList(args);
    boolean verbose = a.contains("--verbose") || a.contains("-v");
    List<String> rest =
        new ArrayList<>(a.stream().filter(s -> !s.equals("--verbose") && !s.equals("-v")).toList());
    Optional<String> setup = Optional.empty();
    int at = rest.indexOf("--setup");
    if (at >= 0) {
      if (at + 1 >= rest.size()) {
        err.println("--setup needs a name: " + String.join(", ", SimSetups.names()));
        return 2;
      }
      setup = Optional.of(rest.get(at + 1));
      rest.remove(at + 1);
      rest.remove(at);
    }
    String command = rest.isEmpty() ? "demo" : rest.get(0);
    if (rest.size() > 1) {
      err.println("unexpected argument \"" + rest.get(1) + "\" after " + command + "\n\n" + USAGE);
      return 2;
    }
    switch (command) {
      case "help", "--help", "-h" -> {
        out.println(USAGE);
        return 0;
      }
      case "demo" -> {
        SimScenario scenario;
        try {
          scenario = setup.map(SimSetups::of).orElseGet(SeedScenario::scenario);
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          return 2;
        }
        LocalLogging.configure(verbose);
        SeedDemo.run(out, (sim, floor) -> {}, scenario);
        return 0;
      }
      case "serve" -> {
        if (setup.isPresent()) {
          err.println("--setup is for the demo; serve reads its cluster from the environment");
          return 2;
        }
        LocalLogging.configure(verbose);
        try {
          LocalHost.serveUntilStopped(env, out);
          return 0;
        } catch (InvalidSettings e) {
          err.println(describe(e));
          if (verbose) {
            e.printStackTrace(err);
          }
          return 2;
        } catch (IllegalStateException | IllegalArgumentException e) {
          err.println(
              e.getMessage().startsWith("serve: ") ? e.getMessage() : "serve: " + e.getMessage());
          if (verbose) {
            e.printStackTrace(err);
          }
          return 2;
        }
      }
      default -> {
        err.println("unknown command \"" + command + "\"\n\n" + USAGE);
        return 2;
      }
    }
  }
}
