package dev.aksburst.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough reading of a Bicep file for consistency tests (no Bicep compiler can be installed on
 * the build machines): comments and string literals are blanked out so braces, brackets and names
 * are found only where they are code; values of literals stay reachable through {@link #source}.
 * Public for the tests in the adapter packages that check roles against the calls they record.
 */
public record Bicep(Path file, String source, String code) {
  private static final Pattern PARAM =
      Pattern.compile("(?m)^param\\s+(\\w+)\\s+(\\w+)(\\s*=\\s*[^\\n]+)?$");
  private static final Pattern MODULE =
      Pattern.compile("(?m)^module\\s+(\\w+)\\s+'([^']+)'\\s*=\\s*(?:if\\s*\\([^\\n]*\\)\\s*)?\\{");
  private static final Pattern OUTPUT = Pattern.compile("(?m)^output\\s+(\\w+)\\s+\\w+\\s*=");
  private static final Pattern KEY = Pattern.compile("(?m)^\\s*'?([\\w.\\-]+)'?\\s*:");

  public Bicep {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(code, "code");
  }

  public static Bicep read(Path file) {
    try {
      String source = Files.readString(file);
      return new Bicep(file, source, blankCommentsAndStrings(source));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Bicep file " + file, e);
    }
  }

  /** A parameter declaration: name, type and whether it has a default value. */
  record Param(String name, String type, boolean hasDefault) {}

  /** A module use: symbolic name, path as written, and the parameter names it passes. */
  record ModuleUse(String name, String path, Set<String> params) {}

  Map<String, Param> params() {
    Map<String, Param> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(code);
    while (m.find()) {
      params.put(m.group(1), new Param(m.group(1), m.group(2), m.group(3) != null));
    }
    return params;
  }

  Set<String> outputs() {
    Set<String> outputs = new LinkedHashSet<>();
    Matcher m = OUTPUT.matcher(code);
    while (m.find()) {
      outputs.add(m.group(1));
    }
    return outputs;
  }

  List<ModuleUse> modules() {
    List<ModuleUse> modules = new ArrayList<>();
    Matcher m = MODULE.matcher(code);
    while (m.find()) {
      int open = m.end() - 1;
      String body = code.substring(open + 1, closing(open));
      Matcher params = Pattern.compile("(?m)^\\s*params\\s*:\\s*\\{").matcher(body);
      Set<String> names = new LinkedHashSet<>();
      if (params.find()) {
        int p = params.end() - 1;
        names.addAll(topLevelKeys(body.substring(p + 1, closing(body, p))));
      }
      modules.add(new ModuleUse(m.group(1), source.substring(m.start(2), m.end(2)), names));
    }
    return modules;
  }

  /** The string literals of the array assigned to {@code var name = [ ... ]}, in order. */
  public List<String> stringArrayVar(String name) {
    Matcher m =
        Pattern.compile("(?m)^var\\s+" + Pattern.quote(name) + "\\s*=\\s*\\[").matcher(code);
    if (!m.find()) {
      throw new IllegalStateException(
          file + " has no `var " + name + " = [...]`: the tests read that list from there");
    }
    int open = m.end() - 1;
    String literalBody = source.substring(open + 1, closing(open));
    List<String> values = new ArrayList<>();
    Matcher s = Pattern.compile("'([^'\\\\]*)'").matcher(literalBody);
    while (s.find()) {
      values.add(s.group(1));
    }
    return values;
  }

  /** The keys directly inside {@code var name = { ... }}. */
  Set<String> objectVarKeys(String name) {
    Matcher m =
        Pattern.compile("(?m)^var\\s+" + Pattern.quote(name) + "\\s*=\\s*\\{").matcher(code);
    if (!m.find()) {
      throw new IllegalStateException(
          file + " has no `var " + name + " = {...}`: the tests read the app settings from there");
    }
    int open = m.end() - 1;
    return topLevelKeys(source.substring(open + 1, closing(open)));
  }

  /**
   * How often {@code identifier} occurs as a whole word in code (comments and strings excluded).
   */
  int uses(String identifier) {
    Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(identifier) + "\\b").matcher(code);
    int n = 0;
    while (m.find()) {
      n++;
    }
    // Interpolations inside strings ('${name}') are code too.
    Matcher i =
        Pattern.compile("\\$\\{[^}]*(?<![\\w.])" + Pattern.quote(identifier) + "\\b")
            .matcher(source);
    while (i.find()) {
      n++;
    }
    return n;
  }

  private int closing(int open) {
    return closing(code, open);
  }

  private static int closing(String text, int open) {
    char o = text.charAt(open);
    char c = o == '{' ? '}' : o == '[' ? ']' : ')';
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == o) {
        depth++;
      } else if (ch == c && --depth == 0) {
        return i;
      }
    }
    throw new IllegalStateException("unbalanced '" + o + "' at offset " + open);
  }

  /** Keys at nesting depth 0 of an object body (nested objects and arrays skipped). */
  private static Set<String> topLevelKeys(String body) {
    Set<String> keys = new LinkedHashSet<>();
    String blanked = blankCommentsAndStrings(body);
    int depth = 0;
    int lineStart = 0;
    for (int i = 0; i <= blanked.length(); i++) {
      if (i == blanked.length() || blanked.charAt(i) == '\n') {
        if (depth == 0) {
          Matcher k = KEY.matcher(body.substring(lineStart, i));
          if (k.find()) {
            keys.add(k.group(1));
          }
        }
        for (int j = lineStart; j < i; j++) {
          char ch = blanked.charAt(j);
          if (ch == '{' || ch == '[' || ch == '(') {
            depth++;
          } else if (ch == '}' || ch == ']' || ch == ')') {
            depth--;
          }
        }
        lineStart = i + 1;
      }
    }
    return keys;
  }

  /**
   * Replaces the content of comments and of single-quoted strings by spaces (keeping offsets and
   * line breaks), so structure can be scanned without being fooled by literal text.
   */
  static String blankCommentsAndStrings(String s) {
    StringBuilder out = new StringBuilder(s);
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
        while (i < s.length() && s.charAt(i) != '\n') {
          out.setCharAt(i++, ' ');
        }
      } else if (ch == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        int stop = end < 0 ? s.length() : end + 2;
        for (; i < stop; i++) {
          if (s.charAt(i) != '\n') {
            out.setCharAt(i, ' ');
          }
        }
      } else if (ch == '\'') {
        i++;
        while (i < s.length() && s.charAt(i) != '\'') {
          if (s.charAt(i) == '\\' && i + 1 < s.length()) {
            out.setCharAt(i++, ' ');
          }
          if (s.charAt(i) != '\n') {
            out.setCharAt(i, ' ');
          }
          i++;
        }
        i++;
      } else {
        i++;
      }
    }
    return out.toString();
  }
}
