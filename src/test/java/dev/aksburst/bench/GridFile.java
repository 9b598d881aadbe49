package dev.aksburst.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code whatif-grid.json}, written by more than one section of the bench (the grid and the
 * learned-windows what-if): each merges its rows into the file, whichever runs first. A row is
 * known by (trace, priceBook, podShape, policy, history); a new row replaces the file's row of the
 * same key in place, the others are appended, and every other row of the file is kept.
 */
final class GridFile {
  static final String NAME = "whatif-grid.json";

  private GridFile() {}

  record Key(String trace, String priceBook, String podShape, String policy, String history) {
    static Key of(WhatIfGrid.Row r) {
      return new Key(r.trace(), r.priceBook(), r.podShape(), r.policy(), r.history());
    }
  }

  /** The file's rows (none if it does not exist yet) with {@code rows} merged in. */
  static List<WhatIfGrid.Row> merged(List<WhatIfGrid.Row> existing, List<WhatIfGrid.Row> rows) {
    Map<Key, WhatIfGrid.Row> out = new LinkedHashMap<>();
    for (WhatIfGrid.Row r : existing) {
      out.put(Key.of(r), r);
    }
    Map<Key, WhatIfGrid.Row> incoming = new LinkedHashMap<>();
    for (WhatIfGrid.Row r : rows) {
      if (incoming.put(Key.of(r), r) != null) {
        throw new IllegalArgumentException("two rows for " + Key.of(r));
      }
    }
    out.putAll(incoming);
    return new ArrayList<>(out.values());
  }

  /** Merges {@code rows} into {@code file} and returns everything the file now holds. */
  static List<WhatIfGrid.Row> merge(Path file, List<WhatIfGrid.Row> rows) throws IOException {
    List<WhatIfGrid.Row> existing =
        Files.exists(file) ? WhatIfGrid.readJson(file) : List.<WhatIfGrid.Row>of();
    List<WhatIfGrid.Row> all = merged(existing, rows);
    WhatIfGrid.writeJson(all, file);
    return all;
  }
}
