package dev.aksburst.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Starts {@link BenchChild} in a fresh JVM on the Functions package's class path. */
final class Child {
  private final Path target;
  private boolean jarred;

  Child(Path target) {
    this.target = target;
  }

  Path packageDir() {
    return target.resolve("azure-functions").resolve("aks-burst");
  }

  /** The package's jars (the app jar and lib/), then test-classes for BenchChild only. */
  String classpath() throws IOException {
    Path dir = packageDir();
    if (!Files.isDirectory(dir.resolve("lib"))) {
      throw new IllegalStateException(
          dir + " has no lib/: run the benchmarks through `mvn -Pbench verify`, which packages");
    }
    List<String> entries = new ArrayList<>();
    try (Stream<Path> top = Files.list(dir);
        Stream<Path> lib = Files.list(dir.resolve("lib"))) {
      top.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .forEach(p -> entries.add(p.toString()));
      lib.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .forEach(p -> entries.add(p.toString()));
    }
    entries.add(testClassesJar().toString());
    return String.join(File.pathSeparator, entries);
  }

  /**
   * The test classes as one jar (made once per run): an AppCDS archive accepts only jars on the
   * class path ("Cannot have non-empty directory in paths"), so every variant runs on jars alone.
   */
  private synchronized Path testClassesJar() throws IOException {
    Path jar = target.resolve("bench").resolve("bench-child.jar");
    if (jarred) {
      return jar;
    }
    Path classes = target.resolve("test-classes");
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    jarred = true;
    return jar;
  }

  ProcessBuilder command(List<String> jvmOptions, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add(BenchChild.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }
}
