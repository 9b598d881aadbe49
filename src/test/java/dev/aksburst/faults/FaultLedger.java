package dev.aksburst.faults;

import java.util.logging.Logger;

/** Prints one line of numbers per scenario run, for the fault matrix and the report. */
final class FaultLedger {
  private static final Logger LOG = Logger.getLogger(FaultLedger.class.getName());

  private FaultLedger() {}

  static void record(String scenario, FaultWorld w) {
    String line =
        String.format(
            "fault scenario \"%s\": %d invocations, %d restarts, %d intents acknowledged, %d lost,"
                + " %d floor violations, max replica writes/h %d, max pool writes/h %d",
            scenario,
            w.invocations(),
            w.restarts(),
            w.acknowledged().size(),
            w.lostIntents().size(),
            w.floorViolations(t -> true).size(),
            w.replicaWritesPerHour(),
            w.poolWritesPerHour());
    System.out.println(line);
    LOG.fine(line);
  }
}
