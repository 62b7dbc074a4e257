package io.entente.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The co-lending generator and balance oracle stay independent of the application they test: the
 * expected balances must come from arithmetic that shares no code with matching or posting, and the
 * oracle must not lean on how the generator makes its decisions, only on the events it emits.
 */
class ColendingIndependenceTest {
  static final String APPLICATION = "io.entente.app..";
  static final String GENERATOR = "io.entente.colending.generator..";
  static final String ORACLE = "io.entente.colending.oracle..";

  /**
   * What the oracle may read of the edges: the generated event and the day file record inside it,
   * with that record's value types. Nothing that decides anything.
   */
  static final List<String> ORACLE_INPUT_TYPES =
      List.of(
          "io.entente.colending.generator.GeneratedEvent",
          "io.entente.colending.dayfile.DayFileRecord",
          "io.entente.colending.dayfile.Amounts",
          "io.entente.colending.dayfile.Component",
          "io.entente.colending.dayfile.EventType",
          "io.entente.colending.dayfile.EventKey",
          "io.entente.colending.dayfile.Direction",
          "io.entente.colending.dayfile.Action");

  private static JavaClasses production;

  @BeforeAll
  static void importColending() {
    production =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.entente.colending", "io.entente.app");
  }

  static ArchRule noDependency(String[] subjects, String... forbidden) {
    return noClasses()
        .that()
        .resideInAnyPackage(subjects)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .because(
            "the generator and the oracle produce the expectations the application is tested"
                + " against, so they must not share its code");
  }

  static ArchRule oracleReadsOnlyGeneratedEvents(String oraclePackage) {
    DescribedPredicate<JavaClass> allowed =
        DescribedPredicate.describe(
            "the JDK, the oracle itself, or " + ORACLE_INPUT_TYPES,
            type ->
                type.getPackageName().startsWith("java.")
                    || type.isPrimitive()
                    || type.isArray()
                    || type.getPackageName().startsWith(oraclePackage.replace("..", ""))
                    || ORACLE_INPUT_TYPES.contains(type.getName()));
    return classes()
        .that()
        .resideInAPackage(oraclePackage)
        .should()
        .onlyDependOnClassesThat(allowed)
        .because(
            "the oracle recomputes balances from the generated events alone; reading the"
                + " generator's internals would let a generator bug agree with itself");
  }

  @Test
  void importsTheGeneratorAndTheOracle() {
    List<String> names = production.stream().map(JavaClass::getName).toList();
    assertThat(names).anyMatch(name -> name.startsWith("io.entente.colending.generator."));
    assertThat(names).anyMatch(name -> name.startsWith("io.entente.colending.oracle."));
  }

  @Test
  void generatorAndOracleDoNotDependOnTheApplication() {
    noDependency(new String[] {GENERATOR, ORACLE}, APPLICATION).check(production);
  }

  /**
   * The generator writes and the oracle reads day file records: if the day file package, or the
   * importer that maps its lines to the application's records, were reachable from them, they would
   * share the application's code through it.
   */
  @Test
  void theDayFilesTheyShareDoNotReachTheApplicationOrTheImporter() {
    noDependency(
            new String[] {GENERATOR, ORACLE, "io.entente.colending.dayfile.."},
            APPLICATION,
            "io.entente.colending.importing..")
        .check(production);
  }

  @Test
  void theGeneratorDoesNotDependOnTheOracle() {
    noDependency(new String[] {GENERATOR}, ORACLE).check(production);
  }

  @Test
  void theOracleReadsOnlyTheGeneratedEvents() {
    oracleReadsOnlyGeneratedEvents(ORACLE).check(production);
  }

  // The rules can fail: applied where a dependency does exist, they report it.

  @Test
  void theNoDependencyRuleReportsAnExistingDependency() {
    ArchRule generatorUsesDayFiles =
        noDependency(new String[] {GENERATOR}, "io.entente.colending.dayfile..");

    assertThatThrownBy(() -> generatorUsesDayFiles.check(production))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("DayFileWriter");
  }

  @Test
  void theOracleRuleReportsAClassReadingMoreThanEvents() {
    // The generator's file writer uses Commons CSV and the generator's internals.
    ArchRule generatorAsIfOracle = oracleReadsOnlyGeneratedEvents(GENERATOR);

    assertThatThrownBy(() -> generatorAsIfOracle.check(production))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("org.apache.commons.csv");
  }
}
