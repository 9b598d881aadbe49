package dev.aksburst.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints figures as a table and writes them as {@code results.json}. */
final class Report {
  private Report() {}

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a != 0 && a < 0.01) {
      return String.format(Locale.ROOT, "%.5f", v);
    }
    if (a < 10) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    if (a < 1000) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }

  /** A Markdown table: figure, value, baseline, ratio, goal and verdict. */
  static String table(List<Figure> figures) {
    StringBuilder b = new StringBuilder();
    b.append("| figure | value | baseline | ratio | goal |\n");
    b.append("|---|---:|---|---:|---|\n");
    for (Figure f : figures) {
      b.append("| ")
          .append(f.name())
          .append(" | ")
          .append(number(f.value()))
          .append(' ')
          .append(f.unit())
          .append(" | ")
          .append(number(f.baseline()))
          .append(' ')
          .append(f.unit())
          .append(" (")
          .append(f.baselineName())
          .append(") | ")
          .append(number(f.ratio()))
          .append(" | ")
          .append(
              f.goal().map(g -> g + (f.met().orElseThrow() ? ": met" : ": **missed**")).orElse(""))
          .append(" |\n");
    }
    return b.toString();
  }

  static void writeJson(List<Figure> figures, Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode out = mapper.createArrayNode();
    for (Figure f : figures) {
      ObjectNode o = out.addObject();
      o.put("name", f.name());
      o.put("value", f.value());
      o.put("unit", f.unit());
      o.put("baseline", f.baseline());
      o.put("baselineName", f.baselineName());
      if (Double.isNaN(f.ratio())) {
        o.putNull("ratio");
      } else {
        o.put("ratio", f.ratio());
      }
      f.goal().ifPresent(g -> o.put("goal", g));
      f.met().ifPresent(m -> o.put("met", m));
    }
    Files.createDirectories(file.getParent());
    mapper.writeValue(file.toFile(), out);
  }
}
