package dev.aksburst.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.intent.Json;
import java.time.Instant;

/**
 * The timer trigger's payload as the Functions host passes it to a {@code String} parameter: {@code
 * {"Schedule":{"AdjustForDST":true},"ScheduleStatus":{...},"IsPastDue":false}}.
 */
final class TimerPayload {
  private TimerPayload() {}

  /**
   * @param due the occurrence being fired
   * @param pastDue the host fires late (the local host's pacer fell behind the clock)
   */
  static String json(Instant due, boolean pastDue) {
    ObjectNode n = Json.object();
    n.putObject("Schedule").put("AdjustForDST", true);
    ObjectNode status = n.putObject("ScheduleStatus");
    status.put("Last", due.toString());
    status.put("Next", due.toString());
    status.put("LastUpdated", due.toString());
    n.put("IsPastDue", pastDue);
    return Json.write(n);
  }
}
