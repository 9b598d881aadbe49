package dev.aksburst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bicep rejects a {@code for} loop whose collection depends on values known only once the
 * deployment runs (BCP178): a resource's or module's properties, outputs or keys, directly or
 * through variables. No compiler runs here, so this reads what it would: every loop's collection
 * expression, with variables expanded, must not touch {@code .properties}, {@code .outputs}, {@code
 * list*()} or {@code reference()}.
 */
class DeployTimeLoopsTest {
  private static final Pattern LOOP = Pattern.compile("\\[\\s*for\\s+[^\\n]*?\\s+in\\s+");
  private static final Pattern VAR = Pattern.compile("(?m)^var\\s+(\\w+)\\s*=\\s*");
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([^}]*)\\}");
  private static final Pattern DEPLOY_TIME =
      Pattern.compile("\\.properties\\b|\\.outputs\\b|\\blist\\w*\\(|\\breference\\(");

  /** The text of each top-level var's value (up to the next top-level declaration). */
  private static Map<String, String> vars(Bicep bicep) {
    Map<String, String> vars = new LinkedHashMap<>();
    Matcher m = VAR.matcher(bicep.code());
    List<int[]> starts = new ArrayList<>();
    while (m.find()) {
      starts.add(new int[] {m.start(), m.end()});
    }
    Matcher decl = Pattern.compile("(?m)^(var|param|resource|module|output|@|//)").matcher("");
    for (int[] s : starts) {
      Matcher name = VAR.matcher(bicep.code());
      name.find(s[0]);
      decl.reset(bicep.code());
      int end = bicep.code().length();
      if (decl.find(s[1])) {
        end = decl.start();
      }
      // Code with strings blanked, plus the interpolations inside those strings.
      StringBuilder value = new StringBuilder(bicep.code().substring(s[1], end));
      Matcher interpolation = INTERPOLATION.matcher(bicep.source().substring(s[1], end));
      while (interpolation.find()) {
        value.append(' ').append(interpolation.group(1));
      }
      vars.put(name.group(1), value.toString());
    }
    return vars;
  }

  /** Whether {@code expression} reads a deployment-time value, expanding variables. */
  static boolean deployTime(String expression, Map<String, String> vars, Set<String> seen) {
    if (DEPLOY_TIME.matcher(expression).find()) {
      return true;
    }
    for (Map.Entry<String, String> v : vars.entrySet()) {
      if (!seen.contains(v.getKey())
          && Pattern.compile("(?<![\\w.])" + v.getKey() + "\\b").matcher(expression).find()) {
        seen.add(v.getKey());
        if (deployTime(v.getValue(), vars, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The collection expression of the loop whose `in` ends at {@code from}: up to its ':'. */
  private static String collection(String code, int from) {
    int depth = 0;
    for (int i = from; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == ':' && depth == 0) {
        return code.substring(from, i);
      }
    }
    throw new IllegalStateException("a for loop without ':' at offset " + from);
  }

  @Test
  void noLoopRunsOverValuesKnownOnlyAtDeployment() throws IOException {
    List<String> offending = new ArrayList<>();
    for (Path file : BicepStructureTest.bicepFiles()) {
      Bicep bicep = Bicep.read(file);
      Map<String, String> vars = vars(bicep);
      Matcher loop = LOOP.matcher(bicep.code());
      while (loop.find()) {
        String collection = collection(bicep.code(), loop.end());
        if (deployTime(collection, vars, new LinkedHashSet<>())) {
          offending.add(file + ": for ... in " + collection.trim());
        }
      }
    }
    assertThat(offending).as("loops over deployment-time values (BCP178)").isEmpty();
  }

  @Test
  void theCheckSeesTheLoopTheAppSettingsOnceHad() {
    // The shape functionapp.bicep had: its settings hold the identity's client id.
    String template =
        "var hostSettings = {\n  id: 'ClientId=${identity.properties.clientId}'\n}\n"
            + "var plain = {\n  a: 'b'\n}\n"
            + "resource site 'x@1' = {\n  properties: {\n"
            + "    appSettings: [for s in items(union(hostSettings, plain)): {\n"
            + "      name: s.key\n    }]\n  }\n}\n";
    Bicep bicep =
        new Bicep(Path.of("example.bicep"), template, Bicep.blankCommentsAndStrings(template));
    Map<String, String> vars = vars(bicep);
    Matcher loop = LOOP.matcher(bicep.code());
    assertThat(loop.find()).isTrue();
    assertThat(deployTime(collection(bicep.code(), loop.end()), vars, new LinkedHashSet<>()))
        .isTrue();
    assertThat(deployTime("items(plain)", vars, new LinkedHashSet<>())).isFalse();
  }

  @Test
  void theAppSettingsAreOneConfigResourceCarryingBothSets() {
    Bicep functionApp = Bicep.read(Path.of("infra/modules/functionapp.bicep"));
    assertThat(functionApp.source())
        .containsPattern(
            "resource \\w+ 'Microsoft\\.Web/sites/config@[\\d-]+' = \\{\\s*parent: functionApp\\s*"
                + "name: 'appsettings'\\s*properties: union\\(hostSettings, aksBurstSettings\\)\\s*\\}");
    assertThat(functionApp.code()).doesNotContain("appSettings:");
  }
}
