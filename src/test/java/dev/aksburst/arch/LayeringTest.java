package dev.aksburst.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the pure core pure and adapters from leaking inward (STYLE.md, "Shape"). */
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
        .resideInAnyPackage("dev.aksburst.k8s..", "dev.aksburst.arm..", "dev.aksburst.sim..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.aksburst.app..", "dev.aksburst.function..", "dev.aksburst.local..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }
}
