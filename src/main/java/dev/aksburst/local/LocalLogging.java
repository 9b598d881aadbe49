package dev.aksburst.local;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * JUL for the command line: one line per record on stderr, {@code WARNING} and above by default
 * (the demo's story is on stdout), everything from {@code INFO} with {@code --verbose} (the plans
 * the reconciler logs, each applied action, each trigger's answer).
 */
final class LocalLogging {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private LocalLogging() {}

  /** Replaces the root logger's handlers with one compact console handler at the given level. */
  static void configure(boolean verbose) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Level level = verbose ? Level.INFO : Level.WARNING;
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(level);
    console.setFormatter(new OneLine());
    root.addHandler(console);
    root.setLevel(level);
    // SLF4J (used by the Azure SDK) has no provider here; its "no providers" notice is not ours.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
  }

  /** {@code 18:17:12.851 INFO Reconciler: message}, the stack trace after it when there is one. */
  static final class OneLine extends Formatter {
    @Override
    public String format(LogRecord r) {
      String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
      String shortName = logger.substring(logger.lastIndexOf('.') + 1);
      StringBuilder sb =
          new StringBuilder()
              .append(TIME.format(Instant.ofEpochMilli(r.getMillis())))
              .append(' ')
              .append(r.getLevel().getName())
              .append(' ')
              .append(shortName)
              .append(": ")
              .append(formatMessage(r))
              .append(System.lineSeparator());
      if (r.getThrown() != null) {
        StringWriter w = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(w));
        sb.append(w);
      }
      return sb.toString();
    }
  }
}
