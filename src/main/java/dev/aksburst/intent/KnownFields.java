package dev.aksburst.intent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.contract.KnownNames;
import java.util.Collection;
import java.util.Iterator;

/** Refuses JSON fields aks-burst does not define, naming the one probably meant. */
public final class KnownFields {
  private KnownFields() {}

  /**
   * Refuses the first field of {@code object} not in {@code known}, as an {@link InvalidPayload}
   * naming it and the field it probably meant.
   *
   * @param prefix prepended to field names in the error (e.g. {@code data.})
   */
  public static void require(JsonNode object, Collection<String> known, String prefix) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new InvalidPayload(prefix + f, KnownNames.unknown(prefix + f, f, known, "field"));
      }
    }
  }
}
