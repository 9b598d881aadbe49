package dev.aksburst.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The benchmark harness ({@code mvn -B -ntp -Pbench verify}): runs every figure with its baseline,
 * prints a table, writes {@code target/bench/results.json}, {@code results.md} and one chart per
 * demand trace. {@code -Dbench.only=latency,coldstart,package,scale,whatif,grid,learn} runs a
 * subset.
 *
 * <p>Logging is set to WARNING in this JVM: the reconciler logs each plan at INFO, and printing
 * hundreds of them to a terminal would measure the terminal. The cold-start child keeps the default
 * INFO logging, as in production.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: BenchMain <maven target directory>");
    }
    Logger.getLogger("").setLevel(Level.WARNING);
    Path target = Path.of(args[0]).toAbsolutePath();
    Path out = target.resolve("bench");
    Files.createDirectories(out);
    Set<String> only =
        Set.of(
            System.getProperty("bench.only", "whatif,grid,learn,package,scale,latency,coldstart")
                .split(","));
    Child child = new Child(target);
    List<Figure> figures = new ArrayList<>();
    StringBuilder matrix = new StringBuilder();
    long start = System.nanoTime();
    if (only.contains("latency")) {
      figures.addAll(timed("reaction latency", () -> new LatencyBench(50, 250).run()));
    }
    if (only.contains("coldstart")) {
      figures.addAll(
          timed("cold start", () -> new ColdStartBench(child, 5).run(out.resolve("work"))));
    }
    if (only.contains("package")) {
      figures.addAll(timed("package size", () -> new PackageBench(child).run()));
    }
    if (only.contains("scale")) {
      figures.addAll(
          timed("reconcile at scale", () -> new ScaleBench(child, 5).run(out.resolve("work"))));
    }
    if (only.contains("whatif")) {
      figures.addAll(timed("policy what-if", () -> new PolicyBench().run(out, matrix)));
    }
    if (only.contains("grid")) {
      figures.addAll(timed("what-if grid", () -> WhatIfGrid.run(out, matrix)));
    }
    if (only.contains("learn")) {
      figures.addAll(timed("learned windows what-if", () -> new LearnBench().run(out, matrix)));
    }
    String table = Report.table(figures);
    String wall =
        String.format(
            Locale.ROOT,
            "benchmarks took %.1f s on %d CPUs; system load average at the end %.2f%n",
            (System.nanoTime() - start) / 1e9,
            Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println();
    System.out.println(table);
    if (matrix.length() > 0) {
      System.out.println(matrix);
    }
    System.out.print(wall);
    Report.writeJson(figures, out.resolve("results.json"));
    Files.writeString(
        out.resolve("results.md"), table + "\n" + matrix + "\n" + wall, StandardCharsets.UTF_8);
    System.out.println("wrote " + out.resolve("results.json") + " and the charts in " + out);
  }

  @FunctionalInterface
  interface Section {
    List<Figure> run() throws Exception;
  }

  private static List<Figure> timed(String name, Section s) throws Exception {
    long t0 = System.nanoTime();
    System.out.println("== " + name + " ...");
    List<Figure> f = s.run();
    System.out.printf(Locale.ROOT, "== %s done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    return f;
  }
}
