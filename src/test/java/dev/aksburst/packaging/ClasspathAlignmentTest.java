package dev.aksburst.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.Version;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the Functions worker showed: SLF4J without a provider dropped every Azure SDK and fabric8
 * line, and Jackson modules of two minor versions sat side by side. Both are class-path facts.
 */
class ClasspathAlignmentTest {
  @Test
  void slf4jLinesOfTheAzureSdkAndFabric8ReachJavaUtilLogging() {
    List<LogRecord> seen = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            seen.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger azure = Logger.getLogger("com.azure.identity");
    Logger fabric8 = Logger.getLogger("io.fabric8.kubernetes.client");
    azure.addHandler(capture);
    fabric8.addHandler(capture);
    try {
      LoggerFactory.getLogger("com.azure.identity.ManagedIdentityCredential")
          .warn("ManagedIdentityCredential authentication unavailable");
      LoggerFactory.getLogger("io.fabric8.kubernetes.client.Config").warn("forbidden: User");
    } finally {
      azure.removeHandler(capture);
      fabric8.removeHandler(capture);
    }
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
        .isEqualTo("org.slf4j.jul.JDK14LoggerFactory");
    assertThat(seen)
        .extracting(LogRecord::getLoggerName, LogRecord::getLevel, LogRecord::getMessage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "com.azure.identity.ManagedIdentityCredential",
                Level.WARNING,
                "ManagedIdentityCredential authentication unavailable"),
            org.assertj.core.groups.Tuple.tuple(
                "io.fabric8.kubernetes.client.Config", Level.WARNING, "forbidden: User"));
  }

  @Test
  void everyJacksonModuleIsOfOneVersion() {
    List<Version> versions =
        List.of(
            com.fasterxml.jackson.core.json.PackageVersion.VERSION,
            com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION,
            com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION,
            com.fasterxml.jackson.datatype.jsr310.PackageVersion.VERSION);
    assertThat(versions)
        .extracting(v -> v.getMajorVersion() + "." + v.getMinorVersion() + "." + v.getPatchLevel())
        .containsOnly(
            versions.get(0).getMajorVersion()
                + "."
                + versions.get(0).getMinorVersion()
                + "."
                + versions.get(0).getPatchLevel())
        .first()
        .isEqualTo("2.21.4");
  }
}
