package dev.aksburst.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every HTTP function requires a key: no {@code @HttpTrigger} is ANONYMOUS. */
class HttpAuthTest {
  @Test
  void everyHttpTriggerRequiresAFunctionKey() throws IOException, URISyntaxException, Exception {
    Path root =
        Path.of(
            dev.aksburst.function.AlertFunction.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    List<String> triggers = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> c = Class.forName(name, false, getClass().getClassLoader());
        for (Method m : c.getDeclaredMethods()) {
          for (Parameter p : m.getParameters()) {
            HttpTrigger t = p.getAnnotation(HttpTrigger.class);
            if (t != null) {
              triggers.add(c.getSimpleName() + "." + m.getName());
              assertThat(t.authLevel())
                  .as(c.getName() + "." + m.getName() + " must require a key")
                  .isNotEqualTo(AuthorizationLevel.ANONYMOUS);
            }
          }
        }
      }
    }
    assertThat(triggers).contains("AlertFunction.run", "BurstFunction.run");
  }
}
