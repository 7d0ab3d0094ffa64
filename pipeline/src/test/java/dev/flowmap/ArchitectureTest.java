package dev.flowmap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The math packages are synchronous and deterministic: they import nothing from Reactor,
 * Micrometer, Netty or the streaming packages, so the streaming side composes them and never
 * the other way round.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.flowmap");

  @Test
  void mathPackagesDoNotDependOnStreamingOrMetrics() {
    noClasses()
        .that().resideInAnyPackage("dev.flowmap.data..", "dev.flowmap.model..", "dev.flowmap.loss..",
            "dev.flowmap.optim..", "dev.flowmap.sample..", "dev.flowmap.eval..")
        .should().dependOnClassesThat().resideInAnyPackage("reactor..", "io.micrometer..",
            "io.netty..", "dev.flowmap.train..", "dev.flowmap.telemetry..", "dev.flowmap.serve..",
            "dev.flowmap.cli..")
        .check(CLASSES);
  }

  @Test
  void onlyTheCliDependsOnTheCli() {
    noClasses()
        .that().resideOutsideOfPackage("dev.flowmap.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.flowmap.cli..")
        .check(CLASSES);
  }
}
