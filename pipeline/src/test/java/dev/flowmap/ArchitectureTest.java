package dev.flowmap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package floors, top to bottom: a package imports only packages on lower floors, never one
 * beside it or above it. The math packages are synchronous and deterministic: they import nothing
 * from Reactor, Micrometer or Netty, so the streaming side composes them and never the other way
 * round.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.flowmap.";

  /**
   * Every package, by floor from the top; packages on one floor do not import each other. Kafka
   * and serve share a floor: both reach the sample encoding in wire, and neither imports the other.
   */
  static final List<List<String>> FLOORS = List.of(
      List.of("cli"),
      List.of("experiment"),
      List.of("kafka", "serve"),
      List.of("telemetry", "wire"),
      List.of("train"),
      List.of("config"),
      List.of("eval", "sample", "optim", "loss"),
      List.of("model", "data"));

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.flowmap");

  @Test
  void eachPackageImportsOnlyPackagesOnLowerFloors() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true); // a floor's package may not exist yet
    for (List<String> floor : FLOORS) {
      for (String p : floor) {
        layers = layers.layer(p).definedBy(ROOT + p + "..");
      }
    }
    List<String> above = new ArrayList<>();
    for (List<String> floor : FLOORS) {
      for (String p : floor) {
        layers = above.isEmpty() ? layers.whereLayer(p).mayNotBeAccessedByAnyLayer()
            : layers.whereLayer(p).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
      }
      above.addAll(floor);
    }
    layers.check(CLASSES);
  }

  @Test
  void everyClassLivesInAPackageOnAFloor() {
    String[] named = FLOORS.stream().flatMap(List::stream).map(p -> ROOT + p + "..")
        .toArray(String[]::new);
    classes().should().resideInAnyPackage(named).check(CLASSES);
  }

  @Test
  void mathPackagesDoNotDependOnStreamingOrMetrics() {
    noClasses()
        .that().resideInAnyPackage("dev.flowmap.data..", "dev.flowmap.model..", "dev.flowmap.loss..",
            "dev.flowmap.optim..", "dev.flowmap.sample..", "dev.flowmap.eval..")
        .should().dependOnClassesThat().resideInAnyPackage("reactor..", "io.micrometer..",
            "io.netty..")
        .check(CLASSES);
  }
}
