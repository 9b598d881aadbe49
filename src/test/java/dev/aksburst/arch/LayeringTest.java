package dev.aksburst.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package dependency rules. {@code model} and {@code plan} are the pure core: records and the
 * planner, nothing but the JDK. {@code contract} is the external contract (label and annotation
 * keys, their parsers, the state encoding), usable by every adapter. {@code reconcile} and {@code
 * intent} run the core against ports. {@code k8s}, {@code arm} and {@code sim} are adapters behind
 * those ports and know nothing of each other; {@code function} answers triggers through {@code
 * app}, the only package that sees every adapter.
 */
class LayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.aksburst");

  @Test
  void modelAndPlanUseOnlyTheJdkAndEachOther() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.aksburst.model..", "dev.aksburst.plan..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "dev.aksburst.model..",
            "dev.aksburst.plan..",
            "java.lang..",
            "java.util..",
            "java.time..",
            "java.math..")
        .because("the planner is a pure function: no SDK, Functions, I/O or clock")
        .check(CLASSES);
  }

  @Test
  void modelAndPlanNeverReadTheClock() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.aksburst.model..", "dev.aksburst.plan..")
        .should()
        .callMethod(java.time.Instant.class, "now")
        .because("time is an input of the planner")
        .check(CLASSES);
  }

  @Test
  void reconcileCoreDependsOnPortsNotAdapters() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.aksburst.reconcile..",
            "dev.aksburst.model..",
            "dev.aksburst.plan..",
            "dev.aksburst.intent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.aksburst.k8s..",
            "dev.aksburst.arm..",
            "dev.aksburst.prices..",
            "dev.aksburst.sim..",
            "dev.aksburst.local..",
            "dev.aksburst.app..",
            "dev.aksburst.function..",
            "io.fabric8..",
            "com.azure..",
            "com.microsoft.azure.functions..")
        .check(CLASSES);
  }

  @Test
  void adaptersDoNotDependOnEachOtherOrOnTheCompositionRoot() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.aksburst.k8s..",
            "dev.aksburst.arm..",
            "dev.aksburst.prices..",
            "dev.aksburst.sim..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.aksburst.app..", "dev.aksburst.function..", "dev.aksburst.local..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  @Test
  void thePriceClientIsAnAdapterOfItsOwn() {
    noClasses()
        .that()
        .resideInAPackage("dev.aksburst.prices..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.aksburst.k8s..",
            "dev.aksburst.arm..",
            "dev.aksburst.sim..",
            "io.fabric8..",
            "com.azure..")
        .because(
            "the Retail Prices API is unauthenticated JSON over the JDK HTTP client; the price"
                + " book sees pools and nodes through the model, never through another adapter")
        .check(CLASSES);
  }

  @Test
  void simulatorDoesNotDependOnTheRealAdapters() {
    noClasses()
        .that()
        .resideInAPackage("dev.aksburst.sim..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.aksburst.k8s..", "dev.aksburst.arm..", "io.fabric8..", "com.azure..")
        .because(
            "the simulator implements the same ports as the adapters and shares only the contract"
                + " (keys, parsers) and the pure core with them")
        .check(CLASSES);
  }

  @Test
  void functionsReachAdaptersOnlyThroughTheCompositionRoot() {
    noClasses()
        .that()
        .resideInAPackage("dev.aksburst.function..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.aksburst.k8s..",
            "dev.aksburst.arm..",
            "dev.aksburst.prices..",
            "dev.aksburst.sim..",
            "io.fabric8..",
            // the clients of ARM and their credentials; the Event Grid payload types stay allowed
            "com.azure.resourcemanager..",
            "com.azure.identity..")
        .because(
            "a function parses its trigger's payload, hands over to a use case in app and answers;"
                + " app builds the clients")
        .check(CLASSES);
  }

  @Test
  void contractDependsOnlyOnTheModelAndItsParsers() {
    noClasses()
        .that()
        .resideInAPackage("dev.aksburst.contract..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "dev.aksburst.contract..",
            "dev.aksburst.model..",
            "java..",
            // the JSON of aksburst.dev/state and aksburst.dev/windows, and their cron fields
            "com.fasterxml.jackson..",
            "com.cronutils..",
            // "did you mean ...?" for misspelt names
            "org.apache.commons.text..")
        .because(
            "the contract is keys and pure parsers every adapter and the simulator share: no"
                + " client, SDK, port or clock")
        .check(CLASSES);
  }

  @Test
  void contractNeverReadsTheClock() {
    noClasses()
        .that()
        .resideInAPackage("dev.aksburst.contract..")
        .should()
        .callMethod(java.time.Instant.class, "now")
        .because("parsing the same annotations gives the same result at any time")
        .check(CLASSES);
  }
}
